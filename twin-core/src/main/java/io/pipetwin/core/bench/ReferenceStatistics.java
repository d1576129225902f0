package io.pipetwin.core.bench;

import java.util.Locale;

/**
 * Statistics of one reference run. Stage arrays are indexed by {@link ReferenceStage#ordinal()}.
 * Quantiles are NaN under summary recording.
 *
 * @param horizonSeconds         completion time of the last pipeline, H
 * @param meanInterArrivalSeconds last arrival time divided by the number of pipelines
 * @param meanDurationSeconds    sample mean of each stage's duration
 * @param cpuUtilisation         sum of CPU task durations over (CPU slots · H)
 * @param gpuUtilisation         sum of GPU task durations over (GPUs · H)
 * @param meanWaitSeconds        mean wait per stage
 * @param waitPositiveShare      share of tasks with a positive wait per stage
 * @param cpuWaitPositiveShare   share of CPU tasks with a positive wait
 * @param trainWaitP99Seconds    nearest-rank 99th percentile of the train wait
 * @param meanQueueSeen          mean queue seen at submission per stage
 * @param cpuQueueTimeAverage    time-average number of waiting CPU tasks over [0, H]
 * @param gpuQueueTimeAverage    time-average number of waiting GPU tasks over [0, H]
 * @param cpuQueueMax            maximum number of waiting CPU tasks
 * @param gpuQueueMax            maximum number of waiting GPU tasks
 * @param sojournMeanSeconds     mean pipeline sojourn
 * @param sojournP99Seconds      nearest-rank 99th percentile of the pipeline sojourn
 */
public record ReferenceStatistics(double horizonSeconds, double meanInterArrivalSeconds, double[] meanDurationSeconds,
                                  double cpuUtilisation, double gpuUtilisation, double[] meanWaitSeconds,
                                  double[] waitPositiveShare, double cpuWaitPositiveShare, double trainWaitP99Seconds,
                                  double[] meanQueueSeen, double cpuQueueTimeAverage, double gpuQueueTimeAverage,
                                  int cpuQueueMax, int gpuQueueMax, double sojournMeanSeconds,
                                  double sojournP99Seconds) {

    /** Returns λ · mean train wait over the time-average GPU queue; 1 by Little's law, up to the drain. */
    public double gpuLittleRatio() {
        return meanWaitSeconds[ReferenceStage.TRAIN.ordinal()] / meanInterArrivalSeconds / gpuQueueTimeAverage;
    }

    /** Returns λ · sum of CPU stage mean waits over the time-average CPU queue. */
    public double cpuLittleRatio() {
        double waits = meanWaitSeconds[ReferenceStage.PREPROCESS.ordinal()]
                + meanWaitSeconds[ReferenceStage.EVALUATE.ordinal()] + meanWaitSeconds[ReferenceStage.DEPLOY.ordinal()];
        return waits / meanInterArrivalSeconds / cpuQueueTimeAverage;
    }

    /** Returns a multi-line human-readable summary. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "horizon H [s]                 %.1f%n", horizonSeconds));
        out.append(String.format(Locale.ROOT, "mean inter-arrival [s]        %.2f%n", meanInterArrivalSeconds));
        for (ReferenceStage stage : ReferenceStage.values()) {
            int i = stage.ordinal();
            out.append(String.format(Locale.ROOT, "%-10s mean duration %8.2f s (exact %.2f), mean wait %8.2f s, "
                            + "P(wait>0) %.4f, mean queue seen %.3f%n", stage.type().label(), meanDurationSeconds[i],
                    stage.meanSeconds(), meanWaitSeconds[i], waitPositiveShare[i], meanQueueSeen[i]));
        }
        out.append(String.format(Locale.ROOT, "utilisation CPU / GPU         %.4f / %.4f%n", cpuUtilisation,
                gpuUtilisation));
        out.append(String.format(Locale.ROOT, "CPU tasks P(wait>0)           %.4f%n", cpuWaitPositiveShare));
        out.append(String.format(Locale.ROOT, "train wait p99 [s]            %.1f%n", trainWaitP99Seconds));
        out.append(String.format(Locale.ROOT, "queue time-average CPU / GPU  %.4f / %.4f (max %d / %d)%n",
                cpuQueueTimeAverage, gpuQueueTimeAverage, cpuQueueMax, gpuQueueMax));
        out.append(String.format(Locale.ROOT, "Little ratio CPU / GPU        %.5f / %.5f%n", cpuLittleRatio(),
                gpuLittleRatio()));
        out.append(String.format(Locale.ROOT, "sojourn mean / p99 [s]        %.1f / %.1f%n", sojournMeanSeconds,
                sojournP99Seconds));
        return out.toString();
    }
}

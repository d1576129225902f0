package io.pipetwin.core.metrics;

import java.util.Map;

/**
 * Cost and benefit of retraining for one model over one run. Metric levels are integrated over the mean
 * drift trajectory (without observation noise) from the first deployment to the end of the run.
 *
 * @param modelId                    model asset id
 * @param versionsDeployed           deployments, the first one included
 * @param retrainingsScheduled       retraining pipelines submitted with trigger SCHEDULED
 * @param retrainingsMetricTriggered retraining pipelines submitted with trigger METRIC_TRIGGERED
 * @param retrainingsCompleted       retraining pipelines that finished within the run
 * @param retrainingsFailed          retraining pipelines that failed (a task failed with its node)
 * @param retrainingGpuHours         GPU-hours held by the tasks of retraining pipelines; a fractional GPU
 *                                   counts its share
 * @param retrainingQueueingHours    hours the tasks of retraining pipelines waited for resources, summed
 * @param retrainingLatencySeconds   mean time from submission to completion of a retraining pipeline, NaN
 *                                   when none completed
 * @param deployedSeconds            time from the first deployment to the end of the run
 * @param timeAveragedMetrics        mean of each metric over {@code deployedSeconds}
 * @param secondsBelowThreshold      time the watched metric's mean spent below the accounting threshold
 */
public record ModelAccount(String modelId, int versionsDeployed, int retrainingsScheduled,
                           int retrainingsMetricTriggered, int retrainingsCompleted, int retrainingsFailed,
                           double retrainingGpuHours,
                           double retrainingQueueingHours, double retrainingLatencySeconds,
                           double deployedSeconds, Map<String, Double> timeAveragedMetrics,
                           double secondsBelowThreshold) {

    /** Returns the share of the deployed time spent below the threshold, 0 for a model never deployed. */
    public double shareBelowThreshold() {
        return deployedSeconds > 0 ? secondsBelowThreshold / deployedSeconds : 0.0;
    }
}

package io.pipetwin.core.forecast;

import java.util.Map;

/**
 * Aggregated Monte Carlo forecast of one platform.
 *
 * @param startSeconds          event time of the snapshot, in epoch seconds
 * @param offsetsSeconds        offset of each horizon step after the start
 * @param quantileLevels        the quantile levels of every {@link SeriesForecast} here
 * @param queueLengthByTaskPool waiting tasks per task pool ({@code gpu}, {@code cpu}, {@code all})
 * @param waitingTimeByTaskPool mean waiting time in seconds of the tasks that start in each step, per task
 *                              pool
 * @param utilisationByNodePool allocated share of capacity per node pool (and {@code all}), then per
 *                              resource ({@code CPU}, {@code GPU}, {@code MEMORY})
 * @param capacityByNodePool    capacity per node pool, then per resource, in milli-cores, milli-GPUs and MiB
 * @param transferTimeByTaskPool mean input-transfer time in seconds of the tasks that start computing in each
 *                              step, per task pool; empty when the snapshot gives no storage bandwidths
 * @param utilisationByGpuModel allocated share of the GPUs of each GPU model
 * @param pipelines             completion forecast per pipeline of the snapshot, by pipeline id
 * @param models                quality and retraining forecast per deployed model, by model id
 */
public record ForecastResult(double startSeconds, double[] offsetsSeconds, double[] quantileLevels,
                             int replications,
                             Map<String, SeriesForecast> queueLengthByTaskPool,
                             Map<String, SeriesForecast> waitingTimeByTaskPool,
                             Map<String, Map<String, SeriesForecast>> utilisationByNodePool,
                             Map<String, Map<String, Double>> capacityByNodePool,
                             Map<String, SeriesForecast> transferTimeByTaskPool,
                             Map<String, SeriesForecast> utilisationByGpuModel,
                             Map<String, PipelineForecast> pipelines,
                             Map<String, ModelForecast> models) {

    /** Creates a result with the platform series only. */
    public ForecastResult(double startSeconds, double[] offsetsSeconds, double[] quantileLevels, int replications,
                          Map<String, SeriesForecast> queueLengthByTaskPool,
                          Map<String, SeriesForecast> waitingTimeByTaskPool,
                          Map<String, Map<String, SeriesForecast>> utilisationByNodePool,
                          Map<String, Map<String, Double>> capacityByNodePool) {
        this(startSeconds, offsetsSeconds, quantileLevels, replications, queueLengthByTaskPool, waitingTimeByTaskPool,
                utilisationByNodePool, capacityByNodePool, Map.of(), Map.of(), Map.of(), Map.of());
    }
}

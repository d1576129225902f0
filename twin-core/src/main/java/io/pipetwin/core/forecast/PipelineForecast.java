package io.pipetwin.core.forecast;

/**
 * Forecast completion of one pipeline of the snapshot: when its last task finishes, as an offset in
 * seconds after the snapshot's time.
 *
 * @param remainingTasks           tasks not finished in the snapshot
 * @param probabilityWithinHorizon share of replications in which the pipeline finished within the horizon
 * @param completionQuantilesSeconds quantiles over all replications at the forecast's levels; a quantile
 *                                 that falls on a replication where the pipeline did not finish is
 *                                 {@link Double#POSITIVE_INFINITY} (beyond the horizon)
 * @param meanCompletionSeconds    mean over the replications in which it finished; NaN when none did
 */
public record PipelineForecast(String pipelineId, int remainingTasks, double probabilityWithinHorizon,
                               double[] completionQuantilesSeconds, double meanCompletionSeconds) {

    /** Returns true when the pipeline finished within the horizon in every replication. */
    public boolean finishesWithinHorizon() {
        return probabilityWithinHorizon >= 1.0;
    }
}

package io.pipetwin.core.forecast;

import java.util.Map;

/**
 * Forecast quality of one deployed model over the horizon and its next retraining, under the snapshot's
 * retraining policy. The metric trajectories are those of the deployed version: a retraining inside the
 * horizon does not reset them.
 *
 * @param metrics                            per metric name, the drifting value at each step (observation
 *                                           noise included); {@code now} is the snapshot's value
 * @param retrainingPolicy                   specification of the retraining policy used
 * @param probabilityRetrainingWithinHorizon share of replications with a retraining within the horizon
 * @param nextRetrainingQuantilesSeconds     quantiles of the time of the next retraining after the snapshot,
 *                                           at the forecast's levels; {@link Double#POSITIVE_INFINITY} where a
 *                                           quantile falls on replications without one
 */
public record ModelForecast(String modelId, Map<String, SeriesForecast> metrics, String retrainingPolicy,
                            double probabilityRetrainingWithinHorizon, double[] nextRetrainingQuantilesSeconds) {
}

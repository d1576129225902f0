package io.pipetwin.core.forecast;

/**
 * How far and how often a forecast looks ahead.
 *
 * @param horizonSeconds length of the forecast horizon
 * @param stepSeconds    spacing of the horizon points; the first point is one step after the start
 * @param replications   Monte Carlo replications
 * @param seed           seed of the replications' random streams; the same seed and snapshot give the
 *                       same result
 * @param quantiles      quantile levels to report, ascending, each in (0, 1)
 */
public record ForecastConfig(double horizonSeconds, double stepSeconds, int replications, long seed,
                             double[] quantiles) {
}

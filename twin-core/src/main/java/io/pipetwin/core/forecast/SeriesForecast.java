package io.pipetwin.core.forecast;

/**
 * Forecast distribution of one quantity at each horizon step.
 *
 * @param now       value in the snapshot the forecast starts from
 * @param mean      mean over replications, per step
 * @param quantiles quantile values, indexed {@code [level][step]} in the order of
 *                  {@link ForecastConfig#quantiles()}
 */
public record SeriesForecast(double now, double[] mean, double[][] quantiles) {
}

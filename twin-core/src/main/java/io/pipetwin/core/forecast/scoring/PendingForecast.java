package io.pipetwin.core.forecast.scoring;

/**
 * One forecast held by {@link PendingForecasts}, as a copy for storing and restoring it. Every array has one
 * value per horizon step.
 *
 * @param startSeconds   event time the forecast was made at, in epoch seconds
 * @param offsetsSeconds offset of each step after the start
 * @param valueAtStart   the series' value at the start: the persistence forecast
 * @param p10            forecast 10 % quantile per step
 * @param p50            forecast median per step
 * @param p90            forecast 90 % quantile per step
 * @param actuals        realised value per step, NaN where not yet realised
 */
public record PendingForecast(double startSeconds, double[] offsetsSeconds, double valueAtStart, double[] p10,
                              double[] p50, double[] p90, double[] actuals) {

    public PendingForecast {
        int steps = offsetsSeconds.length;
        if (steps == 0 || p10.length != steps || p50.length != steps || p90.length != steps
                || actuals.length != steps) {
            throw new IllegalArgumentException("a pending forecast needs at least one step and the same number of"
                    + " values in offsets, p10, p50, p90 and actuals; got " + steps + ", " + p10.length + ", "
                    + p50.length + ", " + p90.length + " and " + actuals.length);
        }
    }
}

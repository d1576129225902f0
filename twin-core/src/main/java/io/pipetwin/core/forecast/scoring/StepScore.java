package io.pipetwin.core.forecast.scoring;

/**
 * Accuracy of one horizon step of one forecast against the realised value, and of the persistence forecast
 * (the value at the forecast's start held flat) at the same step.
 *
 * @param step                       horizon step, from 0
 * @param offsetSeconds              offset of the step after the forecast's start
 * @param actual                     realised value at the step's time
 * @param median                     forecast median (p50)
 * @param absoluteError              {@code |actual − median|}
 * @param percentageError            {@code 100 · |actual − median| / |actual|}; NaN when the actual is 0
 * @param insideInterval             true when {@code p10 ≤ actual ≤ p90}
 * @param persistenceAbsoluteError   {@code |actual − valueAtStart|}
 * @param persistencePercentageError {@code 100 · |actual − valueAtStart| / |actual|}; NaN when the actual is 0
 */
public record StepScore(int step, double offsetSeconds, double actual, double median, double absoluteError,
                        double percentageError, boolean insideInterval, double persistenceAbsoluteError,
                        double persistencePercentageError) {
}

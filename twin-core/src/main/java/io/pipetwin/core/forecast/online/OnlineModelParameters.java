package io.pipetwin.core.forecast.online;

import java.util.Map;

/**
 * The fitted state of an {@link OnlineWorkloadModel}.
 *
 * @param ratesPerHour       estimated arrivals per hour for each hour of the week (hour 0: Monday 00:00 UTC),
 *                           prior included
 * @param weightedArrivals   arrivals per hour of the week, discounted by age
 * @param exposureHours      observed hours per hour of the week, discounted by age
 * @param arrivalsObserved   arrivals observed in total
 * @param durations          fit per task class
 * @param recentArrivals     arrivals in the resource-demand mix
 * @param clockSeconds       latest event time seen, in epoch seconds; NaN before the first event
 */
public record OnlineModelParameters(double[] ratesPerHour, double[] weightedArrivals, double[] exposureHours,
                                    long arrivalsObserved, Map<String, DurationFit> durations, int recentArrivals,
                                    double clockSeconds) {
}

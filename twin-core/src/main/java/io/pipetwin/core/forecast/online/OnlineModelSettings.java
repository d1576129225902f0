package io.pipetwin.core.forecast.online;

/**
 * Settings of an {@link OnlineWorkloadModel}.
 *
 * @param rateHalfLifeHours    age in hours at which an observed arrival and an hour of exposure count half
 *                             in the hour-of-week rates
 * @param priorWeightHours     hours of exposure the prior rate of each hour of the week is worth
 * @param reservoirSize        durations kept per task class (uniform sample of all observed)
 * @param recentArrivals       arrivals kept for the resource-demand mix
 * @param seed                 seed of the reservoir's random choices; the same events and seed give the
 *                             same model
 */
public record OnlineModelSettings(double rateHalfLifeHours, double priorWeightHours, int reservoirSize,
                                  int recentArrivals, long seed) {

    /**
     * Two weeks of half-life (assumption: enough to average two samples of each hour of the week while
     * following a trend within a month), a prior worth 2 hours, 5000 durations per class (the number a
     * forecast reads), 500 recent arrivals.
     */
    public static final OnlineModelSettings DEFAULTS = new OnlineModelSettings(14 * 24.0, 2.0, 5000, 500, 1L);

    public OnlineModelSettings {
        if (!(rateHalfLifeHours > 0)) {
            throw new IllegalArgumentException("rateHalfLifeHours " + rateHalfLifeHours
                    + " is invalid; use a value > 0, for example 336 (two weeks)");
        }
        if (!(priorWeightHours >= 0) || Double.isInfinite(priorWeightHours)) {
            throw new IllegalArgumentException("priorWeightHours " + priorWeightHours
                    + " is invalid; use a finite value >= 0");
        }
        if (reservoirSize < 1 || recentArrivals < 1) {
            throw new IllegalArgumentException("reservoirSize " + reservoirSize + " and recentArrivals "
                    + recentArrivals + " must both be at least 1");
        }
    }
}

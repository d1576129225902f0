package io.pipetwin.core.workload;

import java.util.random.RandomGenerator;

/**
 * Pipeline arrival times: a bursty renewal process in operational time, mapped onto real time by the
 * hour-of-week rate profile.
 *
 * <p><b>Operational time.</b> With rate r(t) from the profile, operational time is the cumulative rate
 * {@code L(t) = integral of r over [0, t]}. A process with mean gap 1 in operational time becomes, after
 * mapping each point u to {@code L^-1(u)}, a process with rate r(t) in real time. With a piecewise-constant
 * profile L is piecewise linear, so the inverse is exact (no thinning needed).
 *
 * <p><b>Bursts.</b> In operational time the gaps are independent: with probability {@code q = 1 - 1/m} the
 * next arrival continues the current burst after an exponential gap of mean s, otherwise a new burst
 * starts after an exponential gap of mean {@code b = m (1 - q s)}. Burst sizes are then geometric with
 * mean m, the mean gap is {@code q s + (1 - q) b = 1}, and the gap distribution is hyperexponential with
 * {@code CV^2 = 2 (q s^2 + (1 - q) b^2) - 1}, about {@code 2m - 1} for small s. The hour-of-week
 * modulation raises the CV of real-time gaps further.
 */
public final class ArrivalProcess {

    private static final double SECONDS_PER_HOUR = 3600.0;
    private static final double SECONDS_PER_WEEK = WorkloadProfile.HOURS_PER_WEEK * SECONDS_PER_HOUR;

    private final double[] ratesPerHour;
    private final double[] cumulativeAtHourStart;
    private final double arrivalsPerWeek;
    private final double continueBurstProbability;
    private final double withinBurstMeanGap;
    private final double betweenBurstMeanGap;
    private final RandomGenerator random;

    private double operationalTime;

    public ArrivalProcess(WorkloadProfile.ArrivalProfile profile, RandomGenerator random) {
        this.ratesPerHour = profile.hourOfWeekRatesPerHour().clone();
        this.cumulativeAtHourStart = new double[ratesPerHour.length + 1];
        for (int hour = 0; hour < ratesPerHour.length; hour++) {
            cumulativeAtHourStart[hour + 1] = cumulativeAtHourStart[hour] + ratesPerHour[hour];
        }
        this.arrivalsPerWeek = cumulativeAtHourStart[ratesPerHour.length];
        if (!(arrivalsPerWeek > 0)) {
            throw new IllegalArgumentException("hour-of-week rates sum to " + arrivalsPerWeek
                    + " per week; at least one hour needs a rate > 0");
        }

        double meanBurstSize = profile.burst() == null ? 1.0 : profile.burst().meanBurstSize();
        double gapShare = profile.burst() == null ? 0.0 : profile.burst().withinBurstGapShare();
        this.continueBurstProbability = 1.0 - 1.0 / meanBurstSize;
        this.withinBurstMeanGap = gapShare;
        this.betweenBurstMeanGap = meanBurstSize * (1.0 - continueBurstProbability * gapShare);
        this.random = random;
    }

    /** Returns the coefficient of variation of the gaps in operational time for burst size m and gap share s. */
    public static double operationalGapCv(double meanBurstSize, double withinBurstGapShare) {
        double q = 1.0 - 1.0 / meanBurstSize;
        double s = withinBurstGapShare;
        double b = meanBurstSize * (1.0 - q * s);
        return Math.sqrt(2.0 * (q * s * s + (1.0 - q) * b * b) - 1.0);
    }

    /** Draws the next arrival and returns its simulation time in seconds; times never decrease. */
    public double nextArrivalSeconds() {
        double meanGap = random.nextDouble() < continueBurstProbability ? withinBurstMeanGap : betweenBurstMeanGap;
        operationalTime += meanGap > 0 ? -meanGap * Math.log(1.0 - random.nextDouble()) : 0.0;
        return toRealSeconds(operationalTime);
    }

    /** Maps an operational time to simulation seconds by inverting the piecewise-linear cumulative rate. */
    double toRealSeconds(double operational) {
        double weeks = Math.floor(operational / arrivalsPerWeek);
        double remainder = operational - weeks * arrivalsPerWeek;

        int low = 0;
        int high = ratesPerHour.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (cumulativeAtHourStart[middle] <= remainder) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        int hour = low;
        while (ratesPerHour[hour] == 0 && hour < ratesPerHour.length - 1) {
            hour++;
        }
        double withinHourSeconds = ratesPerHour[hour] > 0
                ? (remainder - cumulativeAtHourStart[hour]) / ratesPerHour[hour] * SECONDS_PER_HOUR : 0.0;
        withinHourSeconds = Math.max(0.0, Math.min(SECONDS_PER_HOUR, withinHourSeconds));
        return weeks * SECONDS_PER_WEEK + hour * SECONDS_PER_HOUR + withinHourSeconds;
    }
}

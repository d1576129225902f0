package io.pipetwin.core.calibration;

/**
 * Maps real time to operational time and back for an hour-of-week rate profile: operational time is the
 * expected number of arrivals since time 0, {@code L(t) = integral of r over [0, t]}, with time 0 being
 * Monday 00:00. The profile is piecewise constant, so L is piecewise linear and both directions are exact.
 * Hours with rate 0 are skipped by the inverse, so no arrival falls into them.
 */
public final class OperationalClock {

    static final double SECONDS_PER_HOUR = 3600.0;
    static final int HOURS_PER_WEEK = 168;

    private final double[] ratesPerHour;
    private final double[] cumulative;
    private final double perWeek;

    public OperationalClock(double[] hourOfWeekRatesPerHour) {
        if (hourOfWeekRatesPerHour.length != HOURS_PER_WEEK) {
            throw new IllegalArgumentException("need 168 hour-of-week rates, got " + hourOfWeekRatesPerHour.length);
        }
        this.ratesPerHour = hourOfWeekRatesPerHour.clone();
        this.cumulative = new double[HOURS_PER_WEEK + 1];
        for (int hour = 0; hour < HOURS_PER_WEEK; hour++) {
            cumulative[hour + 1] = cumulative[hour] + ratesPerHour[hour];
        }
        this.perWeek = cumulative[HOURS_PER_WEEK];
        if (!(perWeek > 0)) {
            throw new IllegalArgumentException("hour-of-week rates sum to " + perWeek + "; at least one must be > 0");
        }
    }

    /** Returns L(t) for real time {@code seconds}. */
    public double operational(double seconds) {
        double weeks = Math.floor(seconds / (HOURS_PER_WEEK * SECONDS_PER_HOUR));
        double within = seconds - weeks * HOURS_PER_WEEK * SECONDS_PER_HOUR;
        int hour = Math.min((int) (within / SECONDS_PER_HOUR), HOURS_PER_WEEK - 1);
        double intoHour = within - hour * SECONDS_PER_HOUR;
        return weeks * perWeek + cumulative[hour] + ratesPerHour[hour] * intoHour / SECONDS_PER_HOUR;
    }

    /** Returns the real time t with L(t) = {@code operational}, the earliest one after a zero-rate stretch. */
    public double real(double operational) {
        double weeks = Math.floor(operational / perWeek);
        double remainder = operational - weeks * perWeek;
        int low = 0;
        int high = HOURS_PER_WEEK - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (cumulative[middle] <= remainder) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        int hour = low;
        while (ratesPerHour[hour] == 0 && hour < HOURS_PER_WEEK - 1) {
            hour++;
        }
        double intoHour = ratesPerHour[hour] > 0
                ? (remainder - cumulative[hour]) / ratesPerHour[hour] * SECONDS_PER_HOUR : 0;
        intoHour = Math.max(0, Math.min(SECONDS_PER_HOUR, intoHour));
        return weeks * HOURS_PER_WEEK * SECONDS_PER_HOUR + hour * SECONDS_PER_HOUR + intoHour;
    }
}

package io.pipetwin.core.forecast;

import java.util.Arrays;

/**
 * Arrival rate that repeats every week, constant within each hour of the week. Hour 0 is Monday
 * 00:00–01:00 UTC, the convention of the workload profiles' hour-of-week rates.
 *
 * @param ratesPerHour arrivals per hour for each of the 168 hours of the week
 */
public record HourOfWeekArrivalModel(double[] ratesPerHour) implements ArrivalModel {

    public static final int HOURS_PER_WEEK = 168;
    /** 1970-01-05, the first Monday after the epoch (a Thursday), in epoch seconds. */
    static final double FIRST_MONDAY_EPOCH_SECONDS = 4 * 86_400.0;

    public HourOfWeekArrivalModel {
        if (ratesPerHour == null || ratesPerHour.length != HOURS_PER_WEEK) {
            throw new IllegalArgumentException("hour-of-week rates need " + HOURS_PER_WEEK + " values, got "
                    + (ratesPerHour == null ? "none" : ratesPerHour.length));
        }
        for (int hour = 0; hour < HOURS_PER_WEEK; hour++) {
            if (!(ratesPerHour[hour] >= 0) || Double.isInfinite(ratesPerHour[hour])) {
                throw new IllegalArgumentException("hour-of-week rate " + ratesPerHour[hour] + " at hour " + hour
                        + " is invalid; use a finite value >= 0 per hour");
            }
        }
        ratesPerHour = ratesPerHour.clone();
    }

    /** Returns the hour of the week of {@code epochSeconds}, 0 (Monday 00:00 UTC) to 167. */
    public static int hourOfWeek(double epochSeconds) {
        long hours = (long) Math.floor((epochSeconds - FIRST_MONDAY_EPOCH_SECONDS) / 3600.0);
        return (int) Math.floorMod(hours, (long) HOURS_PER_WEEK);
    }

    @Override
    public double[] ratesPerHour() {
        return ratesPerHour.clone();
    }

    @Override
    public double ratePerSecondAt(double epochSeconds) {
        return ratesPerHour[hourOfWeek(epochSeconds)] / 3600.0;
    }

    @Override
    public double maxRatePerSecond(double fromEpochSeconds, double toEpochSeconds) {
        if (toEpochSeconds - fromEpochSeconds >= HOURS_PER_WEEK * 3600.0) {
            return Arrays.stream(ratesPerHour).max().orElse(0) / 3600.0;
        }
        double max = 0;
        double hourStart = Math.floor(fromEpochSeconds / 3600.0) * 3600.0;
        for (double t = hourStart; t < toEpochSeconds || t == hourStart; t += 3600.0) {
            max = Math.max(max, ratesPerHour[hourOfWeek(t)]);
        }
        return max / 3600.0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HourOfWeekArrivalModel that && Arrays.equals(ratesPerHour, that.ratesPerHour);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ratesPerHour);
    }

    @Override
    public String toString() {
        return "HourOfWeekArrivalModel" + Arrays.toString(ratesPerHour);
    }
}

package io.pipetwin.core.forecast.online;

import io.pipetwin.core.forecast.HourOfWeekArrivalModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Arrival rate per hour of the week with exponential forgetting. Each hour of the week h keeps a discounted
 * count of arrivals c_h and a discounted exposure e_h (hours observed), both multiplied by
 * {@code 2^(−age / halfLife)}. The estimate shrinks toward a prior rate p_h worth w hours of exposure:
 * {@code rate_h = (c_h + w·p_h) / (e_h + w)}. Without a prior, p_h is the discounted overall rate
 * {@code Σc / Σe}.
 *
 * <p>Discounting is lazy: each hour of the week stores the time of its last update and is decayed when touched,
 * so an arrival costs O(1). Advancing the clock adds exposure hour by hour: O(1) per elapsed hour, whatever
 * the number of events.
 */
final class HourOfWeekRateEstimator {

    private static final int HOURS = HourOfWeekArrivalModel.HOURS_PER_WEEK;

    private final double decayPerSecond;
    private final double priorWeightHours;
    private final double[] priorRatesPerHour;
    private final double[] counts = new double[HOURS];
    private final double[] exposureHours = new double[HOURS];
    private final double[] updatedSeconds = new double[HOURS];
    private double clockSeconds = Double.NaN;

    HourOfWeekRateEstimator(double halfLifeHours, double priorWeightHours, double[] priorRatesPerHour) {
        this.decayPerSecond = Math.log(2) / (halfLifeHours * 3600.0);
        this.priorWeightHours = priorWeightHours;
        if (priorRatesPerHour != null && priorRatesPerHour.length != HOURS) {
            throw new IllegalArgumentException("prior hour-of-week rates need " + HOURS + " values, got "
                    + priorRatesPerHour.length);
        }
        this.priorRatesPerHour = priorRatesPerHour == null ? null : priorRatesPerHour.clone();
    }

    double clockSeconds() {
        return clockSeconds;
    }

    /** Counts one arrival at {@code epochSeconds}; a time before the clock counts without moving it. */
    void arrival(double epochSeconds) {
        advanceTo(epochSeconds);
        int hour = HourOfWeekArrivalModel.hourOfWeek(epochSeconds);
        decay(hour, Math.max(epochSeconds, updatedSeconds[hour]));
        counts[hour] += 1.0;
    }

    /** Moves the clock to {@code epochSeconds}, adding the elapsed time to the exposure of each hour crossed. */
    void advanceTo(double epochSeconds) {
        if (Double.isNaN(clockSeconds)) {
            clockSeconds = epochSeconds;
            java.util.Arrays.fill(updatedSeconds, epochSeconds);
            return;
        }
        while (clockSeconds < epochSeconds) {
            double hourEnd = (Math.floor(clockSeconds / 3600.0) + 1) * 3600.0;
            double segmentEnd = Math.min(hourEnd, epochSeconds);
            int hour = HourOfWeekArrivalModel.hourOfWeek(clockSeconds);
            decay(hour, segmentEnd);
            exposureHours[hour] += (segmentEnd - clockSeconds) / 3600.0;
            clockSeconds = segmentEnd;
        }
    }

    private void decay(int hour, double toSeconds) {
        double age = toSeconds - updatedSeconds[hour];
        if (age > 0) {
            double factor = Math.exp(-decayPerSecond * age);
            counts[hour] *= factor;
            exposureHours[hour] *= factor;
            updatedSeconds[hour] = toSeconds;
        }
    }

    /** Returns the discounted counts as of the clock, without changing the state. */
    double[] countsNow() {
        return discountedToClock(counts);
    }

    double[] exposureNow() {
        return discountedToClock(exposureHours);
    }

    private double[] discountedToClock(double[] values) {
        double[] result = new double[HOURS];
        for (int hour = 0; hour < HOURS; hour++) {
            double age = Double.isNaN(clockSeconds) ? 0 : Math.max(0, clockSeconds - updatedSeconds[hour]);
            result[hour] = values[hour] * Math.exp(-decayPerSecond * age);
        }
        return result;
    }

    /** Returns the estimated arrivals per hour for each hour of the week. */
    double[] ratesPerHour() {
        double[] c = countsNow();
        double[] e = exposureNow();
        double totalCount = 0;
        double totalExposure = 0;
        for (int hour = 0; hour < HOURS; hour++) {
            totalCount += c[hour];
            totalExposure += e[hour];
        }
        double overall = totalExposure > 0 ? totalCount / totalExposure : 0.0;
        double[] rates = new double[HOURS];
        for (int hour = 0; hour < HOURS; hour++) {
            double prior = priorRatesPerHour != null ? priorRatesPerHour[hour] : overall;
            double denominator = e[hour] + priorWeightHours;
            rates[hour] = denominator > 0 ? (c[hour] + priorWeightHours * prior) / denominator : prior;
        }
        return rates;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeBoolean(priorRatesPerHour != null);
        for (int hour = 0; hour < HOURS; hour++) {
            out.writeDouble(priorRatesPerHour != null ? priorRatesPerHour[hour] : 0.0);
            out.writeDouble(counts[hour]);
            out.writeDouble(exposureHours[hour]);
            out.writeDouble(updatedSeconds[hour]);
        }
        out.writeDouble(clockSeconds);
    }

    static HourOfWeekRateEstimator read(DataInputStream in, double halfLifeHours, double priorWeightHours)
            throws IOException {
        boolean hasPrior = in.readBoolean();
        double[] prior = new double[HOURS];
        double[] counts = new double[HOURS];
        double[] exposure = new double[HOURS];
        double[] updated = new double[HOURS];
        for (int hour = 0; hour < HOURS; hour++) {
            prior[hour] = in.readDouble();
            counts[hour] = in.readDouble();
            exposure[hour] = in.readDouble();
            updated[hour] = in.readDouble();
        }
        HourOfWeekRateEstimator estimator = new HourOfWeekRateEstimator(halfLifeHours, priorWeightHours,
                hasPrior ? prior : null);
        System.arraycopy(counts, 0, estimator.counts, 0, HOURS);
        System.arraycopy(exposure, 0, estimator.exposureHours, 0, HOURS);
        System.arraycopy(updated, 0, estimator.updatedSeconds, 0, HOURS);
        estimator.clockSeconds = in.readDouble();
        return estimator;
    }
}

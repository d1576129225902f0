package io.pipetwin.core.calibration;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.pipetwin.core.workload.ArrivalProcess;
import io.pipetwin.core.workload.WorkloadProfile;

/**
 * Fits the arrival model to a trace's submit times.
 *
 * <ol>
 *   <li>Hour-of-week rate profile: arrivals that fell in each hour of the week divided by how many times
 *       that hour of the week occurs between the first and the last arrival.</li>
 *   <li>Operational-time gaps: the submit times mapped through {@link OperationalClock}; their mean is
 *       about 1 and their empirical quantiles are kept, so the model can replay the gap distribution.</li>
 *   <li>Burst process of {@link ArrivalProcess} (geometric bursts, mean size m, within-burst gap share s):
 *       for each of 60 values of s (0 and 10^-6 to 0.9, log-spaced), m is set so the process's gap CV
 *       equals the CV of the operational-time gaps (moment matching); the pair with the smallest KS
 *       distance between the process's hyperexponential gap distribution and the gaps wins.</li>
 *   <li>The inter-arrival CV of both fitted models, from one simulated stream as long as the trace, to
 *       compare with the trace's CV.</li>
 * </ol>
 */
public final class ArrivalFitter {

    private static final int GRID = 60;
    private static final int MAX_KS_SAMPLES = 20_000;

    private ArrivalFitter() {
    }

    /**
     * The fitted arrival model.
     *
     * @param hourOfWeekRatesPerHour    arrivals per hour for each hour of the week, Monday 00:00 first
     * @param operationalGaps           empirical distribution of the gaps in operational time
     * @param meanBurstSize             fitted m
     * @param withinBurstGapShare       fitted s
     * @param burstKsDistance           KS distance of the burst model's gap distribution to the operational gaps
     * @param traceInterArrivalCv       CV of the trace's real-time gaps
     * @param burstModelInterArrivalCv  CV of real-time gaps simulated from the rate profile and burst process
     * @param empiricalModelInterArrivalCv CV of real-time gaps simulated from the rate profile and the
     *                                  empirical operational gaps
     */
    public record Result(double[] hourOfWeekRatesPerHour, EmpiricalDistribution operationalGaps, double meanBurstSize,
                         double withinBurstGapShare, double burstKsDistance, double traceInterArrivalCv,
                         double burstModelInterArrivalCv, double empiricalModelInterArrivalCv) {
    }

    /** Fits the model to ascending submit times in seconds (at least 3). */
    public static Result fit(double[] submitSeconds) {
        if (submitSeconds.length < 3) {
            throw new IllegalArgumentException("need at least 3 arrivals to fit the arrival process, got "
                    + submitSeconds.length);
        }
        double[] rates = hourOfWeekRates(submitSeconds);
        OperationalClock clock = new OperationalClock(rates);
        double[] gaps = new double[submitSeconds.length - 1];
        double previous = clock.operational(submitSeconds[0]);
        for (int i = 1; i < submitSeconds.length; i++) {
            double current = clock.operational(submitSeconds[i]);
            gaps[i - 1] = Math.max(0, current - previous);
            previous = current;
        }
        Arrays.sort(gaps);
        EmpiricalDistribution gapQuantiles = EmpiricalDistribution.ofSorted(gaps);

        double[] ksSample = thin(gaps);
        double gapCv = cv(gaps);
        double bestKs = Double.MAX_VALUE;
        double bestM = 1;
        double bestS = 0;
        for (int b = 0; b < GRID; b++) {
            double s = b == 0 ? 0 : Math.pow(10, -6 + (6 + Math.log10(0.9)) * (b - 1) / (GRID - 2));
            double m = burstSizeForCv(gapCv, s);
            if (Double.isNaN(m)) {
                continue;
            }
            double ks = KolmogorovSmirnov.oneSample(ksSample, g -> hyperexponentialCdf(g, m, s));
            if (ks < bestKs) {
                bestKs = ks;
                bestM = m;
                bestS = s;
            }
        }

        double traceCv = cv(realGaps(submitSeconds));
        int n = submitSeconds.length;
        double burstCv = cv(realGaps(simulateBurst(rates, bestM, bestS, n, 1)));
        double empiricalCv = cv(realGaps(simulateEmpirical(clock, gapQuantiles, submitSeconds[0], n, 1)));
        return new Result(rates, gapQuantiles, bestM, bestS, bestKs, traceCv, burstCv, empiricalCv);
    }

    /** Returns arrivals per hour for each of the 168 hours of the week, averaged over the trace span. */
    static double[] hourOfWeekRates(double[] submitSeconds) {
        long firstHour = (long) Math.floor(submitSeconds[0] / 3600);
        long lastHour = (long) Math.floor(submitSeconds[submitSeconds.length - 1] / 3600);
        double[] counts = new double[OperationalClock.HOURS_PER_WEEK];
        for (double t : submitSeconds) {
            counts[(int) Math.floorMod((long) Math.floor(t / 3600), (long) OperationalClock.HOURS_PER_WEEK)]++;
        }
        double meanRate = submitSeconds.length / (double) (lastHour - firstHour + 1);
        double[] rates = new double[OperationalClock.HOURS_PER_WEEK];
        for (int h = 0; h < rates.length; h++) {
            long occurrences = occurrences(firstHour, lastHour, h);
            rates[h] = occurrences == 0 ? meanRate : counts[h] / occurrences;
        }
        return rates;
    }

    private static long occurrences(long firstHour, long lastHour, int hourOfWeek) {
        long week = OperationalClock.HOURS_PER_WEEK;
        long first = firstHour + Math.floorMod(hourOfWeek - firstHour, week);
        return first > lastHour ? 0 : (lastHour - first) / week + 1;
    }

    /**
     * Returns the mean burst size m at which the burst process with gap share s has operational-gap CV
     * {@code cv}, or NaN when no m in [1, 10^7] reaches it. The CV grows with m for a fixed s below 1.
     */
    static double burstSizeForCv(double cv, double s) {
        if (!(cv > 1)) {
            return 1;
        }
        double low = 1;
        double high = 1e7;
        if (ArrivalProcess.operationalGapCv(high, s) < cv) {
            return Double.NaN;
        }
        for (int i = 0; i < 200; i++) {
            double middle = Math.sqrt(low * high);
            if (ArrivalProcess.operationalGapCv(middle, s) < cv) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return Math.sqrt(low * high);
    }

    /** CDF of the burst process's operational gaps: with q = 1 - 1/m, exp(mean s) w.p. q, exp(mean b) else. */
    static double hyperexponentialCdf(double g, double m, double s) {
        double q = 1 - 1 / m;
        double b = m * (1 - q * s);
        double within = s == 0 ? 1 : -Math.expm1(-g / s);
        return q * within + (1 - q) * -Math.expm1(-g / b);
    }

    /** Simulates n arrival times of the rate profile with the burst process. */
    static double[] simulateBurst(double[] rates, double m, double s, int n, long seed) {
        ArrivalProcess process = new ArrivalProcess(new WorkloadProfile.ArrivalProfile(rates,
                new WorkloadProfile.BurstProfile(m, s)), new SplittableRandom(seed));
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = process.nextArrivalSeconds();
        }
        return times;
    }

    /** Simulates n arrival times from {@code startSeconds} with gaps drawn from the empirical quantiles. */
    static double[] simulateEmpirical(OperationalClock clock, EmpiricalDistribution gaps, double startSeconds, int n,
                                      long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] times = new double[n];
        double operational = clock.operational(startSeconds);
        times[0] = startSeconds;
        for (int i = 1; i < n; i++) {
            operational += gaps.sample(random);
            times[i] = clock.real(operational);
        }
        return times;
    }

    static double[] realGaps(double[] times) {
        double[] gaps = new double[times.length - 1];
        for (int i = 1; i < times.length; i++) {
            gaps[i - 1] = times[i] - times[i - 1];
        }
        return gaps;
    }

    /** Returns the coefficient of variation (standard deviation over mean) of {@code values}. */
    public static double cv(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length) / mean;
    }

    private static double[] thin(double[] sorted) {
        if (sorted.length <= MAX_KS_SAMPLES) {
            return sorted;
        }
        double[] sample = new double[MAX_KS_SAMPLES];
        for (int i = 0; i < MAX_KS_SAMPLES; i++) {
            sample[i] = sorted[(int) ((long) i * (sorted.length - 1) / (MAX_KS_SAMPLES - 1))];
        }
        return sample;
    }
}

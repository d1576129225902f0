package io.pipetwin.core.calibration;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An empirical distribution as a calibrated profile stores it: the largest values exactly (the tail) and
 * equally spaced quantiles of the rest (the body). Sampling picks a tail value uniformly with probability
 * {@code tailShare} and otherwise interpolates linearly between body quantiles. Keeping the tail exact
 * preserves the mean of heavy-tailed data: interpolating between the 99.5th percentile and a maximum
 * far above it would put a uniform mass over that whole range and inflate the mean several times.
 *
 * @param quantiles body quantiles at p = 0, 1/k, ..., 1 of the values below the tail, ascending
 * @param tail      the largest values, ascending; empty when there is no tail
 * @param tailShare share of all values that the tail holds, {@code tail.length / n}
 */
public record EmpiricalDistribution(double[] quantiles, double[] tail, double tailShare) {

    /** Body quantile intervals: 200, every half percent. */
    public static final int DEFAULT_INTERVALS = 200;
    /** Tail size: the top 0.1% of values, at most 500 of them. */
    public static final double TAIL_FRACTION = 0.001;
    public static final int MAX_TAIL_VALUES = 500;

    public EmpiricalDistribution {
        if (quantiles == null || quantiles.length < 2) {
            throw new IllegalArgumentException("an empirical distribution needs at least 2 quantiles");
        }
        for (int i = 1; i < quantiles.length; i++) {
            if (!(quantiles[i] >= quantiles[i - 1])) {
                throw new IllegalArgumentException("quantiles must not decrease: " + quantiles[i - 1] + " then "
                        + quantiles[i] + " at index " + i);
            }
        }
        tail = tail == null ? new double[0] : tail;
        if (!(tailShare >= 0 && tailShare < 1)) {
            throw new IllegalArgumentException("tailShare " + tailShare + " is outside [0, 1)");
        }
    }

    /** Builds the distribution of ascending, non-empty {@code sorted}. */
    public static EmpiricalDistribution ofSorted(double[] sorted) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("cannot describe an empty sample");
        }
        int tailCount = (int) Math.min(MAX_TAIL_VALUES, Math.floor(sorted.length * TAIL_FRACTION));
        double[] body = Arrays.copyOfRange(sorted, 0, sorted.length - tailCount);
        double[] tail = Arrays.copyOfRange(sorted, sorted.length - tailCount, sorted.length);
        double[] quantiles = new double[DEFAULT_INTERVALS + 1];
        for (int i = 0; i <= DEFAULT_INTERVALS; i++) {
            quantiles[i] = EmpiricalQuantiles.quantile(body, (double) i / DEFAULT_INTERVALS);
        }
        return new EmpiricalDistribution(quantiles, tail, (double) tailCount / sorted.length);
    }

    /** Draws one value. */
    public double sample(RandomGenerator random) {
        double u = random.nextDouble();
        if (tail.length > 0 && u >= 1 - tailShare) {
            int index = (int) ((u - (1 - tailShare)) / tailShare * tail.length);
            return tail[Math.min(index, tail.length - 1)];
        }
        return EmpiricalQuantiles.interpolate(quantiles, tail.length > 0 ? u / (1 - tailShare) : u);
    }

    /**
     * Returns {@code P(X <= x)} of the distribution {@link #sample} draws from: the body spreads
     * {@code 1 - tailShare} linearly between neighbouring quantiles (equal neighbours are an atom), and
     * each tail value is an atom of {@code tailShare / tail.length}.
     */
    public double cdf(double x) {
        double body = bodyCdf(x);
        if (tail.length == 0) {
            return body;
        }
        int tailAtOrBelow = 0;
        while (tailAtOrBelow < tail.length && tail[tailAtOrBelow] <= x) {
            tailAtOrBelow++;
        }
        return (1 - tailShare) * body + tailShare * tailAtOrBelow / tail.length;
    }

    /** Returns the mean of the distribution {@link #sample} draws from. */
    public double mean() {
        int intervals = quantiles.length - 1;
        double bodySum = 0;
        for (int i = 0; i < intervals; i++) {
            bodySum += (quantiles[i] + quantiles[i + 1]) / 2;
        }
        double bodyMean = bodySum / intervals;
        if (tail.length == 0) {
            return bodyMean;
        }
        double tailSum = 0;
        for (double value : tail) {
            tailSum += value;
        }
        return (1 - tailShare) * bodyMean + tailShare * tailSum / tail.length;
    }

    /** Returns {@code P(X <= x)} of the body alone, the inverse of the piecewise linear quantile function. */
    private double bodyCdf(double x) {
        int intervals = quantiles.length - 1;
        if (x < quantiles[0]) {
            return 0;
        }
        if (x >= quantiles[intervals]) {
            return 1;
        }
        int low = 0;
        int high = intervals;
        // Invariant: quantiles[low] <= x < quantiles[high]; ends at the last quantile not above x.
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (quantiles[mid] <= x) {
                low = mid;
            } else {
                high = mid;
            }
        }
        double fraction = (x - quantiles[low]) / (quantiles[low + 1] - quantiles[low]);
        return (low + fraction) / intervals;
    }

    /** Returns the value at probability {@code p} of the whole distribution, tail included. */
    public double inverse(double p) {
        if (tail.length > 0 && p >= 1 - tailShare) {
            int index = (int) ((p - (1 - tailShare)) / tailShare * tail.length);
            return tail[Math.min(index, tail.length - 1)];
        }
        return EmpiricalQuantiles.interpolate(quantiles, tail.length > 0 ? p / (1 - tailShare) : p);
    }
}

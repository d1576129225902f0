package io.pipetwin.core.calibration;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An empirical distribution kept as {@code k + 1} equally spaced quantiles (p = 0, 1/k, ..., 1), sampled
 * by inverse transform with linear interpolation between them. The sup distance between its CDF and the
 * data's is at most 1/k plus the data's largest atom, because the CDF is exact at every kept quantile and
 * monotone in between.
 */
public final class EmpiricalQuantiles {

    /** Quantiles kept per distribution: 201 values, every half percent. */
    public static final int DEFAULT_INTERVALS = 200;

    private final double[] values;

    public EmpiricalQuantiles(double[] values) {
        if (values.length < 2) {
            throw new IllegalArgumentException("need at least 2 quantiles, got " + values.length);
        }
        for (int i = 1; i < values.length; i++) {
            if (!(values[i] >= values[i - 1])) {
                throw new IllegalArgumentException("quantiles must not decrease: " + values[i - 1] + " then "
                        + values[i] + " at index " + i);
            }
        }
        this.values = values.clone();
    }

    /** Returns the quantiles of {@code sorted} (ascending, non-empty) at {@code intervals + 1} probabilities. */
    public static EmpiricalQuantiles ofSorted(double[] sorted, int intervals) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("cannot take quantiles of an empty sample");
        }
        double[] quantiles = new double[intervals + 1];
        for (int i = 0; i <= intervals; i++) {
            quantiles[i] = quantile(sorted, (double) i / intervals);
        }
        return new EmpiricalQuantiles(quantiles);
    }

    /** Returns the type-7 (linear interpolation) quantile of ascending {@code sorted} at probability p. */
    public static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.length - 1);
        double fraction = position - low;
        return sorted[low] + fraction * (sorted[high] - sorted[low]);
    }

    /** Returns the value at probability {@code p} in [0, 1], interpolating between kept quantiles. */
    public double inverse(double p) {
        return interpolate(values, p);
    }

    /** Returns the value at probability {@code p} of equally spaced quantiles {@code values}. */
    static double interpolate(double[] values, double p) {
        int intervals = values.length - 1;
        double position = Math.max(0, Math.min(1, p)) * intervals;
        int low = Math.min((int) Math.floor(position), intervals - 1);
        double fraction = position - low;
        return values[low] + fraction * (values[low + 1] - values[low]);
    }

    /** Draws one value. */
    public double sample(RandomGenerator random) {
        return inverse(random.nextDouble());
    }

    /** Returns a copy of the kept quantiles. */
    public double[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        return "EmpiricalQuantiles" + Arrays.toString(values);
    }
}

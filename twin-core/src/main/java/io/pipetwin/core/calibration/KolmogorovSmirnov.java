package io.pipetwin.core.calibration;

import java.util.function.DoubleUnaryOperator;

/** Kolmogorov–Smirnov distances: the largest vertical gap between two cumulative distribution functions. */
public final class KolmogorovSmirnov {

    private KolmogorovSmirnov() {
    }

    /**
     * Returns the two-sample distance {@code sup |F_a(x) - F_b(x)|} of two ascending samples, evaluating both
     * empirical CDFs after all ties at each value, so equal samples give 0. Returns NaN when either is empty.
     */
    public static double twoSample(double[] sortedA, double[] sortedB) {
        if (sortedA.length == 0 || sortedB.length == 0) {
            return Double.NaN;
        }
        int i = 0;
        int j = 0;
        double max = 0;
        while (i < sortedA.length && j < sortedB.length) {
            double x = Math.min(sortedA[i], sortedB[j]);
            while (i < sortedA.length && sortedA[i] <= x) {
                i++;
            }
            while (j < sortedB.length && sortedB[j] <= x) {
                j++;
            }
            max = Math.max(max, Math.abs((double) i / sortedA.length - (double) j / sortedB.length));
        }
        return max;
    }

    /** Returns the one-sample distance between ascending {@code sorted} and the continuous {@code cdf}. */
    public static double oneSample(double[] sorted, DoubleUnaryOperator cdf) {
        double max = 0;
        int n = sorted.length;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            max = Math.max(max, Math.max(Math.abs(f - (double) i / n), Math.abs((double) (i + 1) / n - f)));
        }
        return max;
    }

    /**
     * Returns the one-sample distance between ascending {@code sorted} and {@code cdf} ({@code P(X <= x)}) of a
     * distribution that may have atoms, such as an {@link EmpiricalDistribution}. At each distinct sample value
     * x it compares the sample's CDF after the ties with {@code cdf(x)} and before them with the model's
     * left limit, taken as {@code cdf(Math.nextDown(x))}; between sample values the sample's CDF is flat and
     * the model's rises, so these two comparisons bound the gap.
     */
    public static double oneSampleWithAtoms(double[] sorted, DoubleUnaryOperator cdf) {
        double max = 0;
        int n = sorted.length;
        int i = 0;
        while (i < n) {
            double x = sorted[i];
            int j = i;
            while (j < n && sorted[j] == x) {
                j++;
            }
            double before = cdf.applyAsDouble(Math.nextDown(x));
            double after = cdf.applyAsDouble(x);
            max = Math.max(max, Math.max(Math.abs(before - (double) i / n), Math.abs(after - (double) j / n)));
            i = j;
        }
        return max;
    }
}

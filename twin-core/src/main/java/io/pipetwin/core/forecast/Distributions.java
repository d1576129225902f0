package io.pipetwin.core.forecast;

import java.util.Arrays;

/** Nearest-rank quantiles of per-replication values that may be positive infinity (beyond the horizon). */
final class Distributions {

    private Distributions() {
    }

    /**
     * Returns the value at rank {@code ceil(p·n) − 1} of the sorted values for each level p; infinite values
     * sort last, so a quantile is infinite when more than {@code 1 − p} of the replications are.
     */
    static double[] quantiles(double[] values, double[] levels) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] quantiles = new double[levels.length];
        for (int level = 0; level < levels.length; level++) {
            int rank = (int) Math.ceil(levels[level] * sorted.length) - 1;
            quantiles[level] = sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
        }
        return quantiles;
    }

    /** Returns the mean of the finite values, or NaN when there is none. */
    static double finiteMean(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).average().orElse(Double.NaN);
    }
}

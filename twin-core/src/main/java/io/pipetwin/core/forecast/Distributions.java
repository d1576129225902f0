package io.pipetwin.core.forecast;

import java.util.Arrays;

/**
 * Quantiles of per-replication values, which may be positive infinity (beyond the horizon), read as a
 * prediction for one more draw from the same distribution.
 *
 * <p>The quantile at level p is at position {@code h = p·(n + 1)} of the n sorted values, counted from 1, with
 * linear interpolation between neighbours and clamped to the first and last value (Hyndman and Fan's
 * definition 6, R's {@code quantile(type = 6)}). Among n + 1 exchangeable draws each rank is equally likely,
 * so a new draw from a continuous distribution falls below the k-th of the n sorted values with probability
 * k / (n + 1). So the p10–p90 band contains about 80 % of new draws at any replication count with
 * 0.1·(n + 1) ≥ 1, while the nearest-rank rule gives 73 % at 10 replications.
 */
final class Distributions {

    private Distributions() {
    }

    /**
     * Returns the quantile of each level p of {@code values}. Infinite values sort last, so a quantile is
     * infinite once its position reaches them.
     */
    static double[] quantiles(double[] values, double[] levels) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] quantiles = new double[levels.length];
        for (int level = 0; level < levels.length; level++) {
            quantiles[level] = quantileOfSorted(sorted, sorted.length, levels[level]);
        }
        return quantiles;
    }

    /**
     * Returns the quantile at {@code level} of the first {@code count} values of {@code sorted}, which must be
     * in ascending order and non-empty.
     */
    static double quantileOfSorted(double[] sorted, int count, double level) {
        double position = level * (count + 1);
        if (position <= 1) {
            return sorted[0];
        }
        if (position >= count) {
            return sorted[count - 1];
        }
        int lower = (int) Math.floor(position);
        double fraction = position - lower;
        double below = sorted[lower - 1];
        double above = sorted[lower];
        if (fraction == 0 || below == above) {
            return below;
        }
        if (Double.isInfinite(above)) {
            return above;
        }
        return below + fraction * (above - below);
    }

    /** Returns the mean of the finite values, or NaN when there is none. */
    static double finiteMean(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).average().orElse(Double.NaN);
    }
}

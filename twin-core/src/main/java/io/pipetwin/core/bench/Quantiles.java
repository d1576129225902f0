package io.pipetwin.core.bench;

import java.util.Arrays;

/** Nearest-rank quantiles: the element at {@code ceil(p · n) − 1} of the ascending values. */
public final class Quantiles {

    private Quantiles() {
    }

    /** Returns the nearest-rank {@code p} quantile of {@code values}, sorting a copy; NaN when empty. */
    public static double nearestRank(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return nearestRankSorted(sorted, p);
    }

    /** Returns the nearest-rank {@code p} quantile of ascending {@code sorted}. */
    public static double nearestRankSorted(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}

package io.pipetwin.core.output;

/**
 * Streaming quantile sketch over non-negative values: a fixed array of logarithmic buckets, each
 * {@link #RELATIVE_WIDTH} wider than the one before, from {@link #MIN_VALUE} to {@link #MAX_VALUE}.
 * Memory is fixed (about 11 KiB) whatever the count. A quantile is returned as the geometric middle of
 * its bucket, so its relative error is at most about {@code RELATIVE_WIDTH / 2} (1 %) for values inside
 * the range; values below {@code MIN_VALUE} count as 0 and values above {@code MAX_VALUE} as {@code MAX_VALUE}.
 */
public final class LogHistogram {

    public static final double MIN_VALUE = 1e-3;
    public static final double MAX_VALUE = 1e9;
    public static final double RELATIVE_WIDTH = 0.02;

    private static final double LOG_GROWTH = Math.log1p(RELATIVE_WIDTH);
    private static final int BUCKETS = (int) Math.ceil(Math.log(MAX_VALUE / MIN_VALUE) / LOG_GROWTH) + 1;

    private final long[] counts = new long[BUCKETS];
    private long zeroCount;
    private long totalCount;

    /** Adds one value; negative values and NaN are rejected. */
    public void add(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("histogram values must be >= 0, got " + value);
        }
        totalCount++;
        if (value < MIN_VALUE) {
            zeroCount++;
            return;
        }
        int bucket = (int) (Math.log(Math.min(value, MAX_VALUE) / MIN_VALUE) / LOG_GROWTH);
        counts[Math.min(bucket, BUCKETS - 1)]++;
    }

    public long count() {
        return totalCount;
    }

    /** Returns the value at quantile level {@code p} in [0, 1], or NaN when empty. */
    public double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile level must be in [0, 1], got " + p);
        }
        if (totalCount == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p * totalCount));
        if (rank <= zeroCount) {
            return 0.0;
        }
        long seen = zeroCount;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts[bucket];
            if (seen >= rank) {
                return MIN_VALUE * Math.exp((bucket + 0.5) * LOG_GROWTH);
            }
        }
        return MAX_VALUE;
    }
}

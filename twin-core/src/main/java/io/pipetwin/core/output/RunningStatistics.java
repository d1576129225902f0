package io.pipetwin.core.output;

/** Count, mean, variance, minimum and maximum of a stream of values (Welford's update), in constant memory. */
public final class RunningStatistics {

    private long count;
    private double mean;
    private double sumOfSquaredDeviations;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public void add(double value) {
        count++;
        double delta = value - mean;
        mean += delta / count;
        sumOfSquaredDeviations += delta * (value - mean);
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    public long count() {
        return count;
    }

    /** Returns the mean, NaN when empty. */
    public double mean() {
        return count > 0 ? mean : Double.NaN;
    }

    /** Returns the sample variance (divisor n - 1), NaN with fewer than two values. */
    public double variance() {
        return count > 1 ? sumOfSquaredDeviations / (count - 1) : Double.NaN;
    }

    public double min() {
        return count > 0 ? min : Double.NaN;
    }

    public double max() {
        return count > 0 ? max : Double.NaN;
    }
}

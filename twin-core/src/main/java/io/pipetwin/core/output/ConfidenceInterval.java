package io.pipetwin.core.output;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean of independent replications (one per seed) with a two-sided Student-t confidence interval:
 * {@code mean ± t(1 - (1 - level) / 2, n - 1) * sd / sqrt(n)}.
 *
 * @param n         replications
 * @param mean      sample mean
 * @param sd        sample standard deviation (divisor n - 1), NaN when n is 1
 * @param halfWidth half-width of the interval, NaN when n is 1
 * @param level     confidence level, for example 0.95
 */
public record ConfidenceInterval(int n, double mean, double sd, double halfWidth, double level) {

    /** Computes the interval of finite values at {@code level}; NaN values (missing metrics) are skipped. */
    public static ConfidenceInterval of(double[] values, double level) {
        RunningStatistics statistics = new RunningStatistics();
        for (double value : values) {
            if (!Double.isNaN(value)) {
                statistics.add(value);
            }
        }
        int n = (int) statistics.count();
        if (n == 0) {
            return new ConfidenceInterval(0, Double.NaN, Double.NaN, Double.NaN, level);
        }
        if (n == 1) {
            return new ConfidenceInterval(1, statistics.mean(), Double.NaN, Double.NaN, level);
        }
        double sd = Math.sqrt(statistics.variance());
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(1 - (1 - level) / 2);
        return new ConfidenceInterval(n, statistics.mean(), sd, t * sd / Math.sqrt(n), level);
    }

    /** Computes the 95 % interval. */
    public static ConfidenceInterval of95(double[] values) {
        return of(values, 0.95);
    }

    public double lower() {
        return mean - halfWidth;
    }

    public double upper() {
        return mean + halfWidth;
    }
}

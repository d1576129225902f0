package io.pipetwin.core.metrics;

import java.util.random.RandomGenerator;

/**
 * Exponential decay toward a floor with Gaussian observation noise:
 * {@code mean(t) = floor + (v0 - floor) * exp(-ratePerSecond * t)}, and an observation at time t is
 * {@code mean(t) + N(0, noiseSd^2)}, clamped to [0, 1]. Observations are independent of each other, so
 * a query never depends on earlier ones.
 *
 * @param ratePerSecond decay rate; the gap to the floor halves every {@code ln 2 / ratePerSecond} seconds
 * @param floor         level the mean approaches; a value at deployment below the floor stays constant
 * @param noiseSd       standard deviation of one observation around the mean
 */
public record ExponentialDrift(double ratePerSecond, double floor, double noiseSd) implements DriftProcess {

    public ExponentialDrift {
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("drift rate must be a finite value >= 0 per second, got "
                    + ratePerSecond);
        }
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("drift floor must be in [0, 1], got " + floor);
        }
        if (!(noiseSd >= 0)) {
            throw new IllegalArgumentException("drift noise standard deviation must be >= 0, got " + noiseSd);
        }
    }

    /** Builds a drift whose gap to the floor halves every {@code halfLifeDays} days. */
    public static ExponentialDrift withHalfLifeDays(double halfLifeDays, double floor, double noiseSd) {
        if (!(halfLifeDays > 0)) {
            throw new IllegalArgumentException("drift half-life must be > 0 days, got " + halfLifeDays);
        }
        return new ExponentialDrift(Math.log(2) / (halfLifeDays * 86_400.0), floor, noiseSd);
    }

    @Override
    public double meanAt(double valueAtDeployment, double secondsSinceDeployment) {
        if (valueAtDeployment <= floor) {
            return valueAtDeployment;
        }
        return floor + (valueAtDeployment - floor) * Math.exp(-ratePerSecond * secondsSinceDeployment);
    }

    @Override
    public double sampleAt(double valueAtDeployment, double secondsSinceDeployment, RandomGenerator random) {
        double mean = meanAt(valueAtDeployment, secondsSinceDeployment);
        return ModelMetrics.clampToUnit(mean + noiseSd * random.nextGaussian());
    }

    @Override
    public double integralOfMean(double valueAtDeployment, double fromSeconds, double toSeconds) {
        double lengthSeconds = toSeconds - fromSeconds;
        if (valueAtDeployment <= floor || ratePerSecond == 0) {
            return valueAtDeployment * lengthSeconds;
        }
        double gap = valueAtDeployment - floor;
        double decayed = (Math.exp(-ratePerSecond * fromSeconds) - Math.exp(-ratePerSecond * toSeconds))
                / ratePerSecond;
        return floor * lengthSeconds + gap * decayed;
    }

    @Override
    public double secondsUntilMeanBelow(double valueAtDeployment, double threshold) {
        if (valueAtDeployment < threshold) {
            return 0.0;
        }
        if (threshold <= floor || ratePerSecond == 0 || valueAtDeployment <= floor) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.log((valueAtDeployment - floor) / (threshold - floor)) / ratePerSecond;
    }
}

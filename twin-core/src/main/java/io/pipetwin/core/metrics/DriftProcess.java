package io.pipetwin.core.metrics;

import java.util.random.RandomGenerator;

/**
 * Loss of quality of a deployed model over time. A drift process is evaluated only when a metric is
 * queried, so a deployed model costs nothing between queries.
 */
public interface DriftProcess {

    /** No drift: the metric keeps its value at deployment. */
    DriftProcess NONE = new DriftProcess() {
        @Override
        public double meanAt(double valueAtDeployment, double secondsSinceDeployment) {
            return valueAtDeployment;
        }

        @Override
        public double sampleAt(double valueAtDeployment, double secondsSinceDeployment, RandomGenerator random) {
            return valueAtDeployment;
        }

        @Override
        public double integralOfMean(double valueAtDeployment, double fromSeconds, double toSeconds) {
            return valueAtDeployment * (toSeconds - fromSeconds);
        }

        @Override
        public double secondsUntilMeanBelow(double valueAtDeployment, double threshold) {
            return valueAtDeployment < threshold ? 0.0 : Double.POSITIVE_INFINITY;
        }
    };

    /** Returns the expected metric value {@code secondsSinceDeployment} after deployment. */
    double meanAt(double valueAtDeployment, double secondsSinceDeployment);

    /** Draws one observation of the metric, the mean plus noise, clamped to [0, 1]. */
    double sampleAt(double valueAtDeployment, double secondsSinceDeployment, RandomGenerator random);

    /** Returns the integral of {@link #meanAt} over [fromSeconds, toSeconds] since deployment. */
    double integralOfMean(double valueAtDeployment, double fromSeconds, double toSeconds);

    /**
     * Returns the time since deployment at which the mean first falls below {@code threshold}: 0 when it
     * starts below, positive infinity when it never does. The mean must be non-increasing.
     */
    double secondsUntilMeanBelow(double valueAtDeployment, double threshold);
}

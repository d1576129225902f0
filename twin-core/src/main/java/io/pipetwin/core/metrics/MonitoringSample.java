package io.pipetwin.core.metrics;

/**
 * One monitoring check of a deployed model.
 *
 * @param timeSeconds            simulation time of the check
 * @param secondsSinceDeployment age of the deployed version
 * @param observed               noisy observation of the deployed version's metrics
 */
public record MonitoringSample(double timeSeconds, double secondsSinceDeployment, ModelMetrics observed) {
}

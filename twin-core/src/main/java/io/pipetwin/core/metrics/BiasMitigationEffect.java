package io.pipetwin.core.metrics;

import java.util.random.RandomGenerator;

/**
 * Bias check with mitigation: closes a share of the fairness gap {@code 1 - fairness} and costs a fixed
 * amount of accuracy.
 */
public record BiasMitigationEffect(double fairnessGainShare, double accuracyCost) implements TaskEffect {

    public static BiasMitigationEffect defaults() {
        return new BiasMitigationEffect(ModelMetricDefaults.BIAS_MITIGATION_FAIRNESS_GAIN,
                ModelMetricDefaults.BIAS_MITIGATION_ACCURACY_COST);
    }

    @Override
    public void apply(ModelCandidate candidate, RandomGenerator random) {
        ModelMetrics metrics = candidate.metrics();
        double fairness = metrics.get(ModelMetrics.FAIRNESS);
        metrics.set(ModelMetrics.FAIRNESS, fairness + fairnessGainShare * (1 - fairness));
        metrics.set(ModelMetrics.ACCURACY, metrics.get(ModelMetrics.ACCURACY) - accuracyCost);
    }
}

package io.pipetwin.core.metrics;

import java.util.random.RandomGenerator;

/**
 * Hardening (adversarial training): closes a share of the robustness gap {@code 1 - robustness} and
 * costs a fixed amount of accuracy.
 */
public record HardeningEffect(double robustnessGainShare, double accuracyCost) implements TaskEffect {

    public static HardeningEffect defaults() {
        return new HardeningEffect(ModelMetricDefaults.HARDENING_ROBUSTNESS_GAIN,
                ModelMetricDefaults.HARDENING_ACCURACY_COST);
    }

    @Override
    public void apply(ModelCandidate candidate, RandomGenerator random) {
        ModelMetrics metrics = candidate.metrics();
        double robustness = metrics.get(ModelMetrics.ROBUSTNESS);
        metrics.set(ModelMetrics.ROBUSTNESS, robustness + robustnessGainShare * (1 - robustness));
        metrics.set(ModelMetrics.ACCURACY, metrics.get(ModelMetrics.ACCURACY) - accuracyCost);
    }
}

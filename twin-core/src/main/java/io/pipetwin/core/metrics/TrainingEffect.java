package io.pipetwin.core.metrics;

import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Training: sets every metric afresh, each drawn from a normal distribution around a per-framework
 * baseline, and sets the model size.
 */
public record TrainingEffect(ToDoubleFunction<String> baselineAccuracyByFramework, double accuracySd,
                             double baselineRobustness, double robustnessSd,
                             double baselineFairness, double fairnessSd,
                             double trainedSizeMib) implements TaskEffect {

    /** Returns the effect with the values of {@link ModelMetricDefaults}. */
    public static TrainingEffect defaults() {
        return new TrainingEffect(ModelMetricDefaults::baselineAccuracy, ModelMetricDefaults.TRAINED_ACCURACY_SD,
                ModelMetricDefaults.BASELINE_ROBUSTNESS, ModelMetricDefaults.TRAINED_ROBUSTNESS_SD,
                ModelMetricDefaults.BASELINE_FAIRNESS, ModelMetricDefaults.TRAINED_FAIRNESS_SD,
                ModelMetricDefaults.TRAINED_MODEL_SIZE_MIB);
    }

    @Override
    public void apply(ModelCandidate candidate, RandomGenerator random) {
        double accuracy = baselineAccuracyByFramework.applyAsDouble(candidate.framework())
                + accuracySd * random.nextGaussian();
        double robustness = baselineRobustness + robustnessSd * random.nextGaussian();
        double fairness = baselineFairness + fairnessSd * random.nextGaussian();
        candidate.replaceMetrics(new ModelMetrics(accuracy, robustness, fairness));
        candidate.setSizeMib(trainedSizeMib);
    }
}

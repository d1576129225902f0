package io.pipetwin.core.metrics;

import java.util.random.RandomGenerator;

/** Compression (quantisation, pruning): shrinks the model and costs a little accuracy. */
public record CompressionEffect(double sizeRatio, double accuracyCost) implements TaskEffect {

    public CompressionEffect {
        if (!(sizeRatio > 0 && sizeRatio <= 1)) {
            throw new IllegalArgumentException("compression size ratio must be in (0, 1], got " + sizeRatio);
        }
    }

    public static CompressionEffect defaults() {
        return new CompressionEffect(ModelMetricDefaults.COMPRESSION_SIZE_RATIO,
                ModelMetricDefaults.COMPRESSION_ACCURACY_COST);
    }

    @Override
    public void apply(ModelCandidate candidate, RandomGenerator random) {
        candidate.setSizeMib(candidate.sizeMib() * sizeRatio);
        ModelMetrics metrics = candidate.metrics();
        metrics.set(ModelMetrics.ACCURACY, metrics.get(ModelMetrics.ACCURACY) - accuracyCost);
    }
}

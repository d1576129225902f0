package io.pipetwin.core.bench;

import io.pipetwin.core.pipeline.TaskType;

/**
 * The four stages of a reference pipeline with their lognormal durations: {@code exp(mu + sigma · Z)},
 * {@code mu = ln(median)}. The mean is {@code median · exp(sigma² / 2)}.
 */
public enum ReferenceStage {
    PREPROCESS(TaskType.PREPROCESS, false, 1200, 0.8),
    TRAIN(TaskType.TRAIN, true, 1800, 1.0),
    EVALUATE(TaskType.EVALUATE, false, 600, 0.6),
    DEPLOY(TaskType.DEPLOY, false, 120, 0.4);

    private final TaskType type;
    private final boolean gpu;
    private final double medianSeconds;
    private final double sigma;
    private final double mu;

    ReferenceStage(TaskType type, boolean gpu, double medianSeconds, double sigma) {
        this.type = type;
        this.gpu = gpu;
        this.medianSeconds = medianSeconds;
        this.sigma = sigma;
        this.mu = Math.log(medianSeconds);
    }

    public TaskType type() {
        return type;
    }

    public boolean usesGpu() {
        return gpu;
    }

    public double medianSeconds() {
        return medianSeconds;
    }

    public double sigma() {
        return sigma;
    }

    public double mu() {
        return mu;
    }

    public double meanSeconds() {
        return medianSeconds * Math.exp(0.5 * sigma * sigma);
    }
}

package io.pipetwin.core.metrics;

/**
 * The model version a pipeline run is building: its metrics and size change as the run's tasks finish,
 * and a deploy task makes it the deployed version of its model asset.
 */
public final class ModelCandidate {

    private final String modelId;
    private final String framework;
    private ModelMetrics metrics;
    private double sizeMib;
    private boolean trained;

    /**
     * Starts a candidate from the currently deployed version, or from the framework baseline when the
     * model has never been deployed. Without a training task the candidate keeps those metrics.
     */
    public ModelCandidate(String modelId, String framework, ModelMetrics startMetrics, double sizeMib) {
        this.modelId = modelId;
        this.framework = framework;
        this.metrics = startMetrics.copy();
        this.sizeMib = sizeMib;
    }

    public String modelId() {
        return modelId;
    }

    public String framework() {
        return framework;
    }

    public ModelMetrics metrics() {
        return metrics;
    }

    /** Replaces all metrics, as training does. */
    public void replaceMetrics(ModelMetrics newMetrics) {
        this.metrics = newMetrics.copy();
        this.trained = true;
    }

    public double sizeMib() {
        return sizeMib;
    }

    public void setSizeMib(double sizeMib) {
        if (!(sizeMib > 0)) {
            throw new IllegalArgumentException("model size must be > 0 MiB, got " + sizeMib);
        }
        this.sizeMib = sizeMib;
    }

    /** Returns whether a training task has set this candidate's metrics. */
    public boolean trained() {
        return trained;
    }
}

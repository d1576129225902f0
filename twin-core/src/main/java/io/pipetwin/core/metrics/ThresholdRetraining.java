package io.pipetwin.core.metrics;

/** Retrains when the observed value of one metric falls below a threshold at a monitoring check. */
public final class ThresholdRetraining implements RetrainingStrategy {

    private final String metric;
    private final double threshold;
    private final double checkIntervalSeconds;

    public ThresholdRetraining(String metric, double threshold, double checkIntervalSeconds) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("retraining threshold must be in [0, 1], got " + threshold);
        }
        if (!(checkIntervalSeconds > 0)) {
            throw new IllegalArgumentException("monitoring interval must be > 0 seconds, got "
                    + checkIntervalSeconds);
        }
        this.metric = metric;
        this.threshold = threshold;
        this.checkIntervalSeconds = checkIntervalSeconds;
    }

    @Override
    public double checkIntervalSeconds() {
        return checkIntervalSeconds;
    }

    @Override
    public RetrainingTrigger decide(MonitoringSample sample) {
        return sample.observed().get(metric) < threshold ? RetrainingTrigger.METRIC_TRIGGERED : null;
    }
}

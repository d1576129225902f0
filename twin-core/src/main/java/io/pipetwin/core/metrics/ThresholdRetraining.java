package io.pipetwin.core.metrics;

/**
 * Retrains when the observed value of one metric falls below a threshold at a monitoring check, at most once
 * per cooldown: a check less than {@code cooldownSeconds} after the check that triggered the previous
 * retraining does not trigger, whatever it observes. The tracker also skips checks while a retraining of the
 * model is in flight.
 */
public final class ThresholdRetraining implements RetrainingStrategy {

    private final String metric;
    private final double threshold;
    private final double checkIntervalSeconds;
    private final double cooldownSeconds;
    private double lastTriggerSeconds = Double.NEGATIVE_INFINITY;

    /** Creates the strategy with the default cooldown {@link ModelMetricDefaults#RETRAINING_COOLDOWN_SECONDS}. */
    public ThresholdRetraining(String metric, double threshold, double checkIntervalSeconds) {
        this(metric, threshold, checkIntervalSeconds, ModelMetricDefaults.RETRAINING_COOLDOWN_SECONDS);
    }

    public ThresholdRetraining(String metric, double threshold, double checkIntervalSeconds, double cooldownSeconds) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("retraining threshold must be in [0, 1], got " + threshold);
        }
        if (!(checkIntervalSeconds > 0)) {
            throw new IllegalArgumentException("monitoring interval must be > 0 seconds, got "
                    + checkIntervalSeconds);
        }
        if (!(cooldownSeconds >= 0)) {
            throw new IllegalArgumentException("retraining cooldown must be >= 0 seconds, got " + cooldownSeconds
                    + "; pass 0 to allow a retraining at every check");
        }
        this.metric = metric;
        this.threshold = threshold;
        this.checkIntervalSeconds = checkIntervalSeconds;
        this.cooldownSeconds = cooldownSeconds;
    }

    @Override
    public double checkIntervalSeconds() {
        return checkIntervalSeconds;
    }

    @Override
    public RetrainingTrigger decide(MonitoringSample sample) {
        if (sample.timeSeconds() - lastTriggerSeconds < cooldownSeconds
                || !(sample.observed().get(metric) < threshold)) {
            return null;
        }
        lastTriggerSeconds = sample.timeSeconds();
        return RetrainingTrigger.METRIC_TRIGGERED;
    }
}

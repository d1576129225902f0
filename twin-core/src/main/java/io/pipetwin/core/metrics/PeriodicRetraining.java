package io.pipetwin.core.metrics;

/**
 * Retrains every {@code periodSeconds} after the first deployment, whatever the metrics show. A check
 * that falls while a retraining is still running is skipped by the caller, not queued.
 */
public final class PeriodicRetraining implements RetrainingStrategy {

    private final double periodSeconds;

    public PeriodicRetraining(double periodSeconds) {
        if (!(periodSeconds > 0) || Double.isInfinite(periodSeconds)) {
            throw new IllegalArgumentException("retraining period must be a finite value > 0 seconds, got "
                    + periodSeconds);
        }
        this.periodSeconds = periodSeconds;
    }

    @Override
    public double checkIntervalSeconds() {
        return periodSeconds;
    }

    @Override
    public RetrainingTrigger decide(MonitoringSample sample) {
        return RetrainingTrigger.SCHEDULED;
    }
}

package io.pipetwin.core.metrics;

/** Never retrains: the deployed model drifts until the end of the run. */
public final class NoRetraining implements RetrainingStrategy {

    @Override
    public double checkIntervalSeconds() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public RetrainingTrigger decide(MonitoringSample sample) {
        return null;
    }
}

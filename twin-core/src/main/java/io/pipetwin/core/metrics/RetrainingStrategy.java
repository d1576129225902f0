package io.pipetwin.core.metrics;

/**
 * Decides, at each monitoring check of one deployed model, whether to retrain it. One instance watches
 * one model and may keep state across checks (a drift detector does).
 */
public interface RetrainingStrategy {

    /** Returns the seconds between two checks; positive infinity means the model is never checked. */
    double checkIntervalSeconds();

    /** Returns the trigger of a retraining to submit now, or null to keep the deployed version. */
    RetrainingTrigger decide(MonitoringSample sample);

    /** Resets the strategy's state when a new version is deployed. The default does nothing. */
    default void onDeployed(double timeSeconds) {
    }
}

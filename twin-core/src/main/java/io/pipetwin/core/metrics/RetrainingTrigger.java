package io.pipetwin.core.metrics;

/** Why a retraining pipeline was submitted. */
public enum RetrainingTrigger {
    /** A fixed schedule came due. */
    SCHEDULED,
    /** A monitored metric crossed a threshold or a drift detector raised an alarm. */
    METRIC_TRIGGERED
}

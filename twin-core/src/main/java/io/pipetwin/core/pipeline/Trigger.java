package io.pipetwin.core.pipeline;

/** Cause of a pipeline run. */
public enum Trigger {
    MANUAL, SCHEDULED, METRIC_TRIGGERED
}

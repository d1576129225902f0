package io.pipetwin.core.pipeline;

/** What started a pipeline run. */
public enum Trigger {
    MANUAL, SCHEDULED, METRIC_TRIGGERED
}

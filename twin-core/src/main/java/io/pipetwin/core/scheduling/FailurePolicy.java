package io.pipetwin.core.scheduling;

/** Fate of the tasks running on a node when it fails. */
public enum FailurePolicy {
    /** The tasks fail, and so do their pipelines. */
    FAIL,
    /** The tasks go back to their queue and later restart from the beginning with the same compute time. */
    REQUEUE
}

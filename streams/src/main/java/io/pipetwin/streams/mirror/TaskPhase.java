package io.pipetwin.streams.mirror;

/** Where a known task is in its life on the platform. A finished task leaves the mirror. */
public enum TaskPhase {
    /** Part of a submitted pipeline, not yet waiting for resources. */
    SUBMITTED,
    /** Waiting in the queue for resources. */
    QUEUED,
    /** Holding resources on one or more nodes. */
    RUNNING
}

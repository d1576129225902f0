package io.pipetwin.core.trace;

/** Final state of a task as the trace records it. */
public enum TraceTaskStatus {
    /** Never started within the trace. */
    PENDING,
    /** Started and still running at the end of the trace. */
    RUNNING,
    /** Ended on its own without an error. */
    SUCCEEDED,
    /** Ended with an error. */
    FAILED,
    /** Stopped from outside (deleted, preempted or cancelled) while it was running. */
    KILLED
}

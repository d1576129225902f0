package io.pipetwin.core.pipeline;

/** Life-cycle of a task in a simulation. */
public enum TaskState {
    /** Some predecessor has not finished. */
    BLOCKED,
    /** Submitted and waiting for resources. */
    WAITING,
    /** Holding resources, transferring its input. */
    TRANSFERRING,
    /** Holding resources, computing. */
    RUNNING,
    FINISHED,
    /** Lost to a node failure under the fail policy, or its pipeline failed. */
    FAILED
}

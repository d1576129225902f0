package io.pipetwin.core.platform;

/** Names of task pools (tasks grouped by the resource they wait for) and of the aggregate over all. */
public final class TaskPools {

    public static final String GPU = "gpu";
    public static final String CPU = "cpu";
    /** Aggregate over every task pool or node pool. */
    public static final String ALL = "all";

    private TaskPools() {
    }
}

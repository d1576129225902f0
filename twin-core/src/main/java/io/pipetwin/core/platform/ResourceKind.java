package io.pipetwin.core.platform;

/** Resource dimensions that a node offers and a task requests. */
public enum ResourceKind {
    /** CPU in milli-cores. */
    CPU,
    /** GPU in milli-GPUs. */
    GPU,
    /** Memory in MiB. */
    MEMORY
}

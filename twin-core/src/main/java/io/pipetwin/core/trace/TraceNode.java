package io.pipetwin.core.trace;

import java.util.Objects;

/**
 * Capacity of one cluster node as a trace describes it.
 *
 * @param nodeId   node id, unique within the trace
 * @param cpuMilli CPU in milli-cores (1000 is one vCPU)
 * @param memoryMib memory in MiB
 * @param gpuCount number of GPUs, 0 for a CPU-only node
 * @param gpuModel GPU model name, or {@code null} for a CPU-only node
 */
public record TraceNode(String nodeId, long cpuMilli, long memoryMib, int gpuCount, String gpuModel) {

    public TraceNode {
        Objects.requireNonNull(nodeId, "nodeId");
        if (cpuMilli < 0 || memoryMib < 0 || gpuCount < 0) {
            throw new IllegalArgumentException("node " + nodeId + ": negative capacity cpuMilli=" + cpuMilli
                    + " memoryMib=" + memoryMib + " gpuCount=" + gpuCount);
        }
    }
}

package io.pipetwin.core.platform;

/**
 * Capacity and identity of one node.
 *
 * @param nodeId    unique id
 * @param pool      node pool, or null to derive it: the GPU model, or {@code cpu} for a node without GPUs
 * @param cpuMilli  CPU in milli-cores
 * @param memoryMib memory in MiB
 * @param gpuCount  GPUs on the node
 * @param gpuModel  GPU model, or null for a node without GPUs
 */
public record NodeSpec(String nodeId, String pool, long cpuMilli, long memoryMib, int gpuCount, String gpuModel) {

    /** Pool of GPU-less nodes when none is given. */
    public static final String CPU_POOL = "cpu";
    /** Pool of GPU nodes whose model is unknown when none is given. */
    public static final String UNKNOWN_GPU_POOL = "gpu";

    public NodeSpec {
        if (nodeId == null || nodeId.isEmpty()) {
            throw new IllegalArgumentException("nodeId is missing; every node needs a unique id");
        }
        if (cpuMilli < 0 || memoryMib < 0 || gpuCount < 0 || gpuCount > Node.MAX_GPUS) {
            throw new IllegalArgumentException("node " + nodeId + ": invalid capacity cpuMilli=" + cpuMilli
                    + " memoryMib=" + memoryMib + " gpuCount=" + gpuCount + "; amounts must be non-negative and "
                    + "gpuCount at most " + Node.MAX_GPUS);
        }
        if (pool == null) {
            pool = gpuCount == 0 ? CPU_POOL : (gpuModel == null ? UNKNOWN_GPU_POOL : gpuModel);
        }
    }
}

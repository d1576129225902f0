package io.pipetwin.core.experiment;

/**
 * {@code count} identical nodes.
 *
 * @param pool      node pool name, or null to derive it (the GPU model, or {@code cpu} without GPUs)
 * @param count     number of nodes, at least 1
 * @param cpuMilli  CPU per node in milli-cores
 * @param memoryMib memory per node in MiB
 * @param gpuCount  GPUs per node, 0 for CPU nodes
 * @param gpuModel  GPU model, or null
 */
public record NodeGroup(String pool, int count, long cpuMilli, long memoryMib, int gpuCount, String gpuModel) {

    public NodeGroup {
        if (count < 1) {
            throw new IllegalArgumentException("node group count is " + count + "; give at least 1 node");
        }
        if (cpuMilli <= 0 || memoryMib <= 0 || gpuCount < 0) {
            throw new IllegalArgumentException("node group has cpuMilli=" + cpuMilli + ", memoryMib=" + memoryMib
                    + ", gpuCount=" + gpuCount + "; give CPU and memory > 0 and gpuCount >= 0");
        }
    }
}

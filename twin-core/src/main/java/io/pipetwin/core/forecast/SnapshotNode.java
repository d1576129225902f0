package io.pipetwin.core.forecast;

/**
 * Capacity of one node in the mirrored state.
 *
 * @param pool     node pool, for example the GPU model, or {@code cpu} for a node without GPUs
 * @param gpuModel GPU model, or null for a node without GPUs
 */
public record SnapshotNode(String nodeId, String pool, long cpuMilli, long memoryMib, int gpuCount, String gpuModel) {
}

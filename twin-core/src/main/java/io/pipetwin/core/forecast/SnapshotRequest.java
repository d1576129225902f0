package io.pipetwin.core.forecast;

/**
 * Resources one task holds while it runs, as the mirrored state records them.
 *
 * @param cpuMilli  CPU in milli-cores; 1000 is one vCPU
 * @param memoryMib memory in MiB
 * @param gpuCount  whole GPUs on one node; 0 for a CPU-only task
 * @param gpuMilli  share of each requested GPU in milli-GPUs (1000 is a whole GPU); below 1000 only when
 *                  {@code gpuCount} is 1
 * @param gpuModel  GPU model the task must run on, or null for any
 */
public record SnapshotRequest(long cpuMilli, long memoryMib, int gpuCount, int gpuMilli, String gpuModel) {

    /** Returns {@code gpu} for a task that requests any GPU share, {@code cpu} otherwise. */
    public String taskPool() {
        return gpuCount > 0 || gpuMilli > 0 ? "gpu" : "cpu";
    }

    /** Returns the GPU demand in milli-GPUs summed over all requested GPUs. */
    public long totalGpuMilli() {
        return gpuCount <= 1 ? gpuMilli : (long) gpuCount * gpuMilli;
    }
}

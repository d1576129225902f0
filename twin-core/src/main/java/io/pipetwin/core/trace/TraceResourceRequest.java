package io.pipetwin.core.trace;

/**
 * Resources one task requests while it runs.
 *
 * @param cpuMilli  CPU in milli-cores (1000 is one vCPU)
 * @param memoryMib memory in MiB
 * @param gpuCount  whole GPUs on one node; 0 for a CPU-only task
 * @param gpuMilli  share of each requested GPU in milli-GPUs (1000 is a whole GPU); below 1000 only
 *                  when {@code gpuCount} is 1, and 0 when {@code gpuCount} is 0
 * @param gpuModel  GPU model the task must run on, or {@code null} for any model
 */
public record TraceResourceRequest(long cpuMilli, long memoryMib, int gpuCount, int gpuMilli, String gpuModel) {

    public TraceResourceRequest {
        if (cpuMilli < 0 || memoryMib < 0 || gpuCount < 0 || gpuMilli < 0 || gpuMilli > 1000) {
            throw new IllegalArgumentException("invalid resource request cpuMilli=" + cpuMilli + " memoryMib="
                    + memoryMib + " gpuCount=" + gpuCount + " gpuMilli=" + gpuMilli);
        }
    }

    /** Returns the GPU demand in milli-GPUs over all requested GPUs. */
    public long totalGpuMilli() {
        return (long) gpuCount * gpuMilli;
    }
}

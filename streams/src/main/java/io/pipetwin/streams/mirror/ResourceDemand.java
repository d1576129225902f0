package io.pipetwin.streams.mirror;

import io.pipetwin.core.forecast.SnapshotRequest;
import io.pipetwin.schemas.avro.ResourceRequest;

/**
 * Resources one task holds on each of its nodes while it runs.
 *
 * @param cpuMilli       CPU in milli-cores
 * @param memoryMib      memory in MiB
 * @param gpuCount       GPUs requested on each node; 0 for a CPU-only task
 * @param gpuMilliPerGpu share of each requested GPU in milli-GPUs; 1000 is a whole GPU
 * @param gpuModel       GPU model the task must run on, or null for any
 */
public record ResourceDemand(long cpuMilli, long memoryMib, int gpuCount, int gpuMilliPerGpu, String gpuModel) {

    /**
     * Converts an event's request. A request with GPUs and {@code gpuMilli} 0 asks for whole GPUs, so
     * its share per GPU becomes 1000.
     */
    public static ResourceDemand of(ResourceRequest request) {
        int gpuCount = Math.max(0, request.getGpuCount());
        int gpuMilli = request.getGpuMilli();
        if (gpuCount > 0 && gpuMilli <= 0) {
            gpuMilli = 1000;
        }
        if (gpuCount == 0 && gpuMilli > 0) {
            gpuCount = 1;
        }
        return new ResourceDemand(request.getCpuMilli(), request.getMemoryMib(), gpuCount,
                gpuCount == 0 ? 0 : gpuMilli, request.getGpuModel());
    }

    /** Returns {@code gpu} for a task that requests any GPU share, {@code cpu} otherwise. */
    public String taskPool() {
        return gpuCount > 0 ? "gpu" : "cpu";
    }

    /** Returns the GPU demand on one node in milli-GPUs summed over the requested GPUs. */
    public long totalGpuMilli() {
        return (long) gpuCount * gpuMilliPerGpu;
    }

    /** Converts to the forecast's request record. */
    public SnapshotRequest toSnapshotRequest() {
        return new SnapshotRequest(cpuMilli, memoryMib, gpuCount, gpuMilliPerGpu, gpuModel);
    }
}

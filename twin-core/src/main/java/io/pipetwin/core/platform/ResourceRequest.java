package io.pipetwin.core.platform;

/**
 * Resources one task holds on each node it runs on while it runs.
 *
 * <p>GPU requests come in three shapes: none ({@code gpuCount} 0), a share of one GPU ({@code gpuCount}
 * 1, {@code gpuMilli} below 1000, several such tasks share one GPU), and whole GPUs ({@code gpuMilli}
 * 1000, all {@code gpuCount} of them on the same node). The canonical constructor normalises a request
 * with a GPU count and no share to whole GPUs, and a share without a count to one GPU.
 *
 * @param cpuMilli  CPU in milli-cores; 1000 is one core
 * @param memoryMib memory in MiB
 * @param gpuCount  GPUs on one node
 * @param gpuMilli  share of each requested GPU in milli-GPUs; 1000 is a whole GPU
 * @param gpuModel  GPU model the task must run on, or null for any model
 */
public record ResourceRequest(long cpuMilli, long memoryMib, int gpuCount, int gpuMilli, String gpuModel) {

    public static final int WHOLE_GPU_MILLI = 1000;

    public ResourceRequest {
        if (cpuMilli < 0 || memoryMib < 0 || gpuCount < 0 || gpuMilli < 0 || gpuMilli > WHOLE_GPU_MILLI) {
            throw new IllegalArgumentException("invalid resource request cpuMilli=" + cpuMilli + " memoryMib="
                    + memoryMib + " gpuCount=" + gpuCount + " gpuMilli=" + gpuMilli
                    + "; amounts must be non-negative and gpuMilli at most 1000");
        }
        if (gpuCount > 0 && gpuMilli == 0) {
            gpuMilli = WHOLE_GPU_MILLI;
        } else if (gpuCount == 0 && gpuMilli > 0) {
            gpuCount = 1;
        }
        if (gpuCount > 1 && gpuMilli < WHOLE_GPU_MILLI) {
            throw new IllegalArgumentException("gpuCount " + gpuCount + " with gpuMilli " + gpuMilli
                    + ": a share below a whole GPU is only valid with gpuCount 1");
        }
    }

    /** Returns a CPU-only request. */
    public static ResourceRequest cpu(long cpuMilli, long memoryMib) {
        return new ResourceRequest(cpuMilli, memoryMib, 0, 0, null);
    }

    /** Returns a request of {@code gpuCount} whole GPUs of any model. */
    public static ResourceRequest gpus(long cpuMilli, long memoryMib, int gpuCount) {
        return new ResourceRequest(cpuMilli, memoryMib, gpuCount, WHOLE_GPU_MILLI, null);
    }

    public boolean usesGpu() {
        return gpuCount > 0;
    }

    /** Returns {@code gpu} for a request with any GPU share and {@code cpu} otherwise. */
    public String taskPool() {
        return gpuCount > 0 ? TaskPools.GPU : TaskPools.CPU;
    }

    /** Returns the GPU demand on one node in milli-GPUs summed over its GPUs. */
    public long totalGpuMilli() {
        return (long) gpuCount * gpuMilli;
    }
}

package io.pipetwin.core.forecast.scenario;

/**
 * Nodes a scenario adds (positive count) or removes (negative count) for one GPU model.
 *
 * @param gpuModel    GPU model of the nodes; {@code cpu} for nodes without GPUs
 * @param count       nodes to add (positive) or remove (negative); never 0
 * @param cpuMilli    CPU per added node in milli-cores; ignored when removing
 * @param memoryMib   memory per added node in MiB; ignored when removing
 * @param gpusPerNode GPUs per added node; 0 for {@code cpu}; ignored when removing
 */
public record NodeChange(String gpuModel, int count, long cpuMilli, long memoryMib, int gpusPerNode) {

    /** The GPU model name that stands for nodes without GPUs. */
    public static final String CPU = "cpu";

    public boolean isCpu() {
        return CPU.equals(gpuModel);
    }
}

package io.pipetwin.streams.mirror;

import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskSpec;

/**
 * Plausibility bounds of resource values. A node or request outside them is rejected as
 * {@link RejectReason#INVALID_RESOURCES}, because one absurd value would distort every forecast of its
 * platform. The bounds are well above any single machine sold today: 16,384 cores, 64 TiB of memory,
 * 1,024 GPUs per node, a GPU share of at most 1,000 milli-GPUs, and gangs of at most 100,000 nodes.
 * Zero is allowed everywhere (a CPU-only node has no GPU; a task may request no memory).
 */
public final class ResourceBounds {

    public static final long MAX_CPU_MILLI = 16_384_000L;
    public static final long MAX_MEMORY_MIB = 64L * 1024 * 1024;
    public static final int MAX_GPU_COUNT = 1_024;
    public static final int MAX_GPU_MILLI = 1_000;
    public static final int MAX_GANG_NODES = 100_000;

    private ResourceBounds() {
    }

    /** Returns null when the node's capacity is within bounds, otherwise what is wrong. */
    static String checkNode(NodeAdded node) {
        return check("node " + node.getNodeId(), node.getCpuMilli(), node.getMemoryMib(), node.getGpuCount(), 0);
    }

    /** Returns null when the task's request and gang size are within bounds, otherwise what is wrong. */
    static String checkTask(TaskSpec spec) {
        if (spec.getNodeCount() < 0 || spec.getNodeCount() > MAX_GANG_NODES) {
            return "task " + spec.getTaskId() + " gang size " + spec.getNodeCount() + " outside 0.." + MAX_GANG_NODES;
        }
        ResourceRequest request = spec.getRequest();
        if (request == null) {
            return null;
        }
        return check("task " + spec.getTaskId(), request.getCpuMilli(), request.getMemoryMib(), request.getGpuCount(),
                request.getGpuMilli());
    }

    private static String check(String subject, long cpuMilli, long memoryMib, int gpuCount, int gpuMilli) {
        if (cpuMilli < 0 || cpuMilli > MAX_CPU_MILLI) {
            return subject + " cpuMilli " + cpuMilli + " outside 0.." + MAX_CPU_MILLI;
        }
        if (memoryMib < 0 || memoryMib > MAX_MEMORY_MIB) {
            return subject + " memoryMib " + memoryMib + " outside 0.." + MAX_MEMORY_MIB;
        }
        if (gpuCount < 0 || gpuCount > MAX_GPU_COUNT) {
            return subject + " gpuCount " + gpuCount + " outside 0.." + MAX_GPU_COUNT;
        }
        if (gpuMilli < 0 || gpuMilli > MAX_GPU_MILLI) {
            return subject + " gpuMilli " + gpuMilli + " outside 0.." + MAX_GPU_MILLI;
        }
        return null;
    }
}

package io.pipetwin.streams.mirror;

/**
 * Capacity and allocation of one node pool, summed over its nodes in service.
 *
 * @param cpuCapacityMilli     CPU capacity in milli-cores
 * @param cpuAllocatedMilli    CPU held by running tasks in milli-cores
 * @param memoryCapacityMib    memory capacity in MiB
 * @param memoryAllocatedMib   memory held by running tasks in MiB
 * @param gpuCapacityMilli     GPU capacity in milli-GPUs (1000 per GPU)
 * @param gpuAllocatedMilli    GPU share held by running tasks in milli-GPUs
 */
public record PoolUsage(int nodeCount, long cpuCapacityMilli, long cpuAllocatedMilli, long memoryCapacityMib,
                        long memoryAllocatedMib, long gpuCapacityMilli, long gpuAllocatedMilli) {

    static final PoolUsage EMPTY = new PoolUsage(0, 0, 0, 0, 0, 0, 0);

    PoolUsage plus(NodeState node) {
        return new PoolUsage(nodeCount + 1,
                cpuCapacityMilli + node.cpuMilli(), cpuAllocatedMilli + node.allocatedCpuMilli(),
                memoryCapacityMib + node.memoryMib(), memoryAllocatedMib + node.allocatedMemoryMib(),
                gpuCapacityMilli + 1000L * node.gpuCount(), gpuAllocatedMilli + node.allocatedGpuMilliTotal());
    }
}

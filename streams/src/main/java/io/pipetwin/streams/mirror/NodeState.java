package io.pipetwin.streams.mirror;

import io.pipetwin.core.forecast.SnapshotNode;

import java.util.Arrays;

/**
 * Capacity and allocation of one node in service. Allocation is tracked per GPU so that fractional
 * GPU requests share a GPU the way the platform's scheduler packs them.
 */
public final class NodeState {

    private final String nodeId;
    private final String pool;
    private final String gpuModel;
    private final long cpuMilli;
    private final long memoryMib;
    private final long addedAtMillis;
    private long allocatedCpuMilli;
    private long allocatedMemoryMib;
    private final int[] allocatedGpuMilli;

    public NodeState(String nodeId, String pool, String gpuModel, long cpuMilli, long memoryMib, int gpuCount,
                     long addedAtMillis) {
        this(nodeId, pool, gpuModel, cpuMilli, memoryMib, addedAtMillis, 0, 0, new int[Math.max(0, gpuCount)]);
    }

    NodeState(String nodeId, String pool, String gpuModel, long cpuMilli, long memoryMib, long addedAtMillis,
              long allocatedCpuMilli, long allocatedMemoryMib, int[] allocatedGpuMilli) {
        this.nodeId = nodeId;
        this.pool = pool;
        this.gpuModel = gpuModel;
        this.cpuMilli = cpuMilli;
        this.memoryMib = memoryMib;
        this.addedAtMillis = addedAtMillis;
        this.allocatedCpuMilli = allocatedCpuMilli;
        this.allocatedMemoryMib = allocatedMemoryMib;
        this.allocatedGpuMilli = allocatedGpuMilli;
    }

    /**
     * Allocates a demand on this node and returns the indices of the GPUs it took. A fractional share
     * goes to the fullest GPU it still fits on (best fit); whole GPUs go to the emptiest ones.
     *
     * @return true in {@code overcommitted[0]} when the demand exceeded free CPU, memory or GPU
     */
    int[] allocate(ResourceDemand demand, boolean[] overcommitted) {
        boolean over = allocatedCpuMilli + demand.cpuMilli() > cpuMilli
                || allocatedMemoryMib + demand.memoryMib() > memoryMib;
        allocatedCpuMilli += demand.cpuMilli();
        allocatedMemoryMib += demand.memoryMib();

        int wanted = demand.gpuCount();
        int taken = Math.min(wanted, allocatedGpuMilli.length);
        if (taken < wanted) {
            over = true;
        }
        int[] indices = new int[taken];
        boolean[] used = new boolean[allocatedGpuMilli.length];
        for (int k = 0; k < taken; k++) {
            int index = chooseGpu(demand.gpuMilliPerGpu(), used);
            used[index] = true;
            indices[k] = index;
            if (allocatedGpuMilli[index] + demand.gpuMilliPerGpu() > 1000) {
                over = true;
            }
            allocatedGpuMilli[index] += demand.gpuMilliPerGpu();
        }
        overcommitted[0] = over;
        return indices;
    }

    private int chooseGpu(int gpuMilli, boolean[] used) {
        int bestFit = -1;
        int emptiest = -1;
        for (int i = 0; i < allocatedGpuMilli.length; i++) {
            if (used[i]) {
                continue;
            }
            int allocated = allocatedGpuMilli[i];
            boolean fits = allocated + gpuMilli <= 1000;
            boolean fractional = gpuMilli < 1000;
            if (fits && fractional && (bestFit < 0 || allocated > allocatedGpuMilli[bestFit])) {
                bestFit = i;
            }
            if (emptiest < 0 || allocated < allocatedGpuMilli[emptiest]) {
                emptiest = i;
            }
        }
        return bestFit >= 0 ? bestFit : emptiest;
    }

    /** Releases a demand allocated by {@link #allocate}; allocation never goes below zero. */
    void release(ResourceDemand demand, int[] gpuIndices) {
        allocatedCpuMilli = Math.max(0, allocatedCpuMilli - demand.cpuMilli());
        allocatedMemoryMib = Math.max(0, allocatedMemoryMib - demand.memoryMib());
        for (int index : gpuIndices) {
            if (index >= 0 && index < allocatedGpuMilli.length) {
                allocatedGpuMilli[index] = Math.max(0, allocatedGpuMilli[index] - demand.gpuMilliPerGpu());
            }
        }
    }

    /**
     * Adds back the allocation of a running task restored from the store, on the GPUs it held. The stores
     * keep a node's capacity only, so a restored node starts empty and gets each running task's share again.
     */
    void restoreAllocation(ResourceDemand demand, int[] gpuIndices) {
        allocatedCpuMilli += demand.cpuMilli();
        allocatedMemoryMib += demand.memoryMib();
        for (int index : gpuIndices) {
            if (index >= 0 && index < allocatedGpuMilli.length) {
                allocatedGpuMilli[index] += demand.gpuMilliPerGpu();
            }
        }
    }

    /** Returns a copy with no allocation: what the store keeps of a node. */
    NodeState withoutAllocation() {
        return new NodeState(nodeId, pool, gpuModel, cpuMilli, memoryMib, addedAtMillis, 0, 0,
                new int[allocatedGpuMilli.length]);
    }

    public SnapshotNode toSnapshotNode() {
        return new SnapshotNode(nodeId, pool, cpuMilli, memoryMib, allocatedGpuMilli.length, gpuModel);
    }

    public String nodeId() {
        return nodeId;
    }

    public String pool() {
        return pool;
    }

    public String gpuModel() {
        return gpuModel;
    }

    public long cpuMilli() {
        return cpuMilli;
    }

    public long memoryMib() {
        return memoryMib;
    }

    public int gpuCount() {
        return allocatedGpuMilli.length;
    }

    public long addedAtMillis() {
        return addedAtMillis;
    }

    public long allocatedCpuMilli() {
        return allocatedCpuMilli;
    }

    public long allocatedMemoryMib() {
        return allocatedMemoryMib;
    }

    /** Returns the allocation of each GPU in milli-GPUs; a copy. */
    public int[] allocatedGpuMilli() {
        return allocatedGpuMilli.clone();
    }

    /** Returns the allocation summed over this node's GPUs, in milli-GPUs. */
    public long allocatedGpuMilliTotal() {
        long total = 0;
        for (int milli : allocatedGpuMilli) {
            total += milli;
        }
        return total;
    }

    @Override
    public String toString() {
        return "NodeState[" + nodeId + ", pool=" + pool + ", cpu=" + allocatedCpuMilli + "/" + cpuMilli
                + ", memory=" + allocatedMemoryMib + "/" + memoryMib + ", gpu=" + Arrays.toString(allocatedGpuMilli) + "]";
    }
}

package io.pipetwin.core.platform;

import java.util.Arrays;

/**
 * A node in service or failed, with its free resources. GPUs are tracked one by one in milli-GPUs, so
 * tasks with a share of a GPU can share one, and a request for several whole GPUs finds them on this node.
 */
public final class Node {

    /** GPUs per node are tracked in a 64-bit mask per allocation. */
    public static final int MAX_GPUS = 64;

    private final int index;
    private final NodeSpec spec;
    private long freeCpuMilli;
    private long freeMemoryMib;
    private final int[] freeGpuMilli;
    /** GPUs with nothing allocated, and the largest free share of any GPU: answer fits() without a scan. */
    private int wholeFreeGpus;
    private int maxFreeGpuMilli;
    private long allocatedGpuMilli;
    private boolean up = true;
    private int runningTasks;
    /** Cluster whose block summaries this node invalidates when its free resources change; null when alone. */
    private Cluster owner;

    Node(int index, NodeSpec spec) {
        this.index = index;
        this.spec = spec;
        this.freeCpuMilli = spec.cpuMilli();
        this.freeMemoryMib = spec.memoryMib();
        this.freeGpuMilli = new int[spec.gpuCount()];
        Arrays.fill(freeGpuMilli, ResourceRequest.WHOLE_GPU_MILLI);
        refreshGpuSummary();
    }

    /** Returns the position of this node in its cluster, in order of addition. */
    public int index() {
        return index;
    }

    public NodeSpec spec() {
        return spec;
    }

    public String id() {
        return spec.nodeId();
    }

    public String pool() {
        return spec.pool();
    }

    public boolean isUp() {
        return up;
    }

    void markDown() {
        up = false;
        changed();
    }

    void setOwner(Cluster owner) {
        this.owner = owner;
    }

    private void changed() {
        if (owner != null) {
            owner.nodeChanged(index);
        }
    }

    /** Returns the largest free share of any one GPU in milli-GPUs; 0 without GPUs. */
    int maxFreeGpuMilli() {
        return maxFreeGpuMilli;
    }

    /** Returns the GPUs with nothing allocated. */
    int wholeFreeGpus() {
        return wholeFreeGpus;
    }

    public long freeCpuMilli() {
        return freeCpuMilli;
    }

    public long freeMemoryMib() {
        return freeMemoryMib;
    }

    public long allocatedCpuMilli() {
        return spec.cpuMilli() - freeCpuMilli;
    }

    public long allocatedMemoryMib() {
        return spec.memoryMib() - freeMemoryMib;
    }

    public long allocatedGpuMilli() {
        return allocatedGpuMilli;
    }

    public long gpuCapacityMilli() {
        return (long) spec.gpuCount() * ResourceRequest.WHOLE_GPU_MILLI;
    }

    /** Returns the free milli-GPUs of GPU {@code gpu}. */
    public int freeGpuMilli(int gpu) {
        return freeGpuMilli[gpu];
    }

    public int runningTasks() {
        return runningTasks;
    }

    /** Returns whether {@code request} fits on this node now. */
    public boolean fits(ResourceRequest request) {
        if (!up || request.cpuMilli() > freeCpuMilli || request.memoryMib() > freeMemoryMib) {
            return false;
        }
        if (request.gpuCount() == 0) {
            return true;
        }
        if (request.gpuModel() != null && !request.gpuModel().equals(spec.gpuModel())) {
            return false;
        }
        if (request.gpuCount() == 1) {
            return maxFreeGpuMilli >= request.gpuMilli();
        }
        return wholeFreeGpus >= request.gpuCount();
    }

    /**
     * Returns whether {@code request} would fit on this node if the given amounts were free: used to test
     * whether preempting some tasks makes room. {@code freeGpuMilliPerGpu} has one entry per GPU.
     */
    public boolean wouldFit(ResourceRequest request, long freeCpu, long freeMemory, int[] freeGpuMilliPerGpu) {
        if (!up || request.cpuMilli() > freeCpu || request.memoryMib() > freeMemory) {
            return false;
        }
        if (request.gpuCount() == 0) {
            return true;
        }
        if (request.gpuModel() != null && !request.gpuModel().equals(spec.gpuModel())) {
            return false;
        }
        return chooseGpus(freeGpuMilliPerGpu, request) != 0L;
    }

    /** Returns a copy of the free milli-GPUs per GPU. */
    public int[] freeGpuMilliCopy() {
        return freeGpuMilli.clone();
    }

    /**
     * Allocates {@code request} and returns the mask of GPUs used (bit i for GPU i, 0 without GPUs).
     * The caller has checked {@link #fits}.
     */
    public long allocate(ResourceRequest request) {
        if (owner != null) {
            owner.nodeAllocating(this, request);
        }
        long mask = 0L;
        if (request.gpuCount() > 0) {
            mask = chooseGpus(freeGpuMilli, request);
            if (mask == 0L) {
                throw new IllegalStateException("node " + id() + " has no GPUs free for " + request
                        + "; check fits before allocate");
            }
            for (int gpu = 0; gpu < freeGpuMilli.length; gpu++) {
                if ((mask & (1L << gpu)) != 0) {
                    freeGpuMilli[gpu] -= request.gpuMilli();
                }
            }
            allocatedGpuMilli += request.totalGpuMilli();
            refreshGpuSummary();
        }
        freeCpuMilli -= request.cpuMilli();
        freeMemoryMib -= request.memoryMib();
        runningTasks++;
        return mask;
    }

    /** Frees the resources of {@code request} allocated with the GPUs in {@code gpuMask}. */
    public void release(ResourceRequest request, long gpuMask) {
        if (gpuMask != 0L) {
            for (int gpu = 0; gpu < freeGpuMilli.length; gpu++) {
                if ((gpuMask & (1L << gpu)) != 0) {
                    freeGpuMilli[gpu] += request.gpuMilli();
                }
            }
            allocatedGpuMilli -= request.totalGpuMilli();
            refreshGpuSummary();
        }
        freeCpuMilli += request.cpuMilli();
        freeMemoryMib += request.memoryMib();
        runningTasks--;
        if (owner != null) {
            owner.nodeReleased(this);
        }
    }

    private void refreshGpuSummary() {
        int whole = 0;
        int max = 0;
        for (int free : freeGpuMilli) {
            if (free == ResourceRequest.WHOLE_GPU_MILLI) {
                whole++;
            }
            max = Math.max(max, free);
        }
        wholeFreeGpus = whole;
        maxFreeGpuMilli = max;
    }

    /**
     * Returns the GPUs a request would use, or 0 when it does not fit: for a share of one GPU, the GPU
     * with the least free share that still fits (packing shares onto partly used GPUs first); for whole
     * GPUs, the lowest-numbered free ones.
     */
    private static long chooseGpus(int[] freeGpuMilli, ResourceRequest request) {
        int needed = request.gpuCount();
        if (needed == 1) {
            int best = -1;
            int bestFree = Integer.MAX_VALUE;
            for (int gpu = 0; gpu < freeGpuMilli.length; gpu++) {
                int free = freeGpuMilli[gpu];
                if (free == request.gpuMilli()) {
                    return 1L << gpu;
                }
                if (free > request.gpuMilli() && free < bestFree) {
                    best = gpu;
                    bestFree = free;
                }
            }
            return best < 0 ? 0L : 1L << best;
        }
        long mask = 0L;
        int found = 0;
        for (int gpu = 0; gpu < freeGpuMilli.length && found < needed; gpu++) {
            if (freeGpuMilli[gpu] == ResourceRequest.WHOLE_GPU_MILLI) {
                mask |= 1L << gpu;
                found++;
            }
        }
        return found == needed ? mask : 0L;
    }

    @Override
    public String toString() {
        return "Node[" + id() + ", pool " + pool() + (up ? "" : ", down") + "]";
    }
}

package io.pipetwin.ingest.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceResourceRequest;

/**
 * Free capacity of every node during a replay, used to pick a node for each task start, because the
 * traces do not say which node ran a task.
 *
 * <p>Placement is first-fit in node-list order. A node fits when its free CPU and memory cover the
 * request, its GPU model matches a requested model, and its GPUs can take the GPU request. A
 * fractional request (one GPU, below 1000 milli) needs one GPU with enough free milli-GPUs, taken
 * first-fit among the node's GPUs. A whole-GPU request needs that many completely free GPUs.
 *
 * <p>When no node fits, {@link #place} returns a fallback placement on the GPU node with the most free
 * milli-GPUs (for a GPU request) or the node with the most free CPU (for a CPU-only request), without
 * reserving anything: the traced cluster's scheduler placed the task, so the emulated placement is only
 * an approximation of it.
 */
public final class MirroredCapacity {

    private final List<NodeState> nodes = new ArrayList<>();

    /** Creates the capacity of {@code traceNodes}, all of it free. */
    public MirroredCapacity(List<TraceNode> traceNodes) {
        for (TraceNode node : traceNodes) {
            nodes.add(new NodeState(node));
        }
    }

    /** Returns a placement for {@code request}, reserving its resources unless it is a fallback. */
    public Placement place(TraceResourceRequest request) {
        Placement placement = tryPlace(request);
        if (placement != null) {
            return placement;
        }
        NodeState fallback = fallbackNode(request);
        return new Placement(fallback == null ? null : fallback.node.nodeId(), fallback, request, null, true);
    }

    /**
     * Returns one placement per node of a task that runs on {@code nodeCount} distinct nodes at once, each
     * node holding the full {@code request}. The nodes are the first {@code nodeCount} that fit, in
     * node-list order. When fewer fit, nothing is reserved and every placement is a fallback, the first on
     * the node {@link #place} would fall back to and the others on the following nodes of the list.
     */
    public List<Placement> placeGang(TraceResourceRequest request, int nodeCount) {
        if (nodeCount == 1) {
            return List.of(place(request));
        }
        List<Placement> placements = new ArrayList<>(nodeCount);
        for (NodeState node : nodes) {
            int[] gpus = node.fit(request);
            if (gpus != null) {
                placements.add(new Placement(node.node.nodeId(), node, request, gpus, false));
                if (placements.size() == nodeCount) {
                    for (Placement placement : placements) {
                        placement.state().reserve(request, placement.gpuIndexes());
                    }
                    return placements;
                }
            }
        }
        placements.clear();
        NodeState fallback = fallbackNode(request);
        int first = fallback == null ? 0 : nodes.indexOf(fallback);
        for (int i = 0; i < Math.min(nodeCount, nodes.size()); i++) {
            NodeState node = nodes.get((first + i) % nodes.size());
            placements.add(new Placement(node.node.nodeId(), node, request, null, true));
        }
        return placements;
    }

    /** Reserves {@code request} on the first node that fits, or returns {@code null} when none fits. */
    public Placement tryPlace(TraceResourceRequest request) {
        for (NodeState node : nodes) {
            int[] gpus = node.fit(request);
            if (gpus != null) {
                node.reserve(request, gpus);
                return new Placement(node.node.nodeId(), node, request, gpus, false);
            }
        }
        return null;
    }

    /** Returns the resources of a non-fallback placement to its node. */
    public void release(Placement placement) {
        if (!placement.fallback()) {
            placement.state().release(placement.request(), placement.gpuIndexes());
        }
    }

    private NodeState fallbackNode(TraceResourceRequest request) {
        NodeState best = null;
        long bestFree = Long.MIN_VALUE;
        for (NodeState node : nodes) {
            if (request.gpuCount() > 0 && node.gpuFreeMilli.length == 0) {
                continue;
            }
            long free = request.gpuCount() > 0 ? node.totalFreeGpuMilli() : node.freeCpuMilli;
            if (free > bestFree) {
                best = node;
                bestFree = free;
            }
        }
        return best;
    }

    /**
     * A task's node and the resources reserved for it there.
     *
     * @param nodeId     chosen node id, or {@code null} when the node list is empty
     * @param gpuIndexes GPUs of the node holding the task's GPU share; {@code null} for a fallback
     * @param fallback   whether no node fitted and nothing was reserved
     */
    public record Placement(String nodeId, NodeState state, TraceResourceRequest request, int[] gpuIndexes,
                     boolean fallback) {
    }

    /** Mutable free capacity of one node. */
    public static final class NodeState {

        private static final int[] NO_GPUS = new int[0];

        private final TraceNode node;
        private long freeCpuMilli;
        private long freeMemoryMib;
        private final int[] gpuFreeMilli;

        NodeState(TraceNode node) {
            this.node = node;
            this.freeCpuMilli = node.cpuMilli();
            this.freeMemoryMib = node.memoryMib();
            this.gpuFreeMilli = new int[node.gpuCount()];
            Arrays.fill(gpuFreeMilli, 1000);
        }

        /** Returns the GPU indexes the request would use on this node, or {@code null} when it does not fit. */
        int[] fit(TraceResourceRequest request) {
            if (request.cpuMilli() > freeCpuMilli || request.memoryMib() > freeMemoryMib) {
                return null;
            }
            if (request.gpuCount() == 0) {
                return NO_GPUS;
            }
            if (request.gpuModel() != null && !request.gpuModel().equals(node.gpuModel())) {
                return null;
            }
            int[] chosen = new int[request.gpuCount()];
            int found = 0;
            for (int i = 0; i < gpuFreeMilli.length && found < chosen.length; i++) {
                if (gpuFreeMilli[i] >= request.gpuMilli()) {
                    chosen[found++] = i;
                }
            }
            return found == chosen.length ? chosen : null;
        }

        void reserve(TraceResourceRequest request, int[] gpus) {
            freeCpuMilli -= request.cpuMilli();
            freeMemoryMib -= request.memoryMib();
            for (int gpu : gpus) {
                gpuFreeMilli[gpu] -= request.gpuMilli();
            }
        }

        void release(TraceResourceRequest request, int[] gpus) {
            freeCpuMilli += request.cpuMilli();
            freeMemoryMib += request.memoryMib();
            for (int gpu : gpus) {
                gpuFreeMilli[gpu] += request.gpuMilli();
            }
        }

        long totalFreeGpuMilli() {
            long total = 0;
            for (int free : gpuFreeMilli) {
                total += free;
            }
            return total;
        }
    }
}

package io.pipetwin.core.trace.emulation;

import java.util.ArrayList;
import java.util.List;

import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.trace.TraceNode;

/** Builds the node list of an emulated cluster from a trace's node list or from a GPU count. */
public final class EmulatedClusters {

    /** GPUs per node of a cluster sized by GPU count. */
    public static final int DEFAULT_GPUS_PER_NODE = 8;
    /** CPU per node of a cluster sized by GPU count: 96 vCPUs, so CPU never limits traces without CPU demand. */
    public static final long DEFAULT_NODE_CPU_MILLI = 96_000;
    /** Memory per node of a cluster sized by GPU count: 512 GiB. */
    public static final long DEFAULT_NODE_MEMORY_MIB = 512L * 1024;
    /** Target mean GPU utilisation when the cluster is sized from the offered load. */
    public static final double DEFAULT_TARGET_UTILISATION = 0.7;

    private EmulatedClusters() {
    }

    /** Converts trace nodes to simulator nodes, the pool named after the GPU model. */
    public static List<NodeSpec> fromTrace(List<TraceNode> nodes) {
        List<NodeSpec> specs = new ArrayList<>(nodes.size());
        for (TraceNode node : nodes) {
            specs.add(new NodeSpec(node.nodeId(), null, node.cpuMilli(), node.memoryMib(), node.gpuCount(),
                    node.gpuModel()));
        }
        return specs;
    }

    /** Returns {@code ceil(gpus / 8)} identical 8-GPU nodes named {@code node-0}, {@code node-1}, ... */
    public static List<NodeSpec> homogeneous(int gpus) {
        if (gpus < 1) {
            throw new IllegalArgumentException("--gpus " + gpus + " is below 1; give a positive GPU count");
        }
        int nodes = (gpus + DEFAULT_GPUS_PER_NODE - 1) / DEFAULT_GPUS_PER_NODE;
        List<NodeSpec> specs = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            specs.add(new NodeSpec("node-" + i, null, DEFAULT_NODE_CPU_MILLI, DEFAULT_NODE_MEMORY_MIB,
                    DEFAULT_GPUS_PER_NODE, null));
        }
        return specs;
    }

    /**
     * Returns the GPU count at which the offered load would keep the cluster busy at
     * {@code targetUtilisation} on average: total GPU-seconds over the trace span divided by the target,
     * rounded up to whole 8-GPU nodes, and at least the largest single request.
     */
    public static int gpusForLoad(double gpuSeconds, double spanSeconds, double targetUtilisation, int largestRequest) {
        if (!(spanSeconds > 0) || !(targetUtilisation > 0)) {
            return Math.max(largestRequest, DEFAULT_GPUS_PER_NODE);
        }
        int gpus = (int) Math.ceil(gpuSeconds / spanSeconds / targetUtilisation);
        gpus = Math.max(gpus, largestRequest);
        return ((gpus + DEFAULT_GPUS_PER_NODE - 1) / DEFAULT_GPUS_PER_NODE) * DEFAULT_GPUS_PER_NODE;
    }
}

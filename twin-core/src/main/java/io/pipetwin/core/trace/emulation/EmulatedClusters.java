package io.pipetwin.core.trace.emulation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.formats.TraceFormat;

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

    /**
     * Returns the cluster to emulate a trace on: {@code gpus} GPUs on 8-GPU nodes when {@code gpus} is
     * above 0, else the trace's node list (or {@code nodes}), else nodes sized by
     * {@link #sizedForLoad} from one pass over the trace at {@link #DEFAULT_TARGET_UTILISATION}.
     *
     * @param nodes node list file, or null for the trace's own
     */
    public static List<NodeSpec> forTrace(TraceFormat format, Path input, Path nodes, RowErrorPolicy policy,
                                          int gpus) {
        if (gpus > 0) {
            return homogeneous(gpus);
        }
        List<TraceNode> traceNodes = format.readNodes(input, nodes, policy);
        if (!traceNodes.isEmpty()) {
            return fromTrace(traceNodes);
        }
        double gpuSeconds = 0;
        double coreSeconds = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long largestCpuMilli = 0;
        long largestMemoryMib = 0;
        int largestGang = 1;
        try (TraceReader<TraceTask> tasks = format.openTasks(input, policy)) {
            while (tasks.hasNext()) {
                TraceTask task = tasks.next();
                first = Math.min(first, task.submitTimeSeconds());
                last = Math.max(last, task.submitTimeSeconds());
                largestCpuMilli = Math.max(largestCpuMilli, task.request().cpuMilli());
                largestMemoryMib = Math.max(largestMemoryMib, task.request().memoryMib());
                largestGang = Math.max(largestGang, task.nodeCount());
                if (task.runSeconds().isPresent()) {
                    double run = task.runSeconds().getAsLong();
                    gpuSeconds += run * task.request().totalGpuMilli() * task.nodeCount() / 1000.0;
                    coreSeconds += run * task.request().cpuMilli() * task.nodeCount() / 1000.0;
                }
            }
        }
        double span = last > first ? last - first : 0;
        return sizedForLoad(gpuSeconds, coreSeconds, span, DEFAULT_TARGET_UTILISATION, largestCpuMilli,
                largestMemoryMib, largestGang);
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
     * Returns identical 8-GPU nodes, enough that the offered GPU and CPU load would keep them busy at
     * {@code targetUtilisation} on average: {@code max(gpuSeconds / span / target / 8, coreSeconds / span /
     * target / coresPerNode)} nodes, rounded up, and at least {@code minNodes}. Each node has 96 vCPUs and
     * 512 GiB, or more where the largest single request needs it.
     */
    public static List<NodeSpec> sizedForLoad(double gpuSeconds, double cpuCoreSeconds, double spanSeconds,
                                              double targetUtilisation, long largestCpuMilli, long largestMemoryMib,
                                              int minNodes) {
        long nodeCpuMilli = Math.max(DEFAULT_NODE_CPU_MILLI, largestCpuMilli);
        long nodeMemoryMib = Math.max(DEFAULT_NODE_MEMORY_MIB, largestMemoryMib);
        double busy = spanSeconds > 0 && targetUtilisation > 0 ? spanSeconds * targetUtilisation : Double.NaN;
        long gpuNodes = Double.isNaN(busy) ? 1 : (long) Math.ceil(gpuSeconds / busy / DEFAULT_GPUS_PER_NODE);
        long cpuNodes = Double.isNaN(busy) ? 1 : (long) Math.ceil(cpuCoreSeconds * 1000 / busy / nodeCpuMilli);
        long nodes = Math.max(Math.max(gpuNodes, cpuNodes), Math.max(1, minNodes));
        List<NodeSpec> specs = new ArrayList<>((int) nodes);
        for (int i = 0; i < nodes; i++) {
            specs.add(new NodeSpec("node-" + i, null, nodeCpuMilli, nodeMemoryMib, DEFAULT_GPUS_PER_NODE, null));
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

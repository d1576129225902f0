package io.pipetwin.core.bench;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SnapshotNode;
import io.pipetwin.core.forecast.SnapshotRequest;
import io.pipetwin.core.forecast.SnapshotTask;
import io.pipetwin.core.forecast.online.OnlineModelSettings;
import io.pipetwin.core.forecast.online.OnlineWorkloadModel;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.alibaba2023.NodeListReader;
import io.pipetwin.core.trace.alibaba2023.PodListReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A platform snapshot the size of the Alibaba GPU 2023 cluster (openb): 1,523 nodes with 6,212 GPUs, its
 * pods as the task shapes, running tasks placed first-fit until {@code targetGpuShare} of the GPUs is
 * allocated, and {@code waitingTasks} tasks waiting. The workload inputs (hour-of-week rates, durations,
 * arrival mix) come from an {@link OnlineWorkloadModel} fed {@code observedEvents} synthetic events, so that
 * forecasts after short and long histories can be compared.
 *
 * <p>Without the trace files the node mix is the one of {@code openb_node_list_all_node.csv} (GPUs per node
 * and model counted from it), with 96 cores and 768 GiB per GPU node and 32 cores and 256 GiB per CPU node,
 * and the pod shapes are whole-GPU and shared-GPU requests in fixed proportions.
 */
public final class AlibabaScaleSnapshot {

    /** Start of the snapshot: a Monday 09:00 UTC. */
    public static final double START_SECONDS = 4 * 86_400.0 + 2900 * 604_800.0 + 9 * 3600;

    /** Node mix of openb_node_list_all_node.csv: {GPUs per node, GPU model, nodes}; 1,523 nodes, 6,212 GPUs. */
    private static final Object[][] NODE_MIX = {
        {0, null, 310}, {1, "A10", 2}, {1, "P100", 3}, {1, "V100M16", 19}, {2, "P100", 131}, {2, "T4", 387},
        {4, "T4", 17}, {4, "V100M16", 28}, {4, "V100M32", 9}, {8, "G2", 549}, {8, "G3", 39}, {8, "V100M16", 8},
        {8, "V100M32", 21}};

    private AlibabaScaleSnapshot() {
    }

    /** Builds the snapshot; {@code traceDir} may be null or lack the openb files. */
    public static PlatformSnapshot build(Path traceDir, int waitingTasks, double targetGpuShare, long observedEvents,
                                         long seed) {
        List<SnapshotNode> nodes = nodes(traceDir);
        List<SnapshotRequest> shapes = podShapes(traceDir);
        RandomStream random = new RandomStream(seed);

        long[] freeCpu = new long[nodes.size()];
        long[] freeMemory = new long[nodes.size()];
        int[] freeGpus = new int[nodes.size()];
        long totalGpus = 0;
        for (int i = 0; i < nodes.size(); i++) {
            freeCpu[i] = nodes.get(i).cpuMilli();
            freeMemory[i] = nodes.get(i).memoryMib();
            freeGpus[i] = nodes.get(i).gpuCount();
            totalGpus += nodes.get(i).gpuCount();
        }
        List<SnapshotTask> running = new ArrayList<>();
        long allocatedGpus = 0;
        int cursor = 0;
        for (int attempt = 0; attempt < 100_000 && allocatedGpus < targetGpuShare * totalGpus; attempt++) {
            SnapshotRequest shape = wholeGpus(shapes.get(random.nextInt(shapes.size())));
            for (int k = 0; k < nodes.size(); k++) {
                int i = (cursor + k) % nodes.size();
                if (freeCpu[i] >= shape.cpuMilli() && freeMemory[i] >= shape.memoryMib()
                        && freeGpus[i] >= shape.gpuCount()) {
                    freeCpu[i] -= shape.cpuMilli();
                    freeMemory[i] -= shape.memoryMib();
                    freeGpus[i] -= shape.gpuCount();
                    allocatedGpus += shape.gpuCount();
                    running.add(new SnapshotTask("r-" + running.size(), "job-r-" + running.size(), classOf(shape),
                            shape, 1, START_SECONDS - random.nextDouble() * 7200, List.of(nodes.get(i).nodeId())));
                    cursor = i;
                    break;
                }
            }
        }
        List<SnapshotTask> waiting = new ArrayList<>();
        for (int i = 0; i < waitingTasks; i++) {
            SnapshotRequest shape = shapes.get(random.nextInt(shapes.size()));
            waiting.add(new SnapshotTask("w-" + i, "job-w-" + i, classOf(shape), shape, 1,
                    START_SECONDS - 600 + i * 0.5, List.of()));
        }

        OnlineWorkloadModel model = new OnlineWorkloadModel(OnlineModelSettings.DEFAULTS, null);
        feed(model, shapes, observedEvents, random);
        PlatformSnapshot bare = new PlatformSnapshot(START_SECONDS, nodes, waiting, running, java.util.Map.of(), 0.0,
                List.of());
        return model.applyTo(bare);
    }

    /**
     * Feeds {@code events} arrivals (and as many durations) ending at the snapshot's start, at 1,000 arrivals
     * per hour, durations lognormal with a median of 30 minutes and sigma 1.5.
     */
    private static void feed(OnlineWorkloadModel model, List<SnapshotRequest> shapes, long events,
                             RandomStream random) {
        double gapSeconds = 3.6;
        double first = START_SECONDS - events * gapSeconds;
        for (long e = 0; e < events; e++) {
            SnapshotRequest shape = shapes.get(random.nextInt(shapes.size()));
            model.observeArrival(first + e * gapSeconds, classOf(shape), shape, 1);
            model.observeDuration(classOf(shape), random.nextLognormal(Math.log(1800), 1.5));
        }
    }

    private static String classOf(SnapshotRequest shape) {
        return shape.gpuCount() == 0 && shape.gpuMilli() == 0 ? "cpu-task"
                : shape.gpuMilli() < 1000 ? "shared-gpu-task" : "gpu-task";
    }

    /** Shared-GPU shapes count as one whole GPU in the first-fit fill, which keeps the fill simple. */
    private static SnapshotRequest wholeGpus(SnapshotRequest shape) {
        return shape.gpuMilli() > 0 && shape.gpuMilli() < 1000
                ? new SnapshotRequest(shape.cpuMilli(), shape.memoryMib(), 1, 1000, shape.gpuModel()) : shape;
    }

    private static List<SnapshotNode> nodes(Path traceDir) {
        Path file = traceDir == null ? null : traceDir.resolve("alibaba_gpu_v2023/openb_node_list_all_node.csv");
        List<SnapshotNode> nodes = new ArrayList<>();
        if (file != null && Files.isRegularFile(file)) {
            try (NodeListReader reader = new NodeListReader(file, RowErrorPolicy.FAIL)) {
                while (reader.hasNext()) {
                    TraceNode node = reader.next();
                    String model = node.gpuCount() == 0 ? null : node.gpuModel();
                    nodes.add(new SnapshotNode(node.nodeId(), model == null ? "cpu" : model, node.cpuMilli(),
                            node.memoryMib(), node.gpuCount(), model));
                }
            }
            return nodes;
        }
        for (Object[] row : NODE_MIX) {
            int gpus = (Integer) row[0];
            String model = (String) row[1];
            for (int i = 0; i < (Integer) row[2]; i++) {
                nodes.add(new SnapshotNode("node-" + nodes.size(), model == null ? "cpu" : model,
                        gpus == 0 ? 32_000 : 96_000, gpus == 0 ? 262_144 : 786_432, gpus, model));
            }
        }
        return nodes;
    }

    private static List<SnapshotRequest> podShapes(Path traceDir) {
        Path file = traceDir == null ? null : traceDir.resolve("alibaba_gpu_v2023/openb_pod_list_default.csv");
        List<SnapshotRequest> shapes = new ArrayList<>();
        if (file != null && Files.isRegularFile(file)) {
            try (PodListReader reader = new PodListReader(file, RowErrorPolicy.SKIP, Long.MAX_VALUE)) {
                while (reader.hasNext()) {
                    TraceTask pod = reader.next();
                    var r = pod.request();
                    shapes.add(new SnapshotRequest(r.cpuMilli(), r.memoryMib(), r.gpuCount(), r.gpuMilli(), null));
                }
            }
            return shapes;
        }
        for (int i = 0; i < 10; i++) {
            shapes.add(new SnapshotRequest(8000, 32_768, 1, 1000, null));
        }
        for (int i = 0; i < 6; i++) {
            shapes.add(new SnapshotRequest(4000, 16_384, 1, 500, null));
        }
        shapes.add(new SnapshotRequest(32_000, 131_072, 8, 1000, null));
        shapes.add(new SnapshotRequest(16_000, 65_536, 2, 1000, null));
        shapes.add(new SnapshotRequest(4000, 8192, 0, 0, null));
        return shapes;
    }
}

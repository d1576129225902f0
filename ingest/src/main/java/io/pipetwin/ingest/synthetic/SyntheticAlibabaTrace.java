package io.pipetwin.ingest.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.ingest.replay.MirroredCapacity;

/**
 * Writes a small synthetic trace in the Alibaba GPU 2023 format, for tests and demos without the real
 * data: a fixed six-node cluster and {@code podCount} pods from one seed.
 *
 * <p>Model: Poisson arrivals (mean inter-arrival {@value #MEAN_INTERARRIVAL_SECONDS} s); requests drawn
 * from a small mix (15% CPU-only, 70% one fractional or whole GPU, 15% two or four GPUs); exponential run
 * times (mean {@value #MEAN_RUN_SECONDS} s, at least 1 s). Pods are scheduled in FIFO order with
 * backfilling by the same first-fit placement that {@link MirroredCapacity} uses, at the first instant
 * capacity allows, so a replay of the file places every pod without a fallback. A pod still waiting
 * {@value #PATIENCE_SECONDS} s after creation is withdrawn (phase Pending). Pods running at the trace end
 * (the last arrival plus {@value #TAIL_SECONDS} s) keep phase Running with deletion at that instant.
 * Finished pods get phase Running (deleted), Failed or Succeeded in a 60/25/15 mix, roughly like the
 * published trace.
 */
public final class SyntheticAlibabaTrace {

    public static final double MEAN_INTERARRIVAL_SECONDS = 120;
    public static final double MEAN_RUN_SECONDS = 3600;
    public static final long PATIENCE_SECONDS = 3600;
    public static final long TAIL_SECONDS = 600;

    private static final List<TraceNode> NODES = List.of(
            new TraceNode("synthetic-node-0", 96_000, 786_432, 8, "G2"),
            new TraceNode("synthetic-node-1", 96_000, 786_432, 8, "G2"),
            new TraceNode("synthetic-node-2", 64_000, 393_216, 2, "T4"),
            new TraceNode("synthetic-node-3", 64_000, 393_216, 2, "T4"),
            new TraceNode("synthetic-node-4", 32_000, 262_144, 0, null),
            new TraceNode("synthetic-node-5", 32_000, 262_144, 0, null));

    private static final long[] CPU_MILLI = {2_000, 4_000, 8_000, 12_000};
    private static final long[] MEMORY_MIB = {4_096, 8_192, 16_384, 32_768};
    private static final int[] SHARED_GPU_MILLI = {250, 500, 1000};

    private SyntheticAlibabaTrace() {
    }

    /** Returns the nodes of the synthetic cluster. */
    public static List<TraceNode> nodes() {
        return NODES;
    }

    /**
     * Writes {@value AlibabaGpu2023Trace#DEFAULT_POD_LIST} and {@value AlibabaGpu2023Trace#DEFAULT_NODE_LIST}
     * into {@code directory}, creating it when needed.
     *
     * @return the written trace
     */
    public static AlibabaGpu2023Trace write(Path directory, int podCount, long seed) {
        if (podCount < 1) {
            throw new IllegalArgumentException("podCount " + podCount + " is invalid; use 1 or more");
        }
        List<Pod> pods = schedule(drawPods(podCount, new SplittableRandom(seed)), new SplittableRandom(seed + 1));
        try {
            Files.createDirectories(directory);
            writeNodes(directory.resolve(AlibabaGpu2023Trace.DEFAULT_NODE_LIST));
            writePods(directory.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST), pods);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the synthetic trace to " + directory + " failed", e);
        }
        return AlibabaGpu2023Trace.inDirectory(directory);
    }

    private static List<Pod> drawPods(int podCount, SplittableRandom random) {
        List<Pod> pods = new ArrayList<>(podCount);
        double time = 0;
        for (int i = 0; i < podCount; i++) {
            if (i > 0) {
                time += -MEAN_INTERARRIVAL_SECONDS * Math.log(1 - random.nextDouble());
            }
            double kind = random.nextDouble();
            int gpuCount;
            int gpuMilli;
            if (kind < 0.15) {
                gpuCount = 0;
                gpuMilli = 0;
            } else if (kind < 0.85) {
                gpuCount = 1;
                gpuMilli = SHARED_GPU_MILLI[random.nextInt(SHARED_GPU_MILLI.length)];
            } else {
                gpuCount = random.nextBoolean() ? 2 : 4;
                gpuMilli = 1000;
            }
            TraceResourceRequest request = new TraceResourceRequest(CPU_MILLI[random.nextInt(CPU_MILLI.length)],
                    MEMORY_MIB[random.nextInt(MEMORY_MIB.length)], gpuCount, gpuMilli, null);
            long runSeconds = Math.max(1, Math.round(-MEAN_RUN_SECONDS * Math.log(1 - random.nextDouble())));
            pods.add(new Pod(String.format("synthetic-pod-%05d", i), request, (long) time, runSeconds,
                    random.nextBoolean() ? "LS" : "BE"));
        }
        return pods;
    }

    /**
     * Simulates FIFO scheduling with backfilling: at every arrival and finish instant, finishes release
     * capacity first, then each waiting pod in arrival order starts if a node fits it.
     */
    private static List<Pod> schedule(List<Pod> pods, SplittableRandom random) {
        MirroredCapacity capacity = new MirroredCapacity(NODES);
        long traceEnd = pods.get(pods.size() - 1).creation + TAIL_SECONDS;
        PriorityQueue<Pod> running = new PriorityQueue<>(Comparator.comparingLong((Pod pod) -> pod.deletion)
                .thenComparing(pod -> pod.name));
        ArrayDeque<Pod> waiting = new ArrayDeque<>();
        Iterator<Pod> arrivals = pods.iterator();
        Pod nextArrival = arrivals.next();

        while (nextArrival != null || !running.isEmpty()) {
            long now = Math.min(nextArrival == null ? Long.MAX_VALUE : nextArrival.creation,
                    running.isEmpty() ? Long.MAX_VALUE : running.peek().deletion);
            if (now > traceEnd) {
                break;
            }
            while (!running.isEmpty() && running.peek().deletion == now) {
                Pod finished = running.poll();
                capacity.release(finished.placement);
                finished.phase = finishedPhase(random);
            }
            while (nextArrival != null && nextArrival.creation == now) {
                waiting.add(nextArrival);
                nextArrival = arrivals.hasNext() ? arrivals.next() : null;
            }
            for (Iterator<Pod> queue = waiting.iterator(); queue.hasNext(); ) {
                Pod pod = queue.next();
                if (pod.creation + PATIENCE_SECONDS < now) {
                    withdraw(pod, pod.creation + PATIENCE_SECONDS);
                    queue.remove();
                    continue;
                }
                MirroredCapacity.Placement placement = capacity.tryPlace(pod.request);
                if (placement != null) {
                    pod.placement = placement;
                    pod.scheduled = now;
                    pod.deletion = now + pod.runSeconds;
                    running.add(pod);
                    queue.remove();
                }
            }
        }
        for (Pod pod : running) {
            pod.deletion = traceEnd;
            pod.phase = "Running";
            pod.stillRunning = true;
        }
        for (Pod pod : waiting) {
            withdraw(pod, Math.min(pod.creation + PATIENCE_SECONDS, traceEnd));
        }
        return pods;
    }

    private static void withdraw(Pod pod, long deletion) {
        pod.phase = "Pending";
        pod.deletion = deletion;
    }

    private static String finishedPhase(SplittableRandom random) {
        double draw = random.nextDouble();
        if (draw < 0.60) {
            return "Running";
        }
        return draw < 0.85 ? "Failed" : "Succeeded";
    }

    private static void writeNodes(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("sn,cpu_milli,memory_mib,gpu,model\n");
            for (TraceNode node : NODES) {
                out.write(node.nodeId() + "," + node.cpuMilli() + "," + node.memoryMib() + "," + node.gpuCount() + ","
                        + (node.gpuModel() == null ? "" : node.gpuModel()) + "\n");
            }
        }
    }

    private static void writePods(Path file, List<Pod> pods) throws IOException {
        long traceEnd = pods.stream().mapToLong(pod -> pod.deletion).max().orElse(0);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,"
                    + "deletion_time,scheduled_time\n");
            for (Pod pod : pods) {
                String phase = pod.phase;
                if ("Running".equals(phase) && pod.deletion == traceEnd && !pod.stillRunning) {
                    // A pod deleted at the trace's last instant would read as still running.
                    phase = "Succeeded";
                }
                out.write(pod.name + "," + pod.request.cpuMilli() + "," + pod.request.memoryMib() + ","
                        + pod.request.gpuCount() + "," + pod.request.gpuMilli() + ",," + pod.qos + "," + phase + ","
                        + pod.creation + "," + pod.deletion + "," + (pod.scheduled < 0 ? "" : pod.scheduled) + "\n");
            }
        }
    }

    /** A pod while its schedule is computed; times in seconds from the trace start. */
    private static final class Pod {
        final String name;
        final TraceResourceRequest request;
        final long creation;
        final long runSeconds;
        final String qos;
        long scheduled = -1;
        long deletion;
        String phase;
        boolean stillRunning;
        MirroredCapacity.Placement placement;

        Pod(String name, TraceResourceRequest request, long creation, long runSeconds, String qos) {
            this.name = name;
            this.request = request;
            this.creation = creation;
            this.runSeconds = runSeconds;
            this.qos = qos;
        }
    }
}

package io.pipetwin.streams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the twin must report after a replay of an Alibaba GPU 2023 trace, computed straight from the
 * CSV files with the replay's rules: every node is added at trace time 0; every pod is submitted and
 * queued at {@code creation_time}; a pod with a {@code scheduled_time} starts then; a started pod
 * finishes at {@code deletion_time} unless it is still Running at the trace's last instant. A pod that
 * never started (phase Pending) is cancelled at its {@code deletion_time}, or stays queued without one.
 */
final class TraceExpectations {

    record Pod(long creationSeconds, Long scheduledSeconds, Long finishSeconds, Long cancelSeconds, boolean gpu) {
    }

    final long nodeCount;
    final List<Pod> pods = new ArrayList<>();
    final Map<String, long[]> nodePoolCapacity = new TreeMap<>();
    final java.util.Set<String> gpuModels = new java.util.TreeSet<>();
    final long startMillis;

    TraceExpectations(Path directory, long startMillis) {
        this.startMillis = startMillis;
        List<Map<String, String>> nodes = read(directory.resolve("openb_node_list_all_node.csv"));
        nodeCount = nodes.size();
        for (Map<String, String> node : nodes) {
            int gpus = Integer.parseInt(node.get("gpu"));
            String model = node.getOrDefault("model", "");
            String pool = gpus == 0 ? "cpu" : model.isEmpty() ? "gpu" : model;
            if (gpus > 0 && !model.isBlank()) {
                gpuModels.add(model);
            }
            for (String name : List.of(pool, "all")) {
                long[] capacity = nodePoolCapacity.computeIfAbsent(name, key -> new long[3]);
                capacity[0] += Long.parseLong(node.get("cpu_milli"));
                capacity[1] += Long.parseLong(node.get("memory_mib"));
                capacity[2] += gpus * 1000L;
            }
        }

        List<Map<String, String>> rows = read(directory.resolve("openb_pod_list_default.csv"));
        long traceEndSeconds = 0;
        for (Map<String, String> row : rows) {
            for (String column : List.of("creation_time", "scheduled_time", "deletion_time")) {
                if (!row.get(column).isEmpty()) {
                    traceEndSeconds = Math.max(traceEndSeconds, Long.parseLong(row.get(column)));
                }
            }
        }
        for (Map<String, String> row : rows) {
            long creation = Long.parseLong(row.get("creation_time"));
            Long scheduled = row.get("scheduled_time").isEmpty() ? null : Long.parseLong(row.get("scheduled_time"));
            Long deletion = row.get("deletion_time").isEmpty() ? null : Long.parseLong(row.get("deletion_time"));
            boolean stillRunning = "Running".equals(row.get("pod_phase")) && deletion != null && deletion >= traceEndSeconds;
            Long finish = scheduled != null && deletion != null && !stillRunning ? deletion : null;
            Long cancel = scheduled == null && deletion != null ? Math.max(deletion, creation) : null;
            boolean gpu = Integer.parseInt(row.get("num_gpu")) > 0 || Integer.parseInt(row.get("gpu_milli")) > 0;
            pods.add(new Pod(creation, scheduled, finish, cancel, gpu));
        }
    }

    long started() {
        return pods.stream().filter(pod -> pod.scheduledSeconds() != null).count();
    }

    long finished() {
        return pods.stream().filter(pod -> pod.finishSeconds() != null).count();
    }

    long cancelled() {
        return pods.stream().filter(pod -> pod.cancelSeconds() != null).count();
    }

    long eventCount() {
        return nodeCount + 2L * pods.size() + started() + finished() + cancelled();
    }

    /** Returns every distinct event time in epoch millis, ascending. */
    TreeSet<Long> eventTimesMillis() {
        TreeSet<Long> times = new TreeSet<>();
        if (nodeCount > 0) {
            times.add(startMillis);
        }
        for (Pod pod : pods) {
            times.add(millis(pod.creationSeconds()));
            if (pod.scheduledSeconds() != null) {
                times.add(millis(pod.scheduledSeconds()));
            }
            if (pod.finishSeconds() != null) {
                times.add(millis(pod.finishSeconds()));
            }
            if (pod.cancelSeconds() != null) {
                times.add(millis(pod.cancelSeconds()));
            }
        }
        return times;
    }

    private long millis(long traceSeconds) {
        return startMillis + traceSeconds * 1000;
    }

    /**
     * Applies the cadence rule to the event times: the first event sets the next boundary to the first
     * multiple of the interval after it; an event at or after the next boundary crosses every boundary
     * up to its time; all are forecast when at most {@code maxCatchUp} are crossed, else only the latest.
     *
     * @return the forecast boundaries; {@code skipped[0]} receives the skipped ones
     */
    List<Long> expectedBoundaries(long intervalMillis, int maxCatchUp, long[] skipped) {
        List<Long> boundaries = new ArrayList<>();
        long next = -1;
        for (long time : eventTimesMillis()) {
            if (next < 0) {
                next = (time / intervalMillis + 1) * intervalMillis;
                continue;
            }
            if (time < next) {
                continue;
            }
            long crossed = (time - next) / intervalMillis + 1;
            if (crossed > maxCatchUp) {
                boundaries.add(next + (crossed - 1) * intervalMillis);
                skipped[0] += crossed - 1;
            } else {
                for (long i = 0; i < crossed; i++) {
                    boundaries.add(next + i * intervalMillis);
                }
            }
            next += crossed * intervalMillis;
        }
        return boundaries;
    }

    /** Returns the waiting pods at a boundary: queued before it, and neither started nor cancelled before it. */
    Map<String, Integer> queueAt(long boundaryMillis) {
        Map<String, Integer> queue = new HashMap<>(Map.of("gpu", 0, "cpu", 0, "all", 0));
        for (Pod pod : pods) {
            boolean queued = millis(pod.creationSeconds()) < boundaryMillis;
            boolean started = pod.scheduledSeconds() != null && millis(pod.scheduledSeconds()) < boundaryMillis;
            boolean cancelled = pod.cancelSeconds() != null && millis(pod.cancelSeconds()) < boundaryMillis;
            if (queued && !started && !cancelled) {
                queue.merge(pod.gpu() ? "gpu" : "cpu", 1, Integer::sum);
                queue.merge("all", 1, Integer::sum);
            }
        }
        return queue;
    }

    /**
     * Returns the resource forecasts per boundary: CPU and memory per pool, GPU where the pool has GPUs, and
     * GPU per named GPU model with GPUs.
     */
    int resourceForecastsPerBoundary() {
        int count = gpuModels.size();
        for (long[] capacity : nodePoolCapacity.values()) {
            count += (capacity[0] > 0 ? 1 : 0) + (capacity[1] > 0 ? 1 : 0) + (capacity[2] > 0 ? 1 : 0);
        }
        return count;
    }

    private static List<Map<String, String>> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            String[] header = lines.get(0).split(",", -1);
            List<Map<String, String>> rows = new ArrayList<>(lines.size());
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i].trim(), i < fields.length ? fields[i].trim() : "");
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
    }
}

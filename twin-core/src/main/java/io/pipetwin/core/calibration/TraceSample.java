package io.pipetwin.core.calibration;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceTask;

/**
 * The numbers calibration and validation need from a trace, gathered in one pass over a reader in submit
 * order: submit times of arrivals, run times and request shapes per task class, and queueing delays. Memory
 * is a few doubles per task, far less than the tasks themselves.
 */
public final class TraceSample {

    /** A request shape; {@code nodeCount} nodes each hold it. */
    public record Shape(long cpuMilli, long memoryMib, int gpuCount, int gpuMilli, int nodeCount, String gpuModel) {
    }

    /** Run times and request shapes of one class. */
    public static final class ClassSample {
        final DoubleList runSeconds = new DoubleList();
        final Map<Shape, Long> shapes = new HashMap<>();

        public double[] sortedRunSeconds() {
            return runSeconds.sorted();
        }

        public Map<Shape, Long> shapes() {
            return shapes;
        }

        public int size() {
            return runSeconds.size();
        }
    }

    private final DoubleList submitSeconds = new DoubleList();
    private final DoubleList queueingDelaySeconds = new DoubleList();
    private final Map<String, ClassSample> classes = new LinkedHashMap<>();
    private long tasks;
    private long censored;
    private double gpuSeconds;
    private double cpuCoreSeconds;
    private double lastInstantSeconds;
    private double censoredGpus;
    private double censoredGpuStartProduct;
    private double censoredCores;
    private double censoredCoreStartProduct;

    /** Reads every task of {@code reader}, reporting the count to {@code progress} every 20,000 tasks. */
    public static TraceSample collect(TraceReader<TraceTask> reader, LongConsumer progress) {
        TraceSample sample = new TraceSample();
        while (reader.hasNext()) {
            sample.add(reader.next());
            if (sample.tasks % 20_000 == 0) {
                progress.accept(sample.tasks);
            }
        }
        return sample;
    }

    /** Adds one task. */
    public void add(TraceTask task) {
        tasks++;
        accountLoad(task);
        if (task.presentAtStart()) {
            return;
        }
        submitSeconds.add(task.submitTimeSeconds());
        task.queueingDelaySeconds().ifPresent(delay -> queueingDelaySeconds.add(delay));
        if (task.started() && task.endTimeSeconds().isEmpty() && task.recordedRunSeconds().isEmpty()) {
            censored++;
        }
        if (task.runSeconds().isEmpty()) {
            return;
        }
        long run = task.runSeconds().getAsLong();
        ClassSample classSample = classes.computeIfAbsent(TaskClassifier.classOf(task), name -> new ClassSample());
        classSample.runSeconds.add(run);
        var r = task.request();
        classSample.shapes.merge(new Shape(r.cpuMilli(), r.memoryMib(), r.gpuCount(), r.gpuMilli(), task.nodeCount(),
                r.gpuModel()), 1L, Long::sum);
    }

    /**
     * Adds the task's GPU- and core-seconds to the offered load, tasks present at the trace's start
     * included. A task still running when the trace ends counts up to the latest instant the trace shows.
     */
    private void accountLoad(TraceTask task) {
        var r = task.request();
        double gpus = (double) r.totalGpuMilli() * task.nodeCount() / 1000.0;
        double cores = r.cpuMilli() * task.nodeCount() / 1000.0;
        lastInstantSeconds = Math.max(lastInstantSeconds, task.submitTimeSeconds());
        task.endTimeSeconds().ifPresent(end -> lastInstantSeconds = Math.max(lastInstantSeconds, end));
        if (task.runSeconds().isPresent()) {
            gpuSeconds += task.runSeconds().getAsLong() * gpus;
            cpuCoreSeconds += task.runSeconds().getAsLong() * cores;
        } else if (task.started()) {
            long start = task.startTimeSeconds().getAsLong();
            censoredGpus += gpus;
            censoredGpuStartProduct += gpus * start;
            censoredCores += cores;
            censoredCoreStartProduct += cores * start;
        }
    }

    public long tasks() {
        return tasks;
    }

    public long censored() {
        return censored;
    }

    /** Returns the GPU-seconds the tasks hold, the ones still running at the end counted up to it. */
    public double gpuSeconds() {
        return gpuSeconds + censoredGpus * lastInstantSeconds - censoredGpuStartProduct;
    }

    /** Returns the vCPU-seconds the tasks hold, counted like {@link #gpuSeconds()}. */
    public double cpuCoreSeconds() {
        return cpuCoreSeconds + censoredCores * lastInstantSeconds - censoredCoreStartProduct;
    }

    /** Returns the submit times of arrivals, ascending (the reader gives submit order). */
    public double[] submitSeconds() {
        return submitSeconds.toArray();
    }

    public double[] sortedQueueingDelaySeconds() {
        return queueingDelaySeconds.sorted();
    }

    public Map<String, ClassSample> classes() {
        return classes;
    }

    /** Returns the inter-arrival times in seconds, ascending. */
    public double[] sortedInterArrivalSeconds() {
        double[] times = submitSeconds.toArray();
        double[] gaps = ArrivalFitter.realGaps(times);
        java.util.Arrays.sort(gaps);
        return gaps;
    }
}

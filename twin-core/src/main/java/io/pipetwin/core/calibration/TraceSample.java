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
    private boolean integerTimes = true;
    private double gpuSeconds;

    /** Reads every task of {@code reader}, reporting the count to {@code progress} every 100,000 tasks. */
    public static TraceSample collect(TraceReader<TraceTask> reader, LongConsumer progress) {
        TraceSample sample = new TraceSample();
        while (reader.hasNext()) {
            sample.add(reader.next());
            if (sample.tasks % 100_000 == 0) {
                progress.accept(sample.tasks);
            }
        }
        return sample;
    }

    /** Adds one task. */
    public void add(TraceTask task) {
        tasks++;
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
        gpuSeconds += (double) run * r.totalGpuMilli() * task.nodeCount() / 1000.0;
    }

    public long tasks() {
        return tasks;
    }

    public long censored() {
        return censored;
    }

    public boolean integerTimes() {
        return integerTimes;
    }

    public double gpuSeconds() {
        return gpuSeconds;
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

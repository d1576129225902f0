package io.pipetwin.core.validation;

import java.util.Map;
import java.util.TreeMap;

import io.pipetwin.core.calibration.DoubleList;
import io.pipetwin.core.trace.TraceTask;

/** Observations of one trace or one simulated run: arrivals, run times per class, queueing delays, utilisation. */
final class Observations {

    final DoubleList submitSeconds = new DoubleList();
    final Map<String, DoubleList> runSecondsByClass = new TreeMap<>();
    final DoubleList queueingDelaySeconds = new DoubleList();
    final UtilisationSeries utilisation;
    long unplaced;

    Observations(UtilisationSeries utilisation) {
        this.utilisation = utilisation;
    }

    /** Adds a task of class {@code className}; tasks present at the trace's start count only for utilisation. */
    void add(TraceTask task, String className, double traceEndSeconds) {
        if (task.started()) {
            double end = task.endTimeSeconds().isPresent() ? task.endTimeSeconds().getAsLong() : traceEndSeconds;
            double gpus = task.request().totalGpuMilli() * task.nodeCount() / 1000.0;
            utilisation.add(task.startTimeSeconds().getAsLong(), end, gpus);
        }
        if (task.presentAtStart()) {
            return;
        }
        submitSeconds.add(task.submitTimeSeconds());
        task.queueingDelaySeconds().ifPresent(queueingDelaySeconds::add);
        if (!task.started() && task.recordedRunSeconds().isPresent()) {
            unplaced++;
        }
        task.runSeconds().ifPresent(run -> runSecondsByClass.computeIfAbsent(className, k -> new DoubleList()).add(run));
    }

    double[] sortedInterArrivalSeconds() {
        double[] times = submitSeconds.sorted();
        double[] gaps = new double[Math.max(0, times.length - 1)];
        for (int i = 1; i < times.length; i++) {
            gaps[i - 1] = times[i] - times[i - 1];
        }
        java.util.Arrays.sort(gaps);
        return gaps;
    }
}

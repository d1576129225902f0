package io.pipetwin.core.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipetwin.core.trace.TraceNode;

/**
 * Fits the workload model to a {@link TraceSample}: the arrival model ({@link ArrivalFitter}), task
 * classes with their shares, request mixes and run-time models ({@link DurationFitter}, with empirical
 * quantiles kept), the cluster's node groups and the trace's queueing-delay quantiles.
 */
public final class Calibrator {

    private static final Logger LOG = LoggerFactory.getLogger(Calibrator.class);

    /** Classes with fewer tasks with a run time are merged into {@value #OTHER_CLASS}. */
    public static final int MIN_CLASS_SAMPLES = 30;
    public static final String OTHER_CLASS = "other";
    /** Request shapes kept per class, the most frequent first. */
    public static final int MAX_DEMANDS_PER_CLASS = 50;

    private Calibrator() {
    }

    /** Fits the model; {@code nodes} may be empty when the trace has no node list. */
    public static CalibratedModel calibrate(TraceSample sample, List<TraceNode> nodes, CalibratedModel.Source source) {
        double[] submits = sample.submitSeconds();
        LOG.info("Calibrating from {} task(s), {} arrival(s), {} class(es)", sample.tasks(), submits.length,
                sample.classes().size());
        ArrivalFitter.Result arrivals = ArrivalFitter.fit(submits);

        Map<String, TraceSample.ClassSample> merged = mergeSmallClasses(sample.classes());
        long withRun = merged.values().stream().mapToLong(TraceSample.ClassSample::size).sum();
        List<CalibratedModel.TaskClass> classes = new ArrayList<>();
        for (Map.Entry<String, TraceSample.ClassSample> entry : merged.entrySet()) {
            TraceSample.ClassSample classSample = entry.getValue();
            classes.add(new CalibratedModel.TaskClass(entry.getKey(), (double) classSample.size() / withRun,
                    classSample.size(), demands(classSample), fitDurations(classSample.sortedRunSeconds())));
        }

        double[] delays = sample.sortedQueueingDelaySeconds();
        CalibratedModel.DelayQuantiles delay = delays.length == 0 ? null : new CalibratedModel.DelayQuantiles(
                delays.length, EmpiricalQuantiles.quantile(delays, 0.5), EmpiricalQuantiles.quantile(delays, 0.9),
                EmpiricalQuantiles.quantile(delays, 0.99));
        CalibratedModel.TraceFacts facts = new CalibratedModel.TraceFacts(sample.tasks(), submits.length, submits[0],
                submits[submits.length - 1], withRun, sample.censored(), sample.gpuSeconds(),
                sample.cpuCoreSeconds());
        CalibratedModel.Arrivals arrivalModel = new CalibratedModel.Arrivals(arrivals.hourOfWeekRatesPerHour(),
                arrivals.operationalGaps(), arrivals.meanBurstSize(), arrivals.withinBurstGapShare(),
                arrivals.burstKsDistance(), arrivals.traceInterArrivalCv(), arrivals.burstModelInterArrivalCv(),
                arrivals.empiricalModelInterArrivalCv());
        return new CalibratedModel(source, facts, arrivalModel, classes, nodeGroups(nodes), delay);
    }

    /** Fits the run-time distributions of one class; zeros are kept in the quantiles but not in the fits. */
    static CalibratedModel.DurationModelFit fitDurations(double[] sorted) {
        int zeros = 0;
        while (zeros < sorted.length && sorted[zeros] <= 0) {
            zeros++;
        }
        double[] positive = Arrays.copyOfRange(sorted, zeros, sorted.length);
        List<CalibratedModel.FitSummary> summaries = new ArrayList<>();
        String chosen = "empirical";
        if (positive.length >= 2 && positive[0] < positive[positive.length - 1]) {
            List<DurationFitter.Fit> fits = DurationFitter.fitAll(positive);
            for (DurationFitter.Fit fit : fits) {
                summaries.add(new CalibratedModel.FitSummary(fit.distribution().name(),
                        fit.distribution().parameterNames(), fit.distribution().parameters(), fit.logLikelihood(),
                        fit.aic(), fit.ksDistance()));
            }
            chosen = DurationFitter.choose(fits).distribution().name();
        }
        return new CalibratedModel.DurationModelFit(chosen, "min-ks", summaries,
                EmpiricalDistribution.ofSorted(sorted),
                (double) zeros / sorted.length);
    }

    private static Map<String, TraceSample.ClassSample> mergeSmallClasses(Map<String, TraceSample.ClassSample> classes) {
        Map<String, TraceSample.ClassSample> merged = new TreeMap<>();
        TraceSample.ClassSample other = new TraceSample.ClassSample();
        for (Map.Entry<String, TraceSample.ClassSample> entry : classes.entrySet()) {
            TraceSample.ClassSample classSample = entry.getValue();
            if (classSample.size() >= MIN_CLASS_SAMPLES) {
                merged.put(entry.getKey(), classSample);
                continue;
            }
            for (double run : classSample.runSeconds.toArray()) {
                other.runSeconds.add(run);
            }
            classSample.shapes.forEach((shape, count) -> other.shapes.merge(shape, count, Long::sum));
        }
        if (other.size() > 0) {
            if (other.size() < 2 && !merged.isEmpty()) {
                // A single leftover task cannot form a distribution; it goes to the largest class.
                TraceSample.ClassSample largest = merged.values().stream()
                        .max(Comparator.comparingInt(TraceSample.ClassSample::size)).orElseThrow();
                largest.runSeconds.add(other.runSeconds.toArray()[0]);
                other.shapes.forEach((shape, count) -> largest.shapes.merge(shape, count, Long::sum));
            } else {
                merged.put(OTHER_CLASS, other);
            }
        }
        return merged;
    }

    private static List<CalibratedModel.Demand> demands(TraceSample.ClassSample classSample) {
        List<Map.Entry<TraceSample.Shape, Long>> shapes = new ArrayList<>(classSample.shapes().entrySet());
        shapes.sort(Map.Entry.<TraceSample.Shape, Long>comparingByValue().reversed()
                .thenComparing(e -> e.getKey().toString()));
        List<Map.Entry<TraceSample.Shape, Long>> kept = shapes.subList(0, Math.min(MAX_DEMANDS_PER_CLASS, shapes.size()));
        long total = kept.stream().mapToLong(Map.Entry::getValue).sum();
        List<CalibratedModel.Demand> demands = new ArrayList<>();
        for (Map.Entry<TraceSample.Shape, Long> entry : kept) {
            TraceSample.Shape s = entry.getKey();
            demands.add(new CalibratedModel.Demand((double) entry.getValue() / total, s.cpuMilli(), s.memoryMib(),
                    s.gpuCount(), s.gpuMilli(), s.nodeCount(), s.gpuModel()));
        }
        return demands;
    }

    private static List<CalibratedModel.NodeGroup> nodeGroups(List<TraceNode> nodes) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, TraceNode> examples = new LinkedHashMap<>();
        for (TraceNode node : nodes) {
            String key = node.cpuMilli() + "/" + node.memoryMib() + "/" + node.gpuCount() + "/" + node.gpuModel();
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            examples.putIfAbsent(key, node);
        }
        List<CalibratedModel.NodeGroup> groups = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : counts.entrySet()) {
            TraceNode node = examples.get(entry.getKey());
            groups.add(new CalibratedModel.NodeGroup(entry.getValue()[0], node.cpuMilli(), node.memoryMib(),
                    node.gpuCount(), node.gpuModel()));
        }
        return groups;
    }
}

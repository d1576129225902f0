package io.pipetwin.core.validation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipetwin.core.calibration.CalibratedModel;
import io.pipetwin.core.calibration.Calibrator;
import io.pipetwin.core.calibration.DoubleList;
import io.pipetwin.core.calibration.EmpiricalQuantiles;
import io.pipetwin.core.calibration.KolmogorovSmirnov;
import io.pipetwin.core.calibration.TaskClassifier;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.emulation.EmulatedClusters;
import io.pipetwin.core.trace.emulation.EmulatedPlatform;
import io.pipetwin.core.trace.formats.TraceFormat;

/**
 * Validates a calibrated model against its trace. In synthetic mode the model generates as many arrivals
 * as the trace has, once per seed, and each run goes through the simulator (FIFO, first-fit) on the
 * trace's cluster. Inter-arrival times and run times per class are compared with the trace by two-sample
 * KS distance, and queueing-delay quantiles and GPU utilisation where the trace records them. In trace-driven
 * mode the trace's own arrivals, demands and run times go through the simulator and each job's simulated
 * queueing delay is compared with its recorded one.
 */
public final class Validator {

    private static final Logger LOG = LoggerFactory.getLogger(Validator.class);

    /** Name of the comparison of run times pooled over all classes. */
    public static final String ALL_CLASSES = "all classes";

    /** Utilisation bins: at least an hour, and at most about 1,000 of them over the trace. */
    static final double MIN_BIN_SECONDS = 3600;
    static final int MAX_BINS = 1000;

    private final TraceFormat format;
    private final Path input;
    private final Path nodes;
    private final RowErrorPolicy policy;
    private final CalibratedModel model;
    private final ValidationOptions options;
    private final Set<String> classNames;

    /** Results of a validation: the numbers, and the observations the report draws. */
    public record Outcome(ValidationReport report, Map<String, double[]> interArrivalSamples,
                          Map<String, Map<String, double[]>> durationSamples, Map<String, double[]> delaySamples,
                          Map<String, double[]> utilisationSeries, double binSeconds, double startSeconds) {
    }

    public Validator(TraceFormat format, Path input, Path nodes, RowErrorPolicy policy, CalibratedModel model,
                     ValidationOptions options) {
        this.format = format;
        this.input = input;
        this.nodes = nodes;
        this.policy = policy;
        this.model = model;
        this.options = options;
        this.classNames = model.classes().stream().map(CalibratedModel.TaskClass::name).collect(Collectors.toSet());
    }

    /** Runs the validation. */
    public Outcome run(String profileName) throws IOException {
        double start = model.trace().firstArrivalSeconds();
        double end = model.trace().lastArrivalSeconds();
        double binSeconds = Math.max(MIN_BIN_SECONDS, Math.ceil((end - start) / MAX_BINS / 3600) * 3600);
        Cluster cluster = cluster();
        LOG.info("Validating {} ({}) against {} in {} mode on {} node(s), {} GPU(s)", profileName, format, input,
                options.mode().cliName(), cluster.nodes.size(), cluster.gpus);

        Observations trace = new Observations(new UtilisationSeries(start, end, binSeconds, cluster.gpus));
        try (TraceReader<TraceTask> reader = format.openTasks(input, policy)) {
            while (reader.hasNext()) {
                TraceTask task = reader.next();
                trace.add(task, modelClass(task), end);
            }
        }
        boolean traceHasStarts = format.recordsStartTimes();

        Map<String, double[]> interArrivalSamples = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> durationSamples = new LinkedHashMap<>();
        Map<String, double[]> delaySamples = new LinkedHashMap<>();
        Map<String, double[]> utilisationSeries = new LinkedHashMap<>();
        double[] traceGaps = trace.sortedInterArrivalSeconds();
        interArrivalSamples.put("trace", traceGaps);
        for (Map.Entry<String, DoubleList> entry : trace.runSecondsByClass.entrySet()) {
            durationSamples.computeIfAbsent(entry.getKey(), k -> new LinkedHashMap<>()).put("trace",
                    entry.getValue().sorted());
        }
        DoubleList pooled = new DoubleList();
        trace.runSecondsByClass.values().forEach(list -> {
            for (double v : list.toArray()) {
                pooled.add(v);
            }
        });
        durationSamples.computeIfAbsent(ALL_CLASSES, k -> new LinkedHashMap<>()).put("trace", pooled.sorted());
        double[] traceDelays = trace.queueingDelaySeconds.sorted();
        if (traceHasStarts && traceDelays.length > 0) {
            delaySamples.put("trace", traceDelays);
            utilisationSeries.put("trace", trace.utilisation.utilisation());
        }

        ValidationReport report;
        if (options.mode() == ValidationOptions.Mode.SYNTHETIC) {
            report = synthetic(profileName, cluster, trace, traceHasStarts, start, end, binSeconds,
                    interArrivalSamples, durationSamples, delaySamples, utilisationSeries);
        } else {
            report = traceDriven(profileName, cluster, trace, traceHasStarts, start, end, binSeconds, delaySamples,
                    utilisationSeries);
        }
        return new Outcome(report, interArrivalSamples, durationSamples, delaySamples, utilisationSeries, binSeconds,
                start);
    }

    private ValidationReport synthetic(String profileName, Cluster cluster, Observations trace, boolean traceHasStarts,
                                       double start, double end, double binSeconds,
                                       Map<String, double[]> interArrivalSamples,
                                       Map<String, Map<String, double[]>> durationSamples,
                                       Map<String, double[]> delaySamples, Map<String, double[]> utilisationSeries) {
        double[] traceGaps = interArrivalSamples.get("trace");
        long arrivals = trace.submitSeconds.size();
        List<Long> seeds = new ArrayList<>();
        List<Double> gapKs = new ArrayList<>();
        Map<String, List<Double>> durationKs = new LinkedHashMap<>();
        List<ValidationReport.Quantiles> delayQuantiles = new ArrayList<>();
        List<Double> utilisationMeans = new ArrayList<>();

        for (long seed = 1; seed <= options.seedCount(); seed++) {
            seeds.add(seed);
            Observations run = new Observations(new UtilisationSeries(start, end, binSeconds, cluster.gpus));
            SyntheticWorkload workload = new SyntheticWorkload(model, arrivals, options.arrivalModel(),
                    options.durationModel(), seed);
            try (EmulatedPlatform platform = new EmulatedPlatform(workload, cluster.nodes)) {
                while (platform.hasNext()) {
                    TraceTask task = platform.next();
                    run.add(task, task.jobType(), end);
                }
            }
            String label = "seed " + seed;
            double[] gaps = run.sortedInterArrivalSeconds();
            gapKs.add(KolmogorovSmirnov.twoSample(traceGaps, gaps));
            if (seed == 1) {
                interArrivalSamples.put("model " + label, gaps);
            }
            for (Map.Entry<String, Map<String, double[]>> entry : durationSamples.entrySet()) {
                double[] sorted = entry.getKey().equals(ALL_CLASSES) ? pooledRuns(run) : classRuns(run, entry.getKey());
                durationKs.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                        .add(KolmogorovSmirnov.twoSample(entry.getValue().get("trace"), sorted));
                if (seed == 1) {
                    entry.getValue().put("model " + label, sorted);
                }
            }
            double[] delays = run.queueingDelaySeconds.sorted();
            delayQuantiles.add(quantiles(delays));
            utilisationMeans.add(run.utilisation.mean());
            if (seed == 1) {
                delaySamples.put("model " + label, delays);
                utilisationSeries.put("model " + label, run.utilisation.utilisation());
            }
            LOG.info("Seed {}: inter-arrival KS {}, {} unplaced task(s)", seed, gapKs.get(gapKs.size() - 1),
                    run.unplaced);
        }

        List<ValidationReport.DistributionComparison> durations = new ArrayList<>();
        for (Map.Entry<String, List<Double>> entry : durationKs.entrySet()) {
            durations.add(comparison(entry.getKey(), durationSamples.get(entry.getKey()).get("trace").length,
                    entry.getValue()));
        }
        double[] traceDelays = trace.queueingDelaySeconds.sorted();
        ValidationReport.Quantiles traceDelay = traceHasStarts && traceDelays.length > 0 ? quantiles(traceDelays) : null;
        ValidationReport.Quantiles meanDelay = meanQuantiles(delayQuantiles);
        double[] relative = null;
        double[] absolute = null;
        if (traceDelay != null) {
            double[] t = {traceDelay.p50(), traceDelay.p90(), traceDelay.p99()};
            double[] s = {meanDelay.p50(), meanDelay.p90(), meanDelay.p99()};
            relative = new double[3];
            absolute = new double[3];
            for (int i = 0; i < 3; i++) {
                absolute[i] = s[i] - t[i];
                relative[i] = t[i] == 0 ? Double.NaN : (s[i] - t[i]) / t[i];
            }
        }
        return new ValidationReport(format.cliName(), input.getFileName().toString(), profileName,
                options.mode().cliName(), seeds, options.arrivalModel().name().toLowerCase(),
                options.durationModel().name().toLowerCase(), cluster.facts(),
                comparison("inter-arrival", traceGaps.length, gapKs), durations,
                new ValidationReport.DelayComparison(traceDelay, delayQuantiles, meanDelay, relative, absolute),
                new ValidationReport.UtilisationComparison(traceHasStarts ? trace.utilisation.mean() : Double.NaN,
                        utilisationMeans, binSeconds),
                null, new ArrayList<>());
    }

    private ValidationReport traceDriven(String profileName, Cluster cluster, Observations trace,
                                         boolean traceHasStarts, double start, double end, double binSeconds,
                                         Map<String, double[]> delaySamples, Map<String, double[]> utilisationSeries) {
        Map<String, Long> recordedDelay = new HashMap<>();
        DoubleList recorded = new DoubleList();
        DoubleList simulated = new DoubleList();
        double absoluteErrorSum = 0;
        long within = 0;
        Observations run = new Observations(new UtilisationSeries(start, end, binSeconds, cluster.gpus));
        TraceReader<TraceTask> source = new RecordingReader(format.openTasks(input, policy), recordedDelay);
        try (EmulatedPlatform platform = new EmulatedPlatform(source, cluster.nodes)) {
            while (platform.hasNext()) {
                TraceTask task = platform.next();
                run.add(task, modelClass(task), end);
                Long real = recordedDelay.remove(task.taskId());
                OptionalLong sim = task.queueingDelaySeconds();
                if (real != null && sim.isPresent() && !task.presentAtStart()) {
                    recorded.add(real);
                    simulated.add(sim.getAsLong());
                    double error = Math.abs(sim.getAsLong() - real);
                    absoluteErrorSum += error;
                    if (error <= 60) {
                        within++;
                    }
                }
            }
        }
        double[] recordedSorted = recorded.sorted();
        double[] simulatedSorted = simulated.sorted();
        delaySamples.put("trace-driven simulation", run.queueingDelaySeconds.sorted());
        utilisationSeries.put("trace-driven simulation", run.utilisation.utilisation());
        long jobs = recorded.size();
        ValidationReport.TraceDrivenComparison comparison = new ValidationReport.TraceDrivenComparison(jobs,
                run.unplaced, jobs == 0 ? null : quantiles(recordedSorted),
                quantiles(jobs == 0 ? run.queueingDelaySeconds.sorted() : simulatedSorted),
                jobs == 0 ? Double.NaN : absoluteErrorSum / jobs, jobs == 0 ? Double.NaN : (double) within / jobs,
                KolmogorovSmirnov.twoSample(recordedSorted, simulatedSorted));
        return new ValidationReport(format.cliName(), input.getFileName().toString(), profileName,
                options.mode().cliName(), List.of(), null, null, cluster.facts(), null, List.of(), null,
                new ValidationReport.UtilisationComparison(traceHasStarts ? trace.utilisation.mean() : Double.NaN,
                        List.of(run.utilisation.mean()), binSeconds),
                comparison, new ArrayList<>());
    }

    /** Wraps the trace reader to remember each task's recorded queueing delay by task id. */
    private static final class RecordingReader implements TraceReader<TraceTask> {
        private final TraceReader<TraceTask> source;
        private final Map<String, Long> recordedDelay;

        RecordingReader(TraceReader<TraceTask> source, Map<String, Long> recordedDelay) {
            this.source = source;
            this.recordedDelay = recordedDelay;
        }

        @Override
        public boolean hasNext() {
            return source.hasNext();
        }

        @Override
        public TraceTask next() {
            TraceTask task = source.next();
            task.queueingDelaySeconds().ifPresent(delay -> recordedDelay.put(task.taskId(), delay));
            return task;
        }

        @Override
        public long rowsRead() {
            return source.rowsRead();
        }

        @Override
        public long rowsSkipped() {
            return source.rowsSkipped();
        }

        @Override
        public void close() {
            source.close();
        }
    }

    private static double[] classRuns(Observations run, String className) {
        DoubleList simulated = run.runSecondsByClass.get(className);
        return simulated == null ? new double[0] : simulated.sorted();
    }

    private static double[] pooledRuns(Observations run) {
        DoubleList pooled = new DoubleList();
        for (DoubleList list : run.runSecondsByClass.values()) {
            for (double v : list.toArray()) {
                pooled.add(v);
            }
        }
        return pooled.sorted();
    }

    private String modelClass(TraceTask task) {
        String name = TaskClassifier.classOf(task);
        return classNames.contains(name) ? name : Calibrator.OTHER_CLASS;
    }

    private record Cluster(List<NodeSpec> nodes, long gpus, String source) {
        ValidationReport.ClusterFacts facts() {
            return new ValidationReport.ClusterFacts(nodes.size(), gpus, source);
        }
    }

    private Cluster cluster() {
        List<NodeSpec> specs;
        String source;
        if (options.gpus() > 0) {
            specs = EmulatedClusters.homogeneous(options.gpus());
            source = "--gpus";
        } else {
            var traceNodes = format.readNodes(input, nodes, policy);
            if (!traceNodes.isEmpty()) {
                specs = EmulatedClusters.fromTrace(traceNodes);
                source = "trace";
            } else if (!model.cluster().isEmpty()) {
                specs = fromGroups(model.cluster());
                source = "profile";
            } else {
                var demands = model.classes().stream().flatMap(c -> c.demands().stream()).toList();
                long largestCpu = demands.stream().mapToLong(CalibratedModel.Demand::cpuMilli).max().orElse(0);
                long largestMemory = demands.stream().mapToLong(CalibratedModel.Demand::memoryMib).max().orElse(0);
                int largestGang = demands.stream().mapToInt(CalibratedModel.Demand::nodeCount).max().orElse(1);
                double span = model.trace().lastArrivalSeconds() - model.trace().firstArrivalSeconds();
                specs = EmulatedClusters.sizedForLoad(model.trace().gpuSeconds(), model.trace().cpuCoreSeconds(),
                        span, EmulatedClusters.DEFAULT_TARGET_UTILISATION, largestCpu, largestMemory, largestGang);
                source = "sized-for-load";
            }
        }
        long gpus = specs.stream().mapToLong(NodeSpec::gpuCount).sum();
        return new Cluster(specs, Math.max(gpus, 1), source);
    }

    private static List<NodeSpec> fromGroups(List<CalibratedModel.NodeGroup> groups) {
        List<NodeSpec> specs = new ArrayList<>();
        int index = 0;
        for (CalibratedModel.NodeGroup group : groups) {
            for (long i = 0; i < group.count(); i++) {
                specs.add(new NodeSpec("node-" + index++, null, group.cpuMilli(), group.memoryMib(), group.gpuCount(),
                        group.gpuModel()));
            }
        }
        return specs;
    }

    static ValidationReport.Quantiles quantiles(double[] sorted) {
        if (sorted.length == 0) {
            return new ValidationReport.Quantiles(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new ValidationReport.Quantiles(sorted.length, EmpiricalQuantiles.quantile(sorted, 0.5),
                EmpiricalQuantiles.quantile(sorted, 0.9), EmpiricalQuantiles.quantile(sorted, 0.99));
    }

    private static ValidationReport.Quantiles meanQuantiles(List<ValidationReport.Quantiles> runs) {
        double p50 = 0;
        double p90 = 0;
        double p99 = 0;
        long samples = 0;
        for (ValidationReport.Quantiles q : runs) {
            p50 += q.p50();
            p90 += q.p90();
            p99 += q.p99();
            samples += q.samples();
        }
        int n = runs.size();
        return new ValidationReport.Quantiles(samples / n, p50 / n, p90 / n, p99 / n);
    }

    /**
     * Returns the two-sample KS distance that equal distributions exceed with probability 5%, for
     * {@code n} and {@code m} samples: {@code 1.358 * sqrt((n + m) / (n m))} (asymptotic).
     */
    static double ksCriticalValue(long n, long m) {
        return n == 0 || m == 0 ? Double.NaN : 1.358 * Math.sqrt((double) (n + m) / ((double) n * m));
    }

    private static ValidationReport.DistributionComparison comparison(String name, long traceCount, List<Double> ks) {
        double sum = 0;
        double max = 0;
        for (double value : ks) {
            sum += value;
            max = Math.max(max, value);
        }
        return new ValidationReport.DistributionComparison(name, traceCount, ks, sum / ks.size(), max,
                ksCriticalValue(traceCount, traceCount));
    }
}

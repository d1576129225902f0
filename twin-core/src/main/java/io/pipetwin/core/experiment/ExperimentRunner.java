package io.pipetwin.core.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.output.OutputFormat;
import io.pipetwin.core.output.RecordingMode;
import io.pipetwin.core.output.RunSummary;
import io.pipetwin.core.workload.WorkloadProfile;

/**
 * Runs a sweep in parallel: one simulation per task on a fixed pool of threads. Each run is single-threaded
 * and depends only on its configuration and seed. Results are collected by run index, so they do not
 * depend on the thread count or on the order in which runs finish.
 */
public final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final ExperimentSpec spec;
    private final WorkloadProfile workload;
    private final Path outputDirectory;
    private final int threads;
    private final PrintStream progressOut;
    private final OutputFormat format;

    /**
     * Creates a runner whose runs write CSV.
     *
     * @param threads     worker threads, at least 1
     * @param progressOut where the progress bar goes, or null for none
     */
    public ExperimentRunner(ExperimentSpec spec, WorkloadProfile workload, Path outputDirectory, int threads,
                            PrintStream progressOut) {
        this(spec, workload, outputDirectory, threads, progressOut, OutputFormat.CSV);
    }

    /**
     * @param threads     worker threads, at least 1
     * @param progressOut where the progress bar goes, or null for none
     * @param format      file format of each run's task, pipeline and time-series outputs
     */
    public ExperimentRunner(ExperimentSpec spec, WorkloadProfile workload, Path outputDirectory, int threads,
                            PrintStream progressOut, OutputFormat format) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count is " + threads + "; give at least 1");
        }
        this.spec = spec;
        this.workload = workload;
        this.outputDirectory = outputDirectory;
        this.threads = threads;
        this.progressOut = progressOut;
        this.format = format;
    }

    /** Returns every run of the sweep in a fixed order: policies, platforms, retraining, then seeds. */
    public List<RunKey> runKeys() {
        List<RunKey> keys = new ArrayList<>();
        for (ExperimentSpec.PolicyPair policies : spec.policies()) {
            for (PlatformConfig platform : spec.platforms()) {
                for (RetrainingPolicy retraining : spec.retrainingStrategies()) {
                    for (long seed : spec.seedList()) {
                        keys.add(new RunKey(policies, platform.name(), retraining.spec(), seed));
                    }
                }
            }
        }
        return keys;
    }

    /** Runs the sweep, writes {@code comparison.csv} and {@code comparison.md}, and returns the table. */
    public ComparisonTable run() throws IOException, InterruptedException {
        List<RunKey> keys = runKeys();
        Files.createDirectories(outputDirectory);
        LOG.info("Experiment {} started: {} runs on {} threads, output {}", spec.name(), keys.size(), threads,
                outputDirectory);

        ProgressBar progress = progressOut == null ? null : new ProgressBar(progressOut, keys.size());
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(threads, keys.size()));
        List<Future<RunSummary>> futures = new ArrayList<>();
        try {
            for (RunKey key : keys) {
                SimulationConfig config = configFor(key);
                futures.add(executor.submit(() -> {
                    RunSummary summary = SimulationRun.run(config);
                    if (progress != null) {
                        progress.step();
                    }
                    return summary;
                }));
            }
            List<RunSummary> summaries = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                summaries.add(await(futures.get(i), keys.get(i)));
            }

            ComparisonTable table = new ComparisonTable(keys, summaries);
            table.writeCsv(outputDirectory.resolve("comparison.csv"));
            table.writeMarkdown(outputDirectory.resolve("comparison.md"), spec.name() == null ? "experiment" : spec.name());
            LOG.info("Experiment {} finished: {} configurations", spec.name(), table.configurations().size());
            return table;
        } finally {
            executor.shutdownNow();
        }
    }

    private SimulationConfig configFor(RunKey key) {
        PlatformConfig platform = spec.platforms().stream().filter(p -> p.name().equals(key.platform())).findFirst()
                .orElseThrow();
        RecordingMode mode = spec.recordingMode();
        Path runDirectory = mode == RecordingMode.FULL ? outputDirectory.resolve("runs").resolve(key.directoryName())
                : null;
        return new SimulationConfig(platform, workload, key.policies().queueing(), key.policies().placement(),
                RetrainingPolicy.parse(key.retraining()), key.seed(), spec.durationSeconds(),
                spec.sampleIntervalSeconds(), mode, runDirectory, format);
    }

    private static RunSummary await(Future<RunSummary> future, RunKey key) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.error("Run {} seed {} failed", key.configurationLabel(), key.seed(), cause);
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IllegalStateException("run " + key.configurationLabel() + " seed " + key.seed() + " failed: "
                    + cause, cause);
        }
    }
}

package io.pipetwin.core.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.pipetwin.core.experiment.PlatformConfig;
import io.pipetwin.core.experiment.SimulationConfig;
import io.pipetwin.core.experiment.SimulationRun;
import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.output.OutputFormat;
import io.pipetwin.core.output.RecordingMode;
import io.pipetwin.core.output.RunSummary;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipetwin simulate}: runs one configuration and writes its outputs. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate one platform configuration under a synthetic workload and write the task trace,"
                + " time series, charts and summary."})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec commandSpec;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Workload profile JSON file (default: the built-in profile).")
    private Path profile;

    @Option(names = "--platform-file", paramLabel = "FILE",
            description = "YAML or JSON platform: {name, nodes: [{count, cpuMilli, memoryMib, gpuCount, gpuModel,"
                    + " pool}], storageGbitPerSecond}. Overrides the node-count options.")
    private Path platformFile;

    @Option(names = "--gpu-nodes", defaultValue = "8", description = "GPU nodes (default: ${DEFAULT-VALUE}).")
    private int gpuNodes;

    @Option(names = "--gpus-per-node", defaultValue = "8", description = "GPUs per GPU node (default: ${DEFAULT-VALUE}).")
    private int gpusPerNode;

    @Option(names = "--gpu-model", defaultValue = "A100", description = "GPU model of the GPU nodes (default: ${DEFAULT-VALUE}).")
    private String gpuModel;

    @Option(names = "--gpu-node-cpu-milli", defaultValue = "96000",
            description = "CPU per GPU node in milli-cores (default: ${DEFAULT-VALUE}).")
    private long gpuNodeCpuMilli;

    @Option(names = "--gpu-node-memory-mib", defaultValue = "1048576",
            description = "Memory per GPU node in MiB (default: ${DEFAULT-VALUE}).")
    private long gpuNodeMemoryMib;

    @Option(names = "--cpu-nodes", defaultValue = "8", description = "CPU-only nodes (default: ${DEFAULT-VALUE}).")
    private int cpuNodes;

    @Option(names = "--cpu-node-cpu-milli", defaultValue = "64000",
            description = "CPU per CPU node in milli-cores (default: ${DEFAULT-VALUE}).")
    private long cpuNodeCpuMilli;

    @Option(names = "--cpu-node-memory-mib", defaultValue = "262144",
            description = "Memory per CPU node in MiB (default: ${DEFAULT-VALUE}).")
    private long cpuNodeMemoryMib;

    @Option(names = "--storage-gbps", defaultValue = "25",
            description = "Bandwidth of the shared storage link in Gbit/s; 0 makes input transfers instant"
                    + " (default: ${DEFAULT-VALUE}).")
    private double storageGbitPerSecond;

    @Option(names = "--queueing", defaultValue = "fifo",
            description = "Queueing policy: fifo, sjf, priority, priority-preemptive, fair-share (default: ${DEFAULT-VALUE}).")
    private String queueing;

    @Option(names = "--placement", defaultValue = "first-fit",
            description = "Placement policy: first-fit, best-fit, spread, gpu-affinity (default: ${DEFAULT-VALUE}).")
    private String placement;

    @Option(names = "--retraining", defaultValue = "none",
            description = "Retraining strategy: none, periodic:period=7d, threshold:metric=accuracy,min=0.8,check=6h,"
                    + " page-hinkley:metric=accuracy,delta=0.005,lambda=0.05,check=6h (default: ${DEFAULT-VALUE}).")
    private String retraining;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of all random streams (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--duration", defaultValue = "7d",
            description = "Simulated time, number with unit s, m, h or d (default: ${DEFAULT-VALUE}).")
    private String duration;

    @Option(names = "--sample-interval", defaultValue = "10m",
            description = "Spacing of time-series samples, number with unit s, m, h or d (default: ${DEFAULT-VALUE}).")
    private String sampleInterval;

    @Option(names = "--recording", defaultValue = "full",
            description = "full (traces, time series, charts, summary) or summary-only (default: ${DEFAULT-VALUE}).")
    private String recording;

    @Option(names = "--format", defaultValue = "csv",
            description = "File format of the task, pipeline and time-series outputs: csv, parquet or both"
                    + " (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = {"-o", "--output"}, defaultValue = "out/simulate",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    private Path output;

    @Override
    public Integer call() throws IOException {
        WorkloadProfile workload = WorkloadProfileLoader.load(profile);
        PlatformConfig platform = platformFile != null ? readPlatform(platformFile)
                : PlatformConfig.ofCounts("cli", gpuNodes, gpusPerNode, gpuModel, gpuNodeCpuMilli, gpuNodeMemoryMib,
                cpuNodes, cpuNodeCpuMilli, cpuNodeMemoryMib, storageGbitPerSecond);
        RecordingMode mode = parseRecording(recording);
        SimulationConfig config = new SimulationConfig(platform, workload, queueing, placement,
                RetrainingPolicy.parse(retraining), seed, RetrainingPolicy.parseDurationSeconds(duration),
                RetrainingPolicy.parseDurationSeconds(sampleInterval), mode, output, OutputFormat.parse(format));

        RunSummary summary = SimulationRun.run(config);

        PrintWriter out = commandSpec.commandLine().getOut();
        for (Map.Entry<String, Double> entry : summary.asMap().entrySet()) {
            out.printf(Locale.ROOT, "%-36s %s%n", entry.getKey(), entry.getValue());
        }
        out.println("outputs in " + output.toAbsolutePath());
        out.flush();
        return 0;
    }

    static RecordingMode parseRecording(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "full" -> RecordingMode.FULL;
            case "summary-only" -> RecordingMode.SUMMARY_ONLY;
            default -> throw new IllegalArgumentException("--recording '" + text + "' is invalid; use full or summary-only");
        };
    }

    static PlatformConfig readPlatform(Path path) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory())
                : new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return mapper.readValue(Files.readString(path), PlatformConfig.class);
    }
}

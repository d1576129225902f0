package io.pipetwin.cli;

import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Replays a trace of any supported format onto an external Kafka as platform events. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a trace as platform events onto an external Kafka cluster, keyed by platform id, and"
                + " print a summary.",
                "Formats without start and finish times (alibaba-pai-2020, philly-csv) are run through an emulated"
                + " cluster (FIFO, first-fit) so submissions, queueing, starts and finishes are all published."})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = TraceReplayConfig.DEFAULT_FORMAT,
            description = "Trace format, one of: alibaba-gpu-2023, alibaba-pai-2020, philly-csv, philly-json, helios,"
                    + " alibaba-dlrm-2025, pipetwin-jsonl, pipetwin-avro (an Avro container file of platform events,"
                    + " sent as stored). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--input", paramLabel = "PATH",
            description = "Trace file the format reads (for alibaba-gpu-2023 the pod list or its folder). Required"
                    + " for every format but alibaba-gpu-2023, which falls back to --trace-dir. No default.")
    Path input;

    @Option(names = "--trace-dir", paramLabel = "DIR",
            description = "Shortcut for alibaba-gpu-2023: folder with openb_pod_list_default.csv and"
                    + " openb_node_list_all_node.csv (or its parent folder with alibaba_gpu_v2023/). Env"
                    + " PIPETWIN_TRACE_DIR, key trace.dir. No default.")
    String traceDir;

    @Option(names = "--nodes", paramLabel = "PATH",
            description = "Node list of the cluster: the format's own (pai_machine_spec.csv for alibaba-pai-2020) or"
                    + " a CSV sn,cpu_milli,memory_mib,gpu,model. Default: the trace's own node list where it has one,"
                    + " else 8-GPU nodes sized for about 70 %% mean GPU utilisation.")
    Path nodes;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "0",
            description = "GPU count of the emulated cluster, on 8-GPU nodes (96 vCPU, 512 GiB each); replaces the"
                    + " node list. Default: ${DEFAULT-VALUE} (use the node list).")
    int gpus;

    @Option(names = "--speed", paramLabel = "X",
            description = "Replay speed in simulated seconds per wall-clock second, for example 3600 for one trace"
                    + " hour per second; 0 replays as fast as the broker accepts. Env PIPETWIN_REPLAY_SPEED, key"
                    + " replay.speed. Default: 0.")
    String speed;

    @Option(names = "--platform-id", paramLabel = "ID",
            description = "Platform id: record key and platformId of every event. Env PIPETWIN_PLATFORM_ID, key"
                    + " platform.id. Default: the format name (" + TraceReplayConfig.DEFAULT_PLATFORM_ID + " for the"
                    + " default format); for pipetwin-avro the platform id of the file's first event.")
    String platformId;

    @Option(names = "--start-time", paramLabel = "INSTANT",
            description = "UTC instant (ISO-8601, for example 2023-01-01T00:00:00Z) that trace second 0 maps to;"
                    + " ignored for pipetwin-avro, whose events keep their times. Default: 2023-01-01T00:00:00Z.")
    String startTime;

    @Option(names = "--skip-invalid-rows",
            description = "Skip and count invalid trace rows instead of stopping before the first event is sent."
                    + " Default: off.")
    boolean skipInvalidRows;

    @Option(names = "--max-events", paramLabel = "N",
            description = "Stop after N events (a count, node events included). Default: the whole trace.")
    Long maxEvents;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file: send in transactions and record the committed event count after each"
                    + " commit (at most 5,000 events or 2 s apart). Consumers must read with"
                    + " isolation.level=read_committed. Default: none (idempotent sends without transactions).")
    Path checkpoint;

    @Option(names = "--resume",
            description = "Continue after the events an earlier run with the same --checkpoint, topic and platform"
                    + " committed. Needs --checkpoint. Default: off (start at the first event).")
    boolean resume;

    @Override
    public Integer call() {
        // The format is checked before the connection settings, so a mistyped format is the error reported.
        if (java.util.Arrays.stream(TraceReplayConfig.formatNames().split(",\\s*"))
                .noneMatch(name -> name.equalsIgnoreCase(format))) {
            throw new IllegalArgumentException("trace format '" + format + "' is unknown; use one of "
                    + TraceReplayConfig.formatNames());
        }
        SettingsResolver resolver = connection.resolver();
        Map<String, String> clientProperties = connection.clientProperties(resolver);
        String registryUrl = connection.schemaRegistryUrl(resolver);
        String speedText = resolver.resolve(Setting.REPLAY_SPEED, speed);
        TraceReplayConfig config = new TraceReplayConfig()
                .bootstrapServers(connection.bootstrapServers(resolver))
                .schemaRegistryUrl(registryUrl)
                .clientProperties(clientProperties)
                .format(format)
                .speed(speedText == null ? 0 : parseSpeed(speedText))
                .skipInvalidRows(skipInvalidRows)
                .gpus(gpus)
                .checkpointFile(checkpoint)
                .resume(resume);
        boolean alibaba = TraceReplayConfig.DEFAULT_FORMAT.equalsIgnoreCase(format);
        if (input != null) {
            config.input(input);
        } else if (alibaba) {
            config.traceDirectory(alibabaFolder(Path.of(resolver.require(Setting.TRACE_DIR, traceDir, "--trace-dir"))));
        } else {
            throw new IllegalArgumentException("format " + format + " needs --input; pass the trace file to replay");
        }
        if (nodes != null) {
            config.nodesFile(nodes);
        }
        String resolvedPlatform = resolver.resolve(Setting.PLATFORM_ID, platformId);
        // The setting's default names the default format; other formats default to their own name.
        if (platformId != null || alibaba || !Setting.PLATFORM_ID.defaultValue().equals(resolvedPlatform)) {
            config.platformId(resolvedPlatform);
        }
        if (startTime != null) {
            config.startTime(parseInstant(startTime));
        }
        if (maxEvents != null) {
            config.maxEvents(maxEvents);
        }

        Map<String, Object> serdeConfig = new HashMap<>(clientProperties);
        serdeConfig.put("schema.registry.url", registryUrl);
        TraceReplayer replayer = new TraceReplayer(config, PipeTwinSerdes.platformEvent(serdeConfig).serializer());
        // Ctrl-C stops the replay after the current event and lets it flush, instead of killing the producer.
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            replayer.stop();
            try {
                main.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "replay-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ReplaySummary summary = replayer.run();
            spec.commandLine().getOut().println(summary.format());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook is running and waits for this thread.
            }
        }
        return 0;
    }

    private static double parseSpeed(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("speed '" + text + "' is invalid; use a number of simulated seconds per"
                    + " second, or 0 for as fast as possible");
        }
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start-time '" + text + "' is invalid; use an ISO-8601 UTC instant"
                    + " such as 2023-01-01T00:00:00Z");
        }
    }

    /** Returns {@code dir/alibaba_gpu_v2023} when {@code dir} is the traces root, else {@code dir}. */
    static Path alibabaFolder(Path dir) {
        Path nested = dir.resolve("alibaba_gpu_v2023");
        boolean podsHere = Files.isRegularFile(dir.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST));
        return !podsHere && Files.isRegularFile(nested.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST)) ? nested : dir;
    }
}

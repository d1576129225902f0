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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Replays an Alibaba GPU 2023 trace onto an external Kafka as platform events. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay the Alibaba GPU 2023 trace in --trace-dir as platform events onto an external Kafka"
                + " cluster, keyed by platform id, and print a summary.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--trace-dir", paramLabel = "DIR",
            description = "Folder with openb_pod_list_default.csv and openb_node_list_all_node.csv (or its parent"
                    + " folder with alibaba_gpu_v2023/). Env PIPETWIN_TRACE_DIR, key trace.dir. No default.")
    String traceDir;

    @Option(names = "--speed", paramLabel = "X",
            description = "Replay speed in simulated seconds per wall-clock second, for example 3600 for one trace"
                    + " hour per second; 0 replays as fast as the broker accepts. Env PIPETWIN_REPLAY_SPEED, key"
                    + " replay.speed. Default: 0.")
    String speed;

    @Option(names = "--platform-id", paramLabel = "ID",
            description = "Platform id: record key and platformId of every event. Env PIPETWIN_PLATFORM_ID, key"
                    + " platform.id. Default: " + TraceReplayConfig.DEFAULT_PLATFORM_ID + ".")
    String platformId;

    @Option(names = "--skip-invalid-rows",
            description = "Skip and count invalid trace rows instead of stopping before the first event is sent."
                    + " Default: off.")
    boolean skipInvalidRows;

    @Option(names = "--max-events", paramLabel = "N",
            description = "Stop after N events. Default: the whole trace.")
    Long maxEvents;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file: send in Kafka transactions and record the committed position after each"
                    + " commit, so a killed replay can continue with --resume. Consumers must then read with"
                    + " isolation.level=read_committed. Default: none (idempotent sends, no checkpoint).")
    Path checkpoint;

    @Option(names = "--resume",
            description = "Continue after the events an earlier run with the same --checkpoint, trace, topic and"
                    + " platform id committed. Requires --checkpoint. Default: off.")
    boolean resume;

    @Override
    public Integer call() {
        if (resume && checkpoint == null) {
            throw new IllegalArgumentException("--resume needs --checkpoint FILE, the checkpoint of the run to continue");
        }
        SettingsResolver resolver = connection.resolver();
        Map<String, String> clientProperties = connection.clientProperties(resolver);
        String registryUrl = connection.schemaRegistryUrl(resolver);
        String speedText = resolver.resolve(Setting.REPLAY_SPEED, speed);
        TraceReplayConfig config = new TraceReplayConfig()
                .bootstrapServers(connection.bootstrapServers(resolver))
                .schemaRegistryUrl(registryUrl)
                .clientProperties(clientProperties)
                .traceDirectory(alibabaFolder(Path.of(resolver.require(Setting.TRACE_DIR, traceDir, "--trace-dir"))))
                .platformId(resolver.resolve(Setting.PLATFORM_ID, platformId))
                .speed(speedText == null ? 0 : parseSpeed(speedText))
                .skipInvalidRows(skipInvalidRows);
        if (maxEvents != null) {
            config.maxEvents(maxEvents);
        }
        if (checkpoint != null) {
            config.checkpointFile(checkpoint).resume(resume);
        }

        Map<String, Object> serdeConfig = new HashMap<>(clientProperties);
        serdeConfig.put("schema.registry.url", registryUrl);
        ReplaySummary summary = new TraceReplayer(config, PipeTwinSerdes.platformEvent(serdeConfig).serializer()).run();
        spec.commandLine().getOut().println(summary.format());
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

    /** Returns {@code dir/alibaba_gpu_v2023} when {@code dir} is the traces root, else {@code dir}. */
    static Path alibabaFolder(Path dir) {
        Path nested = dir.resolve("alibaba_gpu_v2023");
        boolean podsHere = Files.isRegularFile(dir.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST));
        return !podsHere && Files.isRegularFile(nested.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST)) ? nested : dir;
    }
}

package io.pipetwin.cli;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.forecast.ForecastTopics;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Runs the whole loop in one process: an embedded KRaft broker, the embedded schema registry, the twin,
 * a trace replay, and a printer of the published forecasts.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker and schema registry, the twin, and a trace replay, and print"
                + " one line per published forecast: the GPU task queue now -> its median [p10, p90] at the horizon"
                + " end, and the GPU utilisation now -> its median at the horizon end.",
                "Replays the Alibaba GPU 2023 trace in --trace-dir, or a small synthetic platform without it."})
final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    /** Replay speed of the synthetic platform: 20 simulated minutes per second, about 4 forecasts per second. */
    static final double SYNTHETIC_SPEED = 1200;
    static final String SYNTHETIC_PLATFORM_ID = "synthetic-platform";

    private final AtomicBoolean stopping = new AtomicBoolean();

    @Spec
    CommandSpec spec;

    @Mixin
    ProfileOption profileOption;

    @Option(names = "--trace-dir", paramLabel = "DIR",
            description = "Folder with openb_pod_list_default.csv and openb_node_list_all_node.csv (or its parent"
                    + " folder with alibaba_gpu_v2023/). Default: none, so the synthetic platform is replayed.")
    Path traceDir;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wall time after which everything stops cleanly and the command exits 0, for example"
                    + " 60s or 5m. Default: run until Ctrl-C.")
    Duration runFor;

    @Option(names = "--speed", paramLabel = "X",
            description = "Replay speed in simulated seconds per wall-clock second; 0 replays as fast as possible."
                    + " Default: " + (int) SYNTHETIC_SPEED + " for the synthetic platform, 0 for --trace-dir.")
    Double speed;

    @Option(names = "--pods", paramLabel = "N", defaultValue = "2000",
            description = "Pods of the synthetic platform, arriving every 120 s on average. Default: ${DEFAULT-VALUE}.")
    int pods;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Folder for the broker's log, the twin's state and the synthetic trace; kept after exit."
                    + " Default: a temporary folder, deleted at exit.")
    Path workDir;

    @Mixin
    ForecastOptions forecastOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ForecastSettings settings = forecastOptions.settings(new SettingsResolver(null, System.getenv()));
        Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("pipetwin-demo-");

        // The cleanup runs inside the StopSignal's scope: closing the signal lets a Ctrl-C exit proceed.
        try (StopSignal stop = new StopSignal("demo")) {
            EmbeddedKafkaBroker broker = null;
            EmbeddedSchemaRegistry registry = null;
            TwinApplication twin = null;
            ForecastPrinter printer = null;
            Thread replay = null;
            try {
                broker = EmbeddedKafkaBroker.builder().logDir(work.resolve("kafka")).build().start();
                registry = new EmbeddedSchemaRegistry().start();
                broker.createTopics(ForecastTopics.newTopics(1, (short) 1));

                TraceReplayConfig replayConfig = replayConfig(work, broker.bootstrapServers(), registry.url());
                TwinConfig twinConfig = TwinConfig.of(broker.bootstrapServers(), registry.url())
                        .withApplicationId("pipetwin-demo")
                        .withStateDir(work.resolve("state"))
                        .withForecast(settings);
                twin = TwinApplication.create(twinConfig, profileOption.load());
                twin.start();
                printer = new ForecastPrinter(broker.bootstrapServers(), registry.url(), Map.of(), out);
                printer.start();
                out.printf("Replaying platform %s at speed %s; forecasting every %s of event time over %s with %d"
                                + " replications.%n", replayConfig.platformId(),
                        replayConfig.speed() == 0 ? "as fast as possible" : (long) replayConfig.speed() + "x",
                        settings.interval(), settings.horizon(), settings.replications());
                out.flush();
                replay = startReplay(replayConfig, registry.url());

                stop.await(runFor);
            } finally {
                stopping.set(true);
                if (replay != null) {
                    replay.interrupt();
                    replay.join();
                }
                if (printer != null) {
                    printer.close();
                    out.printf("Printed %d forecast lines.%n", printer.linesPrinted());
                    out.flush();
                }
                if (twin != null) {
                    twin.close();
                }
                if (registry != null) {
                    registry.close();
                }
                if (broker != null) {
                    broker.close();
                }
                if (workDir == null) {
                    deleteRecursively(work);
                }
            }
        }
        return 0;
    }

    private TraceReplayConfig replayConfig(Path work, String bootstrapServers, String registryUrl) {
        TraceReplayConfig config = new TraceReplayConfig()
                .bootstrapServers(bootstrapServers)
                .schemaRegistryUrl(registryUrl)
                .progressBar(false);
        if (traceDir != null) {
            return config.traceDirectory(ReplayCommand.alibabaFolder(traceDir))
                    .speed(speed == null ? 0 : speed);
        }
        Path syntheticDir = work.resolve("synthetic-trace");
        SyntheticAlibabaTrace.write(syntheticDir, pods, 1);
        return config.traceDirectory(syntheticDir)
                .platformId(SYNTHETIC_PLATFORM_ID)
                .speed(speed == null ? SYNTHETIC_SPEED : speed);
    }

    private Thread startReplay(TraceReplayConfig config, String registryUrl) {
        Thread thread = new Thread(() -> {
            try {
                ReplaySummary summary = new TraceReplayer(config,
                        PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registryUrl)).serializer()).run();
                LOG.info("Replay finished; the twin keeps running until the run time ends or Ctrl-C.\n{}",
                        summary.format());
            } catch (RuntimeException e) {
                // The demo stops a running replay by interrupting it, which surfaces as an exception here.
                if (stopping.get()) {
                    LOG.info("Replay of platform {} stopped", config.platformId());
                } else {
                    LOG.error("Replay of platform {} failed; the twin keeps running", config.platformId(), e);
                }
            }
        }, "trace-replay");
        thread.start();
        return thread;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete the demo's work folder {}; delete it by hand", root, e);
        }
    }
}

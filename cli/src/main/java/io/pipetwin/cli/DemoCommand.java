package io.pipetwin.cli;

import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.ingest.synthetic.SyntheticPlatform;
import io.pipetwin.schemas.Topics;
import io.pipetwin.streams.forecast.ForecastTopics;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.http.ServedTwin;
import io.pipetwin.http.TwinHttpServer;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs the whole loop in one process: an embedded KRaft broker, the embedded schema registry, the twin,
 * a trace replay, and a printer of the published forecasts.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker and schema registry, the twin, and a trace replay, and print"
                + " one line per published forecast: the GPU task queue now -> its median [p10, p90] at the horizon"
                + " end, and the GPU utilisation now -> its median at the horizon end.",
                "Replays the Alibaba GPU 2023 trace in --trace-dir, or without it runs a live synthetic platform: the"
                        + " twin-core simulation on a slice of the Alibaba GPU 2023 node mix with a calibrated workload."})
final class DemoCommand implements Callable<Integer> {

    /** Name prefix of the temporary work folders. */
    static final String TEMP_PREFIX = "pipetwin-demo-";
    /** File in a temporary work folder holding the process id of the demo that created it. */
    static final String OWNER_FILE = "owner.pid";


    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    /** Replay speed of the synthetic platform: 20 simulated minutes per second, about 4 forecasts per second. */
    static final double SYNTHETIC_SPEED = 1200;
    static final String SYNTHETIC_PLATFORM_ID = "synthetic-platform";

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicReference<RuntimeException> replayFailure = new AtomicReference<>();

    @Spec
    CommandSpec spec;

    @Option(names = "--trace-dir", paramLabel = "DIR",
            description = "Folder with openb_pod_list_default.csv and openb_node_list_all_node.csv (or its parent"
                    + " folder with alibaba_gpu_v2023/). Default: none, so the synthetic platform runs.")
    Path traceDir;

    @Option(names = "--skip-invalid-rows",
            description = "Skip and count trace rows that fail validation instead of stopping the replay."
                    + " Default: false.")
    boolean skipInvalidRows;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wall time after which everything stops cleanly and the command exits 0, for example"
                    + " 60s or 5m. Default: run until Ctrl-C.")
    Duration runFor;

    @Option(names = "--speed", paramLabel = "X",
            description = "Replay speed in simulated seconds per wall-clock second; 0 replays as fast as possible."
                    + " Default: " + (int) SYNTHETIC_SPEED + " for the synthetic platform, 0 for --trace-dir.")
    Double speed;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Workload profile JSON of the synthetic platform; its arrival rate is scaled so the offered"
                    + " load of the busiest resource (GPU, CPU or memory) is 75 %% of the cluster's capacity, and the"
                    + " scaled profile seeds the twin's online workload model. A calibrated profile also sets each"
                    + " task's request and run time from its per-class model. With --trace-dir the file as given seeds"
                    + " the model. Default: the built-in profiles/alibaba-gpu-2023.json for the synthetic platform"
                    + " (13,506 GPU-seconds per task on average, GPU the busiest resource), no seed for a trace.")
    Path profile;

    @Option(names = "--warm-up", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Simulated time the synthetic platform runs before the replay starts, so the twin first sees"
                    + " the pipelines in progress at that point rather than an empty cluster, for example 0s or 30d."
                    + " Default: the longest run time the profile can draw, rounded up to whole weeks (147 days for"
                    + " the built-in profile), after which the GPU load is in steady state.")
    Duration warmUp;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "" + SyntheticPlatform.DEFAULT_NODES,
            description = "Node count of the synthetic platform, a slice of the Alibaba GPU 2023 node mix (24 nodes"
                    + " have 100 GPUs). Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Random seed of the synthetic platform; the same seed gives the same events."
                    + " Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Folder for the broker's log and the twin's state; kept after exit. It must be empty or"
                    + " absent: the embedded schema registry starts empty on every run, so records kept from an"
                    + " earlier run could not be decoded. Default: a temporary folder, deleted at exit.")
    Path workDir;

    @Mixin
    ForecastOptions forecastOptions;

    @Mixin
    HttpOptions httpOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (traceDir != null) {
            checkTraceFolder(ReplayCommand.alibabaFolder(traceDir));
        }
        WorkloadProfile profileFromFile = ProfileFiles.load(spec.commandLine(), profile);
        ForecastSettings settings = forecastOptions.settings(new SettingsResolver(null, System.getenv()));
        if (workDir != null) {
            emptyWorkDir(workDir);
        }
        // Binding first makes a taken port fail at once, before the broker spends seconds starting.
        TwinHttpServer server = TwinHttpServer.bind(httpOptions.settings(new SettingsResolver(null, System.getenv())));
        Path work;
        if (workDir != null) {
            work = workDir;
        } else {
            removeAbandonedWorkFolders();
            work = Files.createTempDirectory(TEMP_PREFIX);
            Files.writeString(work.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        }

        // The cleanup runs inside the StopSignal's scope: closing the signal lets a Ctrl-C exit proceed.
        try (StopSignal stop = new StopSignal("demo")) {
            EmbeddedKafkaBroker broker = null;
            EmbeddedSchemaRegistry registry = null;
            ServedTwin twin = null;
            ForecastPrinter printer = null;
            Thread replay = null;
            TraceReplayer replayer = null;
            try {
                broker = EmbeddedKafkaBroker.builder().logDir(work.resolve("kafka")).build().start();
                registry = new EmbeddedSchemaRegistry().start();
                broker.createTopics(ForecastTopics.newTopics(1, (short) 1));

                TraceReplayConfig replayConfig = replayConfig(work, broker.bootstrapServers(), registry.url());
                SyntheticPlatform synthetic = traceDir == null ? syntheticPlatform(replayConfig, profileFromFile) : null;
                // The twin's workload model starts from the profile the synthetic platform draws its events from.
                TwinConfig twinConfig = TwinConfig.of(broker.bootstrapServers(), registry.url())
                        .withApplicationId("pipetwin-demo")
                        .withStateDir(work.resolve("state"))
                        .withForecast(settings)
                        .withProfile(synthetic != null ? synthetic.scaledProfile() : profileFromFile);
                twin = ServedTwin.start(twinConfig, server);
                out.printf("Dashboard: %s%n", twin.url());
                printer = new ForecastPrinter(broker.bootstrapServers(), registry.url(), Map.of(), out);
                printer.start();
                out.printf("Replaying platform %s at speed %s; forecasting every %s of event time over %s with %d"
                                + " replications.%n", replayConfig.platformId(),
                        replayConfig.speed() == 0 ? "as fast as possible" : (long) replayConfig.speed() + "x",
                        settings.interval(), settings.horizon(), settings.replications());
                out.flush();
                replayer = new TraceReplayer(replayConfig,
                        PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registry.url())).serializer(),
                        synthetic);
                replay = startReplay(replayer, replayConfig, stop);

                stop.await(runFor);
            } finally {
                stopping.set(true);
                if (replayer != null) {
                    // Stops after the current event and flushes, so the producer's I/O thread is not interrupted.
                    replayer.stop();
                    if (replay != null) {
                        replay.join();
                    }
                }
                if (printer != null) {
                    printer.close();
                    out.printf("Printed %d forecast lines.%n", printer.linesPrinted());
                    out.flush();
                }
                if (twin != null) {
                    twin.close();
                } else {
                    server.close();
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
        RuntimeException failure = replayFailure.get();
        if (failure != null) {
            spec.commandLine().getErr().println("pipetwin demo: the replay failed: " + failure.getMessage());
            return 1;
        }
        return 0;
    }

    /** Rejects a trace folder without the Alibaba GPU 2023 files before anything starts. */
    private void checkTraceFolder(Path folder) {
        for (String file : new String[] {AlibabaGpu2023Trace.DEFAULT_POD_LIST, AlibabaGpu2023Trace.DEFAULT_NODE_LIST}) {
            if (!Files.isReadable(folder.resolve(file))) {
                throw new ParameterException(spec.commandLine(), "--trace-dir " + traceDir + ": " + file
                        + " not found in " + folder.toAbsolutePath() + "; pass the folder that holds the Alibaba GPU"
                        + " 2023 files (" + AlibabaGpu2023Trace.DEFAULT_POD_LIST + " and "
                        + AlibabaGpu2023Trace.DEFAULT_NODE_LIST + ")");
            }
        }
    }

    private TraceReplayConfig replayConfig(Path work, String bootstrapServers, String registryUrl) {
        TraceReplayConfig config = new TraceReplayConfig()
                .bootstrapServers(bootstrapServers)
                .schemaRegistryUrl(registryUrl)
                .skipInvalidRows(skipInvalidRows)
                .progressBar(false);
        if (traceDir != null) {
            return config.traceDirectory(ReplayCommand.alibabaFolder(traceDir))
                    .speed(speed == null ? 0 : speed);
        }
        return config.platformId(SYNTHETIC_PLATFORM_ID)
                .speed(speed == null ? SYNTHETIC_SPEED : speed);
    }

    /** Builds the live synthetic platform: the twin-core simulation on a slice of the Alibaba 2023 node mix. */
    private SyntheticPlatform syntheticPlatform(TraceReplayConfig config, WorkloadProfile profileFromFile) {
        SyntheticPlatform.Builder builder = SyntheticPlatform.builder()
                .platformId(config.platformId())
                .startTime(config.startTime())
                .nodeCount(nodes)
                .seed(seed);
        if (profileFromFile != null) {
            builder.profile(profileFromFile);
        }
        if (warmUp != null) {
            builder.warmUp(warmUp);
        } else {
            builder.warmUpToSteadyState();
        }
        return builder.build();
    }

    private Thread startReplay(TraceReplayer replayer, TraceReplayConfig config, StopSignal stop) {
        Thread thread = new Thread(() -> {
            try {
                ReplaySummary summary = replayer.run();
                if (stopping.get()) {
                    LOG.info("Replay of platform {} stopped after {} events", config.platformId(),
                            summary.eventsSent());
                } else {
                    LOG.info("Replay finished; the twin keeps running until the run time ends or Ctrl-C.\n{}",
                            summary.format());
                }
            } catch (RuntimeException e) {
                LOG.error("Replay of platform {} failed; stopping the demo", config.platformId(), e);
                replayFailure.set(e);
                stop.stop();
            }
        }, "trace-replay");
        thread.start();
        return thread;
    }

    /** Creates {@code dir} when absent and rejects a folder that contains files, such as an earlier run's. */
    private void emptyWorkDir(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "--work-dir " + dir + " is a file, not a folder;"
                    + " pass a new or empty folder");
        }
        Files.createDirectories(dir);
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new ParameterException(spec.commandLine(), "--work-dir " + dir + " is not empty. The"
                        + " embedded schema registry starts empty on every run, so the records an earlier run"
                        + " left there cannot be decoded; delete the folder or pass a new one");
            }
        }
    }

    /**
     * Deletes temporary work folders of demo processes that no longer run, such as one killed with SIGKILL,
     * which cannot clean up after itself. A folder without an owner file, or whose owner runs, stays.
     */
    static void removeAbandonedWorkFolders() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> folders = Files.list(tmp)) {
            folders.filter(folder -> folder.getFileName().toString().startsWith(TEMP_PREFIX))
                    .filter(folder -> Files.isRegularFile(folder.resolve(OWNER_FILE)))
                    .forEach(DemoCommand::removeIfAbandoned);
        } catch (IOException e) {
            LOG.warn("Could not list {} for abandoned demo work folders; they stay", tmp, e);
        }
    }

    private static void removeIfAbandoned(Path folder) {
        long owner;
        try {
            owner = Long.parseLong(Files.readString(folder.resolve(OWNER_FILE)).trim());
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Could not read the owner of demo work folder {}; it stays", folder, e);
            return;
        }
        if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
            return;
        }
        LOG.info("Removing demo work folder {}: its process {} no longer runs", folder, owner);
        deleteRecursively(folder);
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete the demo's work folder {}; delete it by hand", root, e);
        }
    }
}

package io.pipetwin.streams.reliability;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.WorkloadSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills the twin with SIGKILL five times while it works through a replayed trace and restarts it each
 * time on the same state directory. The forecasts and accuracy records committed to Kafka (read with
 * {@code read_committed}) must equal those of an uninterrupted run of the same topology on the same events:
 * none lost, none written twice, same order per platform. Accuracy records after a kill are equal only when
 * the pending forecasts and score windows were restored from their stores.
 */
class TwinCrashSafetyTest {

    private static final Logger LOG = LoggerFactory.getLogger(TwinCrashSafetyTest.class);
    private static final String PLATFORM = "crash-platform";
    private static final int KILLS = 5;
    private static final int REPLICATIONS = 50;
    /** Wall time over which the events are produced, so the kills fall while the replay is still producing. */
    private static final Duration REPLAY_DURATION = Duration.ofSeconds(25);
    /** Upper bound of the wait for the last run to catch up; a twin that stalls fails the test then. */
    private static final Duration CATCH_UP_WAIT = Duration.ofMinutes(10);

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServices() throws IOException {
        broker = EmbeddedKafkaBroker.builder().build().start();
        registry = new EmbeddedSchemaRegistry().start();
        broker.createTopics(Topics.ALL.toArray(String[]::new));
    }

    @AfterAll
    static void stopServices() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void killedTwinResumesWithIdenticalCommittedOutput() throws Exception {
        List<PlatformEvent> events = SyntheticEvents.generate(dir.resolve("trace"), PLATFORM, 1_200, 3);
        // The online model is stored only at boundaries, so it is the workload source a crash could put out of
        // step. The child twin (TwinChildMain) forecasts from it too.
        ForecastSettings settings = ForecastSettings.defaults().withReplications(REPLICATIONS)
                .withWorkloadSource(WorkloadSource.ONLINE_MODEL);
        long referenceStart = System.nanoTime();
        TwinRuns.Output expected = TwinRuns.reference(events, settings, registry.url(), dir.resolve("reference-state"));
        LOG.info("Uninterrupted in-process run: {} events, {} records ({} queue, {} resource, {} accuracy) in {} ms",
                events.size(), expected.size(), expected.size(Topics.FORECAST_QUEUE),
                expected.size(Topics.FORECAST_RESOURCES), expected.size(Topics.FORECAST_ACCURACY),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - referenceStart));
        CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> TwinRuns.producePaced(broker.bootstrapServers(),
                Map.of(), registry.url(), events, REPLAY_DURATION));

        SplittableRandom random = new SplittableRandom(17);
        Path stateDir = dir.resolve("twin-state");
        List<Integer> killedAt = new ArrayList<>();
        long start = System.nanoTime();
        try (TwinRuns.CommittedForecasts committed = new TwinRuns.CommittedForecasts(broker.bootstrapServers(), Map.of(),
                registry.url())) {
            for (int run = 0; run <= KILLS; run++) {
                Process twin = startTwin(stateDir, run);
                if (run == KILLS) {
                    int count = committed.pollUntil(expected.size(), CATCH_UP_WAIT);
                    twin.destroy();
                    twin.waitFor();
                    LOG.info("Final run caught up: {} of {} forecast records committed", count, expected.size());
                    break;
                }
                // Kill when the committed output passes the next seventh of the expected records, plus 0-1 s.
                int threshold = expected.size() * (run + 1) / (KILLS + 2);
                committed.pollUntil(threshold, CATCH_UP_WAIT);
                Thread.sleep(random.nextInt(1_000));
                twin.destroyForcibly();
                twin.waitFor();
                int count = committed.poll(Duration.ofMillis(100));
                killedAt.add(count);
                LOG.info("Killed twin run {} (pid {}) with {} forecast records committed", run, twin.pid(), count);
            }
            replay.get();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            LOG.info("{} kills at {} committed records; {} runs took {} s", KILLS, killedAt, KILLS + 1, seconds);

            assertEquals(KILLS, killedAt.size());
            for (int i = 0; i < killedAt.size(); i++) {
                assertTrue(killedAt.get(i) < expected.size(), "kill " + i + " came after the twin had finished");
            }
            assertTrue(expected.size(Topics.FORECAST_ACCURACY) > 0, "the reference run published no accuracy records");
            TwinRuns.assertSameOutput(expected, committed.output);
        }
    }

    private Process startTwin(Path stateDir, int run) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.pipetwin.schemas.avro",
                TwinChildMain.class.getName(), "bootstrap=" + broker.bootstrapServers(), "registry=" + registry.url(),
                "application-id=crash-twin", "state-dir=" + stateDir, "replications=" + REPLICATIONS,
                // A restarted instance with the same static member id takes over at once instead of waiting for
                // the killed member's session to expire.
                "property.group.instance.id=crash-twin-instance", "property.session.timeout.ms=10000");
        Path log = dir.resolve("twin-run-" + run + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LOG.info("Started twin run {} as pid {}, log {}", run, process.pid(), log);
        return process;
    }
}

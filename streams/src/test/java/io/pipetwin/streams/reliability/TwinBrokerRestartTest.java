package io.pipetwin.streams.reliability;

import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.embedded.ChildProcessKafkaBroker;
import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.WorkloadSource;
import io.pipetwin.streams.mirror.MirrorCounter;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Restarts the broker (a child process, same ports and log directory) gracefully and then kills and
 * starts it again while a trace replay produces and the twin processes. Neither is restarted by the
 * test; the committed forecasts must equal those of an uninterrupted run.
 */
class TwinBrokerRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(TwinBrokerRestartTest.class);
    private static final String PLATFORM = "restart-platform";
    private static final int REPLICATIONS = 20;
    private static final double REPLAY_WALL_SECONDS = 30;
    private static final Duration CATCH_UP_WAIT = Duration.ofMinutes(10);

    private static ChildProcessKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    static Path brokerDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServices() throws IOException {
        broker = ChildProcessKafkaBroker.builder().logDir(brokerDir.resolve("broker")).build().start();
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
    void replayAndTwinRecoverFromBrokerRestartAndKill() throws Exception {
        Path traceDir = dir.resolve("trace");
        List<PlatformEvent> events = SyntheticEvents.generate(traceDir, PLATFORM, 800, 23);
        AlibabaGpu2023Trace trace = AlibabaGpu2023Trace.inDirectory(traceDir);
        ForecastSettings settings = ForecastSettings.defaults().withReplications(REPLICATIONS)
                .withWorkloadSource(WorkloadSource.ONLINE_MODEL);
        TwinRuns.Output expected = TwinRuns.reference(events, settings, registry.url(), dir.resolve("reference-state"));
        LOG.info("Uninterrupted in-process run: {} events, {} forecast records", events.size(), expected.size());

        TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                .withApplicationId("restart-twin").withStateDir(dir.resolve("twin-state")).withForecast(settings);
        TraceReplayConfig replayConfig = new TraceReplayConfig()
                .bootstrapServers(broker.bootstrapServers())
                .schemaRegistryUrl(registry.url())
                .topic(Topics.PLATFORM_EVENTS)
                .platformId(PLATFORM)
                .podListFile(trace.podList())
                .nodeListFile(trace.nodeList())
                .speed(trace.summary().traceEndSeconds() / REPLAY_WALL_SECONDS)
                .progressBar(false);
        long start = System.nanoTime();
        try (TwinApplication twin = TwinApplication.create(config);
             TwinRuns.CommittedForecasts committed = new TwinRuns.CommittedForecasts(broker.bootstrapServers(), Map.of(),
                     registry.url())) {
            twin.start();
            CompletableFuture<ReplaySummary> replay = CompletableFuture.supplyAsync(() -> new TraceReplayer(replayConfig).run());

            int count = committed.pollUntil(expected.size() / 4, CATCH_UP_WAIT);
            LOG.info("Restarting the broker gracefully with {} forecast records committed", count);
            long pidBefore = broker.pid();
            broker.restart();
            count = committed.pollUntil(expected.size() / 2, CATCH_UP_WAIT);
            LOG.info("Killing the broker with {} forecast records committed", count);
            broker.kill();
            broker.start();
            long pidAfter = broker.pid();

            ReplaySummary summary = replay.get();
            count = committed.pollUntil(expected.size(), CATCH_UP_WAIT);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            LOG.info("Replay sent {} events; {} of {} forecast records committed after {} s; broker pids {} and {}",
                    summary, count, expected.size(), seconds, pidBefore, pidAfter);

            assertEquals(KafkaStreams.State.RUNNING, twin.state());
            assertEquals(events.size(), twin.counters(PLATFORM).orElseThrow().count(MirrorCounter.EVENTS_APPLIED));
            TwinRuns.assertSameOutput(expected, committed.output);
        }
    }
}

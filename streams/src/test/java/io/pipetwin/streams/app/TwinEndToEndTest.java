package io.pipetwin.streams.app;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.WorkloadSource;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Replays a trace onto a real embedded broker and runs the twin against it with the Monte Carlo
 * forecaster and the embedded schema registry; every expected value is computed from the trace's CSV
 * files by {@link TraceExpectations}. Both tests share the broker and its input topic, so the synthetic
 * test runs first: a twin started later reads the small synthetic platform too, never the reverse.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwinEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(TwinEndToEndTest.class);
    /** Maximum wait for the twin to apply every replayed event; a twin that stalls fails the test then. */
    private static final Duration PROCESSING_WAIT = Duration.ofMinutes(30);

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
    @Order(1)
    void syntheticTraceMirroredAcrossRestart() throws Exception {
        Path traceDir = dir.resolve("trace");
        SyntheticAlibabaTrace.write(traceDir, 400, 7);
        ForecastSettings settings = ForecastSettings.defaults().withReplications(20);

        Outcome outcome = replayAndRun(traceDir, "synthetic-e2e", settings, true);

        check(new TraceExpectations(traceDir, TraceReplayConfig.DEFAULT_START_TIME.toEpochMilli()), settings, outcome);
    }

    @Test
    @Order(2)
    void publishedTraceMirrored() throws Exception {
        String tracesDir = System.getProperty("pipetwin.traces.dir", "");
        Path traceDir = Path.of(tracesDir.isEmpty() ? "." : tracesDir, "alibaba_gpu_v2023");
        assumeTrue(Files.isReadable(traceDir.resolve("openb_pod_list_default.csv"))
                        && Files.isReadable(traceDir.resolve("openb_node_list_all_node.csv")),
                "Alibaba GPU 2023 trace not found in " + traceDir.toAbsolutePath()
                        + "; set -Dpipetwin.traces.dir to the folder containing alibaba_gpu_v2023/ to run this test");
        // A scoring window longer than the trace makes the last accuracy record of each series and step the
        // aggregate over the whole replay.
        ForecastSettings settings = ForecastSettings.defaults()
                .withReplications(Integer.getInteger("pipetwin.e2e.replications", 10))
                .withScoringWindow(Duration.ofDays(400))
                .withWorkloadSource(WorkloadSource.parse(System.getProperty("pipetwin.accuracy.workload",
                        ForecastSettings.DEFAULT_WORKLOAD_SOURCE.label())));

        long startNanos = System.nanoTime();
        Outcome outcome = replayAndRun(traceDir, "alibaba-e2e", settings, false);
        LOG.info("Published trace: {} events mirrored, {} queue and {} resource forecasts read back, in {} s"
                        + " with {} replications", outcome.replay.eventsSent(), outcome.queueForecasts,
                outcome.resourceForecasts, (System.nanoTime() - startNanos) / 1_000_000_000, settings.replications());

        check(new TraceExpectations(traceDir, TraceReplayConfig.DEFAULT_START_TIME.toEpochMilli()), settings, outcome);
        reportAccuracy("alibaba-e2e");
    }

    /** Logs the whole-replay accuracy per series and horizon step, and checks that it was published. */
    private void reportAccuracy(String platformId) {
        Map<String, ForecastAccuracy> latest = new TreeMap<>();
        long records = readCommitted(Topics.FORECAST_ACCURACY,
                PipeTwinSerdes.forRecord(ForecastAccuracy.class, Map.of("schema.registry.url", registry.url()), false)
                        .deserializer(), platformId,
                accuracy -> latest.put(String.format("%s step %02d", accuracy.getSeries(), accuracy.getStep()), accuracy));
        for (Map.Entry<String, ForecastAccuracy> entry : latest.entrySet()) {
            ForecastAccuracy a = entry.getValue();
            LOG.info("Accuracy {}: {} steps, MAE {}, MAPE {} % over {}, p10-p90 coverage {}, persistence MAE {},"
                            + " persistence MAPE {} %, MAE relative to persistence {}", entry.getKey(), a.getCount(),
                    a.getMeanAbsoluteError(), a.getMeanAbsolutePercentageError(), a.getPercentageCount(),
                    a.getIntervalCoverage(), a.getPersistenceMeanAbsoluteError(),
                    a.getPersistenceMeanAbsolutePercentageError(), a.getRelativeMeanAbsoluteError());
        }
        assertTrue(records > 0, "no accuracy record was published for " + platformId);
        ForecastAccuracy queueFirstStep = latest.get("queue-length/all step 00");
        assertTrue(queueFirstStep != null && queueFirstStep.getCount() > 0,
                "no scored first step of queue-length/all; records by series and step: " + latest.keySet());
    }

    /**
     * What the test reads back. Only the checked fields are kept, because the published trace yields
     * about 200,000 resource forecasts, too many to hold as records in a 1 GiB test heap.
     *
     * @param queueNow               queue length now per boundary and task pool
     * @param queueForecasts         queue forecasts read
     * @param resourceForecasts      resource forecasts read
     * @param resourceBoundaries     boundaries with at least one resource forecast
     */
    private record Outcome(ReplaySummary replay, MirrorCounters counters, TreeMap<Long, Map<String, Integer>> queueNow,
                           long queueForecasts, long resourceForecasts, TreeSet<Long> resourceBoundaries) {
    }

    /**
     * Replays the trace, then runs the twin until it applied every event. With {@code restart}, the twin
     * is closed after half the events and started again with an empty state directory, so it must restore
     * its stores from the changelogs and continue from the committed offsets.
     */
    private Outcome replayAndRun(Path traceDir, String platformId, ForecastSettings settings, boolean restart)
            throws InterruptedException {
        TraceReplayConfig replayConfig = new TraceReplayConfig()
                .bootstrapServers(broker.bootstrapServers())
                .schemaRegistryUrl(registry.url())
                .traceDirectory(traceDir)
                .platformId(platformId)
                .progressBar(false);
        ReplaySummary replay = new TraceReplayer(replayConfig,
                PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registry.url())).serializer()).run();

        TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                .withApplicationId("twin-" + platformId)
                .withStateDir(dir.resolve("state-1"))
                .withForecast(settings);
        long total = replay.eventsSent();
        MirrorCounters counters;
        if (restart) {
            try (TwinApplication first = TwinApplication.create(config)) {
                first.start();
                awaitCounters(first, platformId, c -> processed(c) >= total / 2);
            }
            try (TwinApplication second = TwinApplication.create(config.withStateDir(dir.resolve("state-2")))) {
                second.start();
                counters = awaitCounters(second, platformId, c -> processed(c) >= total);
            }
        } else {
            try (TwinApplication twin = TwinApplication.create(config)) {
                twin.start();
                counters = awaitCounters(twin, platformId, c -> processed(c) >= total);
            }
        }
        TreeMap<Long, Map<String, Integer>> queueNow = new TreeMap<>();
        long queueForecasts = readCommitted(Topics.FORECAST_QUEUE,
                PipeTwinSerdes.queueForecast(Map.of("schema.registry.url", registry.url())).deserializer(), platformId,
                forecast -> queueNow.computeIfAbsent(forecast.getStartTime().toEpochMilli(), time -> new TreeMap<>())
                        .put(forecast.getPool(), forecast.getQueueLengthNow()));
        TreeSet<Long> resourceBoundaries = new TreeSet<>();
        long resourceForecasts = readCommitted(Topics.FORECAST_RESOURCES,
                PipeTwinSerdes.resourceForecast(Map.of("schema.registry.url", registry.url())).deserializer(), platformId,
                forecast -> resourceBoundaries.add(forecast.getStartTime().toEpochMilli()));
        return new Outcome(replay, counters, queueNow, queueForecasts, resourceForecasts, resourceBoundaries);
    }

    private static long processed(MirrorCounters counters) {
        return counters.count(MirrorCounter.EVENTS_APPLIED) + counters.count(MirrorCounter.EVENTS_REJECTED);
    }

    private static MirrorCounters awaitCounters(TwinApplication twin, String platformId,
                                                Predicate<MirrorCounters> done) throws InterruptedException {
        long deadline = System.nanoTime() + PROCESSING_WAIT.toNanos();
        long nextLogNanos = System.nanoTime();
        Optional<MirrorCounters> counters = Optional.empty();
        while (System.nanoTime() < deadline) {
            counters = twin.counters(platformId);
            if (counters.isPresent() && done.test(counters.get())) {
                return counters.get();
            }
            if (counters.isPresent() && System.nanoTime() >= nextLogNanos) {
                LOG.info("Twin progress on {}: {} events processed, {} forecasts published", platformId,
                        processed(counters.get()), counters.get().count(MirrorCounter.FORECASTS_PUBLISHED));
                nextLogNanos = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("twin did not reach the expected progress on platform " + platformId + " within "
                + PROCESSING_WAIT + "; last counters " + counters);
    }

    /** Hands every committed record of a single-partition topic for one platform to {@code sink}; returns their count. */
    private <T> long readCommitted(String topic, Deserializer<T> deserializer, String platformId, Consumer<T> sink) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long count = 0;
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), deserializer)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
                    if (platformId.equals(record.key())) {
                        sink.accept(record.value());
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static void check(TraceExpectations expected, ForecastSettings settings, Outcome outcome) {
        long[] skipped = new long[1];
        List<Long> boundaries = expected.expectedBoundaries(settings.interval().toMillis(),
                settings.maxCatchUpBoundaries(), skipped);
        MirrorCounters counters = outcome.counters;

        TreeMap<Long, Map<String, Integer>> queueNow = outcome.queueNow;
        TreeSet<Long> resourceBoundaries = outcome.resourceBoundaries;

        assertAll(
                () -> assertEquals(expected.eventCount(), outcome.replay.eventsSent(), "events replayed"),
                () -> assertEquals(expected.nodeCount, counters.count(MirrorCounter.NODES_ADDED), "nodes added"),
                () -> assertEquals(expected.nodeCount, counters.nodesInService(), "nodes in service"),
                () -> assertEquals(expected.pods.size(), counters.count(MirrorCounter.TASKS_SUBMITTED), "tasks submitted"),
                () -> assertEquals(expected.pods.size(), counters.count(MirrorCounter.TASKS_QUEUED), "tasks queued"),
                () -> assertEquals(expected.started(), counters.count(MirrorCounter.TASKS_STARTED), "tasks started"),
                () -> assertEquals(expected.finished(), counters.count(MirrorCounter.TASKS_FINISHED), "tasks finished"),
                () -> assertEquals(expected.cancelled(), counters.count(MirrorCounter.TASKS_CANCELLED), "tasks cancelled"),
                () -> assertEquals(0, counters.count(MirrorCounter.EVENTS_REJECTED), "events rejected"),
                () -> assertEquals(0, counters.count(MirrorCounter.FORECASTS_FAILED), "forecasts failed"),
                () -> assertEquals(boundaries.size(), counters.count(MirrorCounter.FORECASTS_PUBLISHED), "forecast count"),
                () -> assertEquals(skipped[0], counters.count(MirrorCounter.BOUNDARIES_SKIPPED), "skipped boundaries"),
                () -> assertEquals(boundaries, new ArrayList<>(queueNow.keySet()), "queue forecast boundaries"),
                () -> assertEquals(3L * boundaries.size(), outcome.queueForecasts, "queue forecasts, one per pool"),
                () -> assertEquals(boundaries, new ArrayList<>(resourceBoundaries), "resource forecast boundaries"),
                () -> assertEquals((long) expected.resourceForecastsPerBoundary() * boundaries.size(),
                        outcome.resourceForecasts, "resource forecasts"));

        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<Long, Map<String, Integer>> entry : queueNow.entrySet()) {
            Map<String, Integer> want = expected.queueAt(entry.getKey());
            if (!want.equals(entry.getValue())) {
                mismatches.add(java.time.Instant.ofEpochMilli(entry.getKey()) + ": forecast " + entry.getValue()
                        + ", trace " + want);
            }
        }
        assertTrue(mismatches.isEmpty(), mismatches.size() + " boundaries with a wrong queue length, first: "
                + mismatches.stream().limit(5).toList());
        assertTrue(boundaries.size() > 0, "the trace crossed no cadence boundary");
    }
}

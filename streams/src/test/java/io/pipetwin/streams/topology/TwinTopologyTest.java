package io.pipetwin.streams.topology;

import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.AvroSerde;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.avro.ResourceKind;
import io.pipetwin.schemas.avro.TaskStatus;
import io.pipetwin.streams.Events;
import io.pipetwin.streams.RecordingForecaster;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.mirror.RejectReason;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.pipetwin.streams.Events.finished;
import static io.pipetwin.streams.Events.node;
import static io.pipetwin.streams.Events.pipeline;
import static io.pipetwin.streams.Events.queued;
import static io.pipetwin.streams.Events.request;
import static io.pipetwin.streams.Events.started;
import static io.pipetwin.streams.Events.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwinTopologyTest {

    private static final long MINUTE = 60_000;
    /** 2023-01-01T00:00Z, a multiple of the 5-minute interval. */
    private static final long T0 = Instant.parse("2023-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    private static EmbeddedSchemaRegistry registry;

    private final Map<String, String> serdeConfig = Map.of("schema.registry.url", registry.url());
    private final AvroSerde<PlatformEvent> eventSerde = PipeTwinSerdes.platformEvent(serdeConfig);
    private final AvroSerde<QueueForecast> queueSerde = PipeTwinSerdes.queueForecast(serdeConfig);
    private final AvroSerde<ResourceForecast> resourceSerde = PipeTwinSerdes.resourceForecast(serdeConfig);

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }
    private final RecordingForecaster forecaster = new RecordingForecaster();
    private final Events events = new Events("p1");

    /**
     * The hand-written platform history. Queue per boundary, worked out by hand: at 5m t1..t4 wait
     * (gpu 3, cpu 1); at 10m t2, t3 wait (t1 and t4 started at 6m and 7m); from 15m to 30m only t3 waits
     * (t2 started at 12m).
     */
    private List<PlatformEvent> history() {
        return List.of(
                events.event(T0, node("gpu-node", 32_000, 262_144, 2, "V100")),
                events.event(T0, node("cpu-node", 16_000, 65_536, 0, null)),
                events.event(T0 + MINUTE, pipeline("pipe-1",
                        task("t1", "train", request(4_000, 8_192, 1, 500)),
                        task("t2", "train", request(2_000, 4_096, 1, 300)),
                        task("t3", "train", request(8_000, 16_384, 1, 1000)),
                        task("t4", "preprocess", request(1_000, 2_048, 0, 0)))),
                events.event(T0 + 2 * MINUTE, queued("pipe-1", "t1")),
                events.event(T0 + 2 * MINUTE, queued("pipe-1", "t2")),
                events.event(T0 + 2 * MINUTE, queued("pipe-1", "t3")),
                events.event(T0 + 2 * MINUTE, queued("pipe-1", "t4")),
                events.event(T0 + 6 * MINUTE, started("pipe-1", "t1", "gpu-node")),
                events.event(T0 + 7 * MINUTE, started("pipe-1", "t4", "cpu-node")),
                events.event(T0 + 10 * MINUTE, finished("pipe-1", "t1", TaskStatus.SUCCEEDED)),
                events.event(T0 + 12 * MINUTE, started("pipe-1", "t2", "gpu-node")),
                events.event(T0 + 31 * MINUTE, finished("pipe-1", "t4", TaskStatus.SUCCEEDED)));
    }

    private static final Map<Long, Map<String, Integer>> EXPECTED_QUEUE = Map.of(
            T0 + 5 * MINUTE, Map.of("gpu", 3, "cpu", 1, "all", 4),
            T0 + 10 * MINUTE, Map.of("gpu", 2, "cpu", 0, "all", 2),
            T0 + 15 * MINUTE, Map.of("gpu", 1, "cpu", 0, "all", 1),
            T0 + 20 * MINUTE, Map.of("gpu", 1, "cpu", 0, "all", 1),
            T0 + 25 * MINUTE, Map.of("gpu", 1, "cpu", 0, "all", 1),
            T0 + 30 * MINUTE, Map.of("gpu", 1, "cpu", 0, "all", 1));

    private Topology topology(ForecastSettings settings) {
        return TwinTopology.build(settings, MirrorLimits.defaults(), forecaster, new RateLimitedRejectionLog(10_000),
                eventSerde.deserializer(), queueSerde.serializer(), resourceSerde.serializer());
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "twin-topology-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return properties;
    }

    private static final class Harness implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, PlatformEvent> input;
        final TestOutputTopic<String, QueueForecast> queue;
        final TestOutputTopic<String, ResourceForecast> resources;

        Harness(TwinTopologyTest test, ForecastSettings settings) {
            driver = new TopologyTestDriver(test.topology(settings), test.properties());
            input = driver.createInputTopic(Topics.PLATFORM_EVENTS, new StringSerializer(), test.eventSerde.serializer());
            queue = driver.createOutputTopic(Topics.FORECAST_QUEUE, new StringDeserializer(),
                    test.queueSerde.deserializer());
            resources = driver.createOutputTopic(Topics.FORECAST_RESOURCES, new StringDeserializer(),
                    test.resourceSerde.deserializer());
        }

        void pipe(List<PlatformEvent> events) {
            for (PlatformEvent event : events) {
                input.pipeInput(event.getPlatformId(), event);
            }
        }

        MirrorCounters counters(String platformId) {
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(MirrorStores.PLATFORMS);
            return MirrorStores.decodeCounters(store.get(platformId));
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    private static Map<Long, Map<String, Integer>> queueLengthNowByBoundary(List<QueueForecast> forecasts) {
        Map<Long, Map<String, Integer>> result = new TreeMap<>();
        for (QueueForecast forecast : forecasts) {
            result.computeIfAbsent(forecast.getStartTime().toEpochMilli(), time -> new TreeMap<>())
                    .put(forecast.getPool(), forecast.getQueueLengthNow());
        }
        return result;
    }

    @Test
    void forecastsAtEachBoundaryWithMirroredQueue() {
        try (Harness harness = new Harness(this, ForecastSettings.defaults())) {
            harness.pipe(history());
            List<QueueForecast> forecasts = harness.queue.readValuesToList();

            assertEquals(EXPECTED_QUEUE, queueLengthNowByBoundary(forecasts));
            assertEquals(6 * 3, forecasts.size());
            assertEquals(6, forecaster.snapshots.size());
            assertEquals(6, harness.counters("p1").count(MirrorCounter.FORECASTS_PUBLISHED));
        }
    }

    @Test
    void snapshotTakenBeforeCrossingEvent() {
        try (Harness harness = new Harness(this, ForecastSettings.defaults())) {
            harness.pipe(history());

            // The 5m boundary precedes t1's start at 6m, so the snapshot has nothing running yet.
            assertEquals((T0 + 5 * MINUTE) / 1000.0, forecaster.snapshots.get(0).timeSeconds());
            assertEquals(0, forecaster.snapshots.get(0).running().size());
            assertEquals(List.of("t1", "t2", "t3", "t4"),
                    forecaster.snapshots.get(0).waiting().stream().map(t -> t.taskId()).toList());
            // At 10m, t1 (started 6m) and t4 (started 7m) run; t1's finish at 10m comes after the boundary.
            assertEquals(List.of("t1", "t4"),
                    forecaster.snapshots.get(1).running().stream().map(t -> t.taskId()).toList());
            assertEquals(ForecastSettings.seed("p1", T0 + 5 * MINUTE), forecaster.configs.get(0).seed());
        }
    }

    @Test
    void resourceForecastsCarryMirroredUtilisation() {
        try (Harness harness = new Harness(this, ForecastSettings.defaults())) {
            harness.pipe(history());
            List<ResourceForecast> forecasts = harness.resources.readValuesToList();

            // Pools all, V100 and cpu; the cpu pool has no GPU, so 3 + 3 + 2 records per boundary.
            assertEquals(6 * 8, forecasts.size());
            Map<String, ResourceForecast> at10 = forecasts.stream()
                    .filter(f -> f.getStartTime().toEpochMilli() == T0 + 10 * MINUTE)
                    .collect(Collectors.toMap(f -> f.getPool() + "/" + f.getResource(), f -> f));
            // At 10m t1 holds 500 milli of one of the V100 node's two GPUs and 4000 of its 32000 milli-cores.
            assertEquals(500.0 / 2000.0, at10.get("V100/" + ResourceKind.GPU).getUtilisationNow(), 1e-12);
            assertEquals(4_000.0 / 32_000.0, at10.get("V100/" + ResourceKind.CPU).getUtilisationNow(), 1e-12);
            assertEquals(5_000.0 / 48_000.0, at10.get("all/" + ResourceKind.CPU).getUtilisationNow(), 1e-12);
            assertEquals(48_000.0, at10.get("all/" + ResourceKind.CPU).getCapacity(), 1e-12);
        }
    }

    @Test
    void gapRuleSkipsBoundaries() {
        ForecastSettings settings = ForecastSettings.defaults().withMaxCatchUpBoundaries(3);
        try (Harness harness = new Harness(this, settings)) {
            harness.pipe(history());
            Map<Long, Map<String, Integer>> byBoundary = queueLengthNowByBoundary(harness.queue.readValuesToList());

            // The last event at 31m crosses 15m, 20m, 25m and 30m: more than 3, so only 30m is forecast.
            assertEquals(List.of(T0 + 5 * MINUTE, T0 + 10 * MINUTE, T0 + 30 * MINUTE), new ArrayList<>(byBoundary.keySet()));
            assertEquals(3, harness.counters("p1").count(MirrorCounter.BOUNDARIES_SKIPPED));
        }
    }

    @Test
    void rejectedEventsAreCounted() {
        try (Harness harness = new Harness(this, ForecastSettings.defaults())) {
            List<PlatformEvent> history = new ArrayList<>(history());
            history.add(events.event(T0 + 32 * MINUTE, started("pipe-1", "unknown-task", "gpu-node")));
            history.add(events.event(T0 + 32 * MINUTE, finished("pipe-1", "t3", TaskStatus.SUCCEEDED)));
            history.add(events.event("e0", T0 + 32 * MINUTE, queued("pipe-1", "t3")));
            harness.pipe(history);
            MirrorCounters counters = harness.counters("p1");

            assertEquals(1, counters.rejectedCount(RejectReason.UNKNOWN_TASK));
            assertEquals(1, counters.rejectedCount(RejectReason.FINISH_BEFORE_START));
            assertEquals(1, counters.rejectedCount(RejectReason.DUPLICATE_EVENT));
            assertEquals(12, counters.count(MirrorCounter.EVENTS_APPLIED));
        }
    }
}

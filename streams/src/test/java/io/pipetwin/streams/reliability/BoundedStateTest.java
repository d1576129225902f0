package io.pipetwin.streams.reliability;

import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.AvroSerde;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.Events;
import io.pipetwin.streams.RecordingForecaster;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.LiveOptions;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.scoring.ScoringStores;
import io.pipetwin.streams.topology.RateLimitedRejectionLog;
import io.pipetwin.streams.topology.TwinTopology;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static io.pipetwin.streams.Events.node;
import static io.pipetwin.streams.Events.pipeline;
import static io.pipetwin.streams.Events.request;
import static io.pipetwin.streams.Events.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shows that the mirror's stores stay bounded over a long replay: finished tasks leave at once,
 * event ids leave the deduplication window, durations and arrivals live in fixed-size windows, and
 * tasks that were submitted but never queued are evicted after the retention. The scoring stores stay
 * within their pending and window bounds.
 */
class BoundedStateTest {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedStateTest.class);
    private static final String PLATFORM = "bounded-platform";
    private static final int SAMPLE_EVERY_EVENTS = 1_000;

    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private final Map<String, String> serdeConfig = Map.of("schema.registry.url", registry.url());
    private final AvroSerde<PlatformEvent> eventSerde = PipeTwinSerdes.platformEvent(serdeConfig);
    private final AvroSerde<QueueForecast> queueSerde = PipeTwinSerdes.queueForecast(serdeConfig);
    private final AvroSerde<ResourceForecast> resourceSerde = PipeTwinSerdes.resourceForecast(serdeConfig);
    private final AvroSerde<ForecastAccuracy> accuracySerde =
            PipeTwinSerdes.forRecord(ForecastAccuracy.class, serdeConfig, false);

    private TopologyTestDriver driver(MirrorLimits limits) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-state-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        return new TopologyTestDriver(TwinTopology.build(ForecastSettings.defaults(), limits, new RecordingForecaster(),
                new RateLimitedRejectionLog(10_000), eventSerde.deserializer(), queueSerde.serializer(),
                resourceSerde.serializer(), LiveOptions.withAccuracy(accuracySerde.serializer())), properties);
    }

    private static int entries(TopologyTestDriver driver, String store) {
        KeyValueStore<String, byte[]> kv = driver.getKeyValueStore(store);
        int count = 0;
        try (KeyValueIterator<String, byte[]> iterator = kv.all()) {
            while (iterator.hasNext()) {
                iterator.next();
                count++;
            }
        }
        return count;
    }

    @Test
    void storeSizesStayBoundedOverALongReplay() {
        // 4,000 pods, one every 2 minutes on average: about 133 hours of event time.
        List<PlatformEvent> events = SyntheticEvents.generate(dir.resolve("trace"), PLATFORM, 4_000, 5);
        MirrorLimits limits = MirrorLimits.defaults();
        long windowMillis = limits.deduplicationWindow().toMillis();

        // Bounds derived from the trace: tasks submitted but not finished or cancelled, and events within the
        // deduplication window of the latest event time, both at their maximum over the replay.
        int maxLiveTasks = 0;
        int maxEventsInWindow = 0;
        Set<String> live = new HashSet<>();
        ArrayDeque<Long> window = new ArrayDeque<>();
        Map<String, int[]> samples = new LinkedHashMap<>();
        Map<String, int[]> scoringSamples = new LinkedHashMap<>();
        try (TopologyTestDriver driver = driver(limits)) {
            TestInputTopic<String, PlatformEvent> input = driver.createInputTopic(Topics.PLATFORM_EVENTS,
                    new StringSerializer(), eventSerde.serializer());
            for (int i = 0; i < events.size(); i++) {
                PlatformEvent event = events.get(i);
                input.pipeInput(PLATFORM, event);
                if (event.getPayload() instanceof io.pipetwin.schemas.avro.PipelineSubmitted submitted) {
                    submitted.getTasks().forEach(spec -> live.add(spec.getTaskId()));
                } else if (event.getPayload() instanceof TaskFinished finished) {
                    live.remove(finished.getTaskId());
                } else if (event.getPayload() instanceof io.pipetwin.schemas.avro.TaskCancelled cancelled) {
                    live.remove(cancelled.getTaskId());
                }
                long time = event.getEventTime().toEpochMilli();
                window.addLast(time);
                while (window.peekFirst() < time - windowMillis) {
                    window.removeFirst();
                }
                maxLiveTasks = Math.max(maxLiveTasks, live.size());
                maxEventsInWindow = Math.max(maxEventsInWindow, window.size());
                if ((i + 1) % SAMPLE_EVERY_EVENTS == 0 || i == events.size() - 1) {
                    int[] sizes = new int[MirrorStores.ALL.size()];
                    for (int s = 0; s < sizes.length; s++) {
                        sizes[s] = entries(driver, MirrorStores.ALL.get(s));
                    }
                    samples.put(String.format("%6d events, %s", i + 1, event.getEventTime()), sizes);
                    scoringSamples.put(String.format("%6d events, %s", i + 1, event.getEventTime()), new int[] {
                            entries(driver, ScoringStores.PENDING), entries(driver, ScoringStores.WINDOWS)});
                }
            }
            MirrorCounters counters = MirrorStores.decodeCounters(
                    driver.<String, byte[]>getKeyValueStore(MirrorStores.PLATFORMS).get(PLATFORM));
            assertEquals(events.size(), counters.count(MirrorCounter.EVENTS_APPLIED));
        }

        StringBuilder table = new StringBuilder("entries per store (" + String.join(", ", MirrorStores.ALL) + "):");
        samples.forEach((label, sizes) -> table.append('\n').append(label).append("  ")
                .append(java.util.Arrays.toString(sizes)));
        LOG.info("{}", table);
        LOG.info("{} events; bounds from the trace: {} live tasks at most, {} events within {} at most",
                events.size(), maxLiveTasks, maxEventsInWindow, limits.deduplicationWindow());

        int tasksIndex = MirrorStores.ALL.indexOf(MirrorStores.TASKS);
        int idsIndex = MirrorStores.ALL.indexOf(MirrorStores.EVENT_IDS);
        int durationsIndex = MirrorStores.ALL.indexOf(MirrorStores.DURATIONS);
        int arrivalsIndex = MirrorStores.ALL.indexOf(MirrorStores.ARRIVALS);
        int nodesIndex = MirrorStores.ALL.indexOf(MirrorStores.NODES);
        for (Map.Entry<String, int[]> sample : samples.entrySet()) {
            int[] sizes = sample.getValue();
            assertTrue(sizes[tasksIndex] <= maxLiveTasks, sample.getKey() + ": tasks " + sizes[tasksIndex]);
            assertTrue(sizes[idsIndex] <= maxEventsInWindow, sample.getKey() + ": event ids " + sizes[idsIndex]);
            // One task class per task type and pool in the synthetic trace; each window holds at most its size.
            assertTrue(sizes[durationsIndex] <= 8 * limits.durationWindowSize(), sample.getKey() + ": durations");
            assertTrue(sizes[arrivalsIndex] <= limits.arrivalWindowSize(), sample.getKey() + ": arrivals");
            assertTrue(sizes[nodesIndex] <= 6, sample.getKey() + ": nodes");
        }
        assertTrue(samples.size() >= 10, "too few samples: " + samples.size());

        // Series: a queue length per task pool, and CPU, GPU and memory utilisation of pool "all" and of at most
        // 6 node pools (one per node). A window keeps the step times of the scoring window, one per interval.
        ForecastSettings settings = ForecastSettings.defaults();
        int maxSeries = 3 + 3 * (1 + 6);
        long steps = settings.horizon().toMillis() / settings.step().toMillis();
        long entriesPerWindow = settings.scoringWindow().toMillis() / settings.interval().toMillis() + 1;
        LOG.info("entries per scoring store ({}, {}): {}", ScoringStores.PENDING, ScoringStores.WINDOWS,
                scoringSamples.values().stream().map(java.util.Arrays::toString).toList());
        for (Map.Entry<String, int[]> sample : scoringSamples.entrySet()) {
            int[] sizes = sample.getValue();
            assertTrue(sizes[0] <= maxSeries, sample.getKey() + ": pending series " + sizes[0]);
            assertTrue(sizes[1] <= maxSeries * steps * entriesPerWindow, sample.getKey() + ": window entries " + sizes[1]);
        }
        int[] last = scoringSamples.values().stream().reduce((first, second) -> second).orElseThrow();
        assertTrue(last[1] > 0, "no scored step reached a window");
        assertTrue(events.size() > 10 * maxEventsInWindow, "the replay must be much longer than the deduplication window");
    }

    @Test
    void evictsTasksThatWereNeverQueuedAfterTheRetention() {
        MirrorLimits limits = MirrorLimits.defaults().withSubmittedTaskRetention(Duration.ofHours(2));
        long t0 = Instant.parse("2023-01-01T00:00:00Z").toEpochMilli();
        long hour = 3_600_000;
        Events events = new Events(PLATFORM);
        try (TopologyTestDriver driver = driver(limits)) {
            TestInputTopic<String, PlatformEvent> input = driver.createInputTopic(Topics.PLATFORM_EVENTS,
                    new StringSerializer(), eventSerde.serializer());
            input.pipeInput(PLATFORM, events.event(t0, node("n1", 8_000, 16_384, 0, null)));
            input.pipeInput(PLATFORM, events.event(t0, pipeline("stuck", task("stuck-a", "train", request(1_000, 1_024, 0, 0)),
                    task("stuck-b", "evaluate", request(1_000, 1_024, 0, 0)))));
            input.pipeInput(PLATFORM, events.event(t0 + hour, pipeline("recent",
                    task("recent-a", "train", request(1_000, 1_024, 0, 0)))));
            // Two hours after "stuck" was submitted its tasks are still within the retention.
            input.pipeInput(PLATFORM, events.event(t0 + 2 * hour, node("n2", 8_000, 16_384, 0, null)));
            assertEquals(3, entries(driver, MirrorStores.TASKS));
            // At 2h05m the next cadence boundary (2h05m) evicts the tasks submitted before 0h05m.
            input.pipeInput(PLATFORM, events.event(t0 + 2 * hour + 5 * 60_000, node("n3", 8_000, 16_384, 0, null)));
            KeyValueStore<String, byte[]> tasks = driver.getKeyValueStore(MirrorStores.TASKS);
            assertNull(tasks.get(PLATFORM + "|stuck-a"));
            assertNull(tasks.get(PLATFORM + "|stuck-b"));
            assertEquals(1, entries(driver, MirrorStores.TASKS));
            MirrorCounters counters = MirrorStores.decodeCounters(
                    driver.<String, byte[]>getKeyValueStore(MirrorStores.PLATFORMS).get(PLATFORM));
            assertEquals(2, counters.count(MirrorCounter.TASKS_EVICTED));
            assertEquals(1, counters.tasksSubmittedOnly());
            // The evicted ids are free again: a late start of an evicted task is an unknown task, not a crash.
            input.pipeInput(PLATFORM, events.event(t0 + 2 * hour + 6 * 60_000, new TaskStarted("stuck", "stuck-a", "n1", List.of())));
            counters = MirrorStores.decodeCounters(
                    driver.<String, byte[]>getKeyValueStore(MirrorStores.PLATFORMS).get(PLATFORM));
            assertEquals(1, counters.rejectedCount(io.pipetwin.streams.mirror.RejectReason.UNKNOWN_TASK));
        }
    }
}

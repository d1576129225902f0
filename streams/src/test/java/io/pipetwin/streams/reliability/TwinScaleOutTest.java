package io.pipetwin.streams.reliability;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.WorkloadSource;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three twin instances with one application id share a 6-partition input topic carrying four
 * platforms. One instance holding platforms is stopped halfway; the others must take its platforms
 * over from the changelog (or their standby replicas) with the same counters, and the committed
 * forecasts and accuracy records of the whole replay must equal an uninterrupted single-instance run.
 */
class TwinScaleOutTest {

    private static final Logger LOG = LoggerFactory.getLogger(TwinScaleOutTest.class);
    private static final List<String> PLATFORMS = List.of("scale-a", "scale-b", "scale-c", "scale-d");
    private static final int PARTITIONS = 6;
    private static final int INSTANCES = 3;
    private static final Duration WAIT = Duration.ofMinutes(5);

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServices() throws IOException {
        broker = EmbeddedKafkaBroker.builder().build().start();
        registry = new EmbeddedSchemaRegistry().start();
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(new NewTopic(topic, topic.equals(Topics.PLATFORM_EVENTS) ? PARTITIONS : 1, (short) 1));
        }
        broker.createTopics(topics);
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
    void remainingInstancesTakeOverAStoppedInstancesPlatforms() throws Exception {
        ForecastSettings settings = ForecastSettings.defaults().withReplications(10)
                .withWorkloadSource(WorkloadSource.ONLINE_MODEL);
        List<PlatformEvent> firstHalf = new ArrayList<>();
        List<PlatformEvent> secondHalf = new ArrayList<>();
        List<PlatformEvent> all = new ArrayList<>();
        for (int i = 0; i < PLATFORMS.size(); i++) {
            List<PlatformEvent> events = SyntheticEvents.generate(dir.resolve("trace-" + i), PLATFORMS.get(i), 200, 100 + i);
            firstHalf.addAll(events.subList(0, events.size() / 2));
            secondHalf.addAll(events.subList(events.size() / 2, events.size()));
            all.addAll(events);
        }
        TwinRuns.Output expected = TwinRuns.reference(all, settings, registry.url(), dir.resolve("reference-state"));

        List<TwinApplication> twins = new ArrayList<>();
        try (TwinRuns.CommittedForecasts committed = new TwinRuns.CommittedForecasts(broker.bootstrapServers(), Map.of(),
                registry.url())) {
            for (int i = 0; i < INSTANCES; i++) {
                TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                        .withApplicationId("scale-twin").withStateDir(dir.resolve("state-" + i)).withForecast(settings)
                        .withClientProperties(Map.of(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1"));
                TwinApplication twin = TwinApplication.create(config);
                twins.add(twin);
                twin.start();
            }
            TwinRuns.produce(broker.bootstrapServers(), Map.of(), registry.url(), firstHalf);
            Map<String, Integer> holders = awaitApplied(twins, firstHalf.size());
            LOG.info("Platforms per instance after the first half: {}", holders);
            assertEquals(PLATFORMS.size(), holders.size());

            int stopped = holders.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
            Map<String, MirrorCounters> before = new TreeMap<>(twins.get(stopped).allCounters());
            assertFalse(before.isEmpty());
            long stopStart = System.nanoTime();
            twins.get(stopped).close();
            List<TwinApplication> remaining = new ArrayList<>(twins);
            remaining.remove(stopped);
            Map<String, MirrorCounters> after = awaitPlatforms(remaining, before.keySet());
            long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);
            LOG.info("Instance {} stopped holding {}; the others served them after {} ms", stopped, before.keySet(),
                    takeoverMillis);
            for (String platform : before.keySet()) {
                MirrorCounters was = before.get(platform);
                MirrorCounters now = after.get(platform);
                assertEquals(was.count(MirrorCounter.EVENTS_APPLIED), now.count(MirrorCounter.EVENTS_APPLIED), platform);
                assertEquals(was.nodesInService(), now.nodesInService(), platform);
                assertEquals(was.tasksWaiting(), now.tasksWaiting(), platform);
                assertEquals(was.tasksRunning(), now.tasksRunning(), platform);
                assertEquals(was.tasksSubmittedOnly(), now.tasksSubmittedOnly(), platform);
                assertEquals(was.latestEventTimeMillis(), now.latestEventTimeMillis(), platform);
            }

            TwinRuns.produce(broker.bootstrapServers(), Map.of(), registry.url(), secondHalf);
            awaitApplied(remaining, all.size());
            int count = committed.pollUntil(expected.size(), WAIT);
            LOG.info("{} of {} forecast records committed across {} instances", count, expected.size(), INSTANCES);
            assertTrue(expected.size(Topics.FORECAST_ACCURACY) > 0, "the reference run published no accuracy records");
            TwinRuns.assertSameOutput(expected, committed.output);
        } finally {
            for (TwinApplication twin : twins) {
                twin.close();
            }
        }
    }

    /** Waits until the instances together applied {@code events} events; returns the instance of each platform. */
    private static Map<String, Integer> awaitApplied(List<TwinApplication> twins, long events) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long applied = 0;
            Map<String, Integer> holders = new TreeMap<>();
            boolean held = true;
            for (int i = 0; i < twins.size(); i++) {
                for (Map.Entry<String, MirrorCounters> entry : twins.get(i).allCounters().entrySet()) {
                    applied += entry.getValue().count(MirrorCounter.EVENTS_APPLIED);
                    held &= holders.put(entry.getKey(), i) == null;
                }
            }
            if (applied == events && held) {
                return holders;
            }
            assertTrue(System.nanoTime() < deadline, "instances applied " + applied + " of " + events + " events");
            Thread.sleep(200);
        }
    }

    private static Map<String, MirrorCounters> awaitPlatforms(List<TwinApplication> twins, java.util.Set<String> platforms)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Map<String, MirrorCounters> found = new TreeMap<>();
            for (TwinApplication twin : twins) {
                twin.allCounters().forEach((platform, counters) -> {
                    if (platforms.contains(platform)) {
                        found.put(platform, counters);
                    }
                });
            }
            if (found.keySet().equals(platforms)) {
                return found;
            }
            assertTrue(System.nanoTime() < deadline, "remaining instances serve only " + found.keySet());
            Thread.sleep(100);
        }
    }
}

package io.pipetwin.streams.topology;

import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.avro.TaskStatus;
import io.pipetwin.streams.Events;
import io.pipetwin.streams.RecordComparison;
import io.pipetwin.streams.RecordingForecaster;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.OnlineCalibration;
import io.pipetwin.streams.forecast.WorkloadSource;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.streams.forecast.LiveOptions;
import io.pipetwin.streams.mirror.MirrorCounters;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.scoring.LiveScoring;
import io.pipetwin.streams.scoring.ScoringStores;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static io.pipetwin.streams.Events.finished;
import static io.pipetwin.streams.Events.node;
import static io.pipetwin.streams.Events.pipeline;
import static io.pipetwin.streams.Events.queued;
import static io.pipetwin.streams.Events.request;
import static io.pipetwin.streams.Events.started;
import static io.pipetwin.streams.Events.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A processor that takes over a platform's stores (after a restart or a task migration, once Kafka
 * Streams restored them) must continue exactly as an uninterrupted one. {@code TopologyTestDriver}
 * deletes its task directory on close, so the restart is exercised here with persistent RocksDB stores
 * that outlive the first processor; the end-to-end test restarts a real application. The processors publish
 * accuracy records, so the pending forecasts and score windows must survive the restart too.
 */
class TwinProcessorRestartTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = Instant.parse("2023-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path stateDir;

    private List<PlatformEvent> history() {
        Events events = new Events("p1");
        List<PlatformEvent> history = new ArrayList<>();
        history.add(events.event(T0, node("gpu-node", 32_000, 262_144, 2, "V100")));
        history.add(events.event(T0, node("cpu-node", 16_000, 65_536, 0, null)));
        history.add(events.event(T0 + MINUTE, pipeline("pipe-1",
                task("t1", "train", request(4_000, 8_192, 1, 500)),
                task("t2", "train", request(2_000, 4_096, 1, 300)),
                task("t3", "train", request(8_000, 16_384, 1, 1000)),
                task("t4", "preprocess", request(1_000, 2_048, 0, 0)))));
        for (String taskId : List.of("t1", "t2", "t3", "t4")) {
            history.add(events.event(T0 + 2 * MINUTE, queued("pipe-1", taskId)));
        }
        history.add(events.event(T0 + 6 * MINUTE, started("pipe-1", "t1", "gpu-node")));
        history.add(events.event(T0 + 7 * MINUTE, started("pipe-1", "t4", "cpu-node")));
        history.add(events.event(T0 + 10 * MINUTE, finished("pipe-1", "t1", TaskStatus.SUCCEEDED)));
        history.add(events.event(T0 + 12 * MINUTE, started("pipe-1", "t2", "gpu-node")));
        history.add(events.event(T0 + 16 * MINUTE, finished("pipe-1", "t2", TaskStatus.SUCCEEDED)));
        history.add(events.event(T0 + 17 * MINUTE, started("pipe-1", "t3", "gpu-node")));
        // A repeat of an event applied before the restart must still be rejected after it.
        history.add(events.event("e8", T0 + 18 * MINUTE, started("pipe-1", "t4", "cpu-node")));
        history.add(events.event(T0 + 31 * MINUTE, finished("pipe-1", "t4", TaskStatus.SUCCEEDED)));
        return history;
    }

    /**
     * A 15-minute horizon in 5-minute steps, so a forecast is scored 15 minutes after it was made, and a
     * 10-minute score window, so the windows drop entries within the histories.
     */
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults()
            .withHorizon(Duration.ofMinutes(15), Duration.ofMinutes(5))
            .withScoringWindow(Duration.ofMinutes(10))
            .withWorkloadSource(WorkloadSource.ONLINE_MODEL);

    private static final class Run {
        final List<SpecificRecord> forwarded = new ArrayList<>();
        final List<KeyValueStore<String, byte[]>> stores = new ArrayList<>();
        final RecordingForecaster forecaster = new RecordingForecaster();
        final Path dir;
        MockProcessorContext<Object, Object> context;

        Run(Path dir) {
            this.dir = dir;
            open();
        }

        /** Processes {@code events}, restarting the processor on reopened stores before each index in {@code restarts}. */
        void processWithRestarts(List<PlatformEvent> events, List<Integer> restarts) {
            int from = 0;
            for (int restart : restarts) {
                process(newProcessor(), events.subList(from, restart));
                reopen();
                from = restart;
            }
            process(newProcessor(), events.subList(from, events.size()));
        }

        /** Closes the stores and opens them again from their directory, as a restarted instance does. */
        void reopen() {
            close();
            stores.clear();
            open();
        }

        private void open() {
            Properties properties = new Properties();
            properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "twin-restart-test");
            properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
            context = new MockProcessorContext<>(properties, new TaskId(0, 0), dir.toFile());
            List<String> names = new ArrayList<>(MirrorStores.ALL);
            names.addAll(ScoringStores.ALL);
            names.add(OnlineCalibration.STORE);
            for (String name : names) {
                KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
                store.init(context.getStateStoreContext(), store);
                context.addStateStore(store);
                stores.add(store);
            }
        }

        TwinProcessor newProcessor() {
            return newProcessor(MirrorLimits.defaults());
        }

        TwinProcessor newProcessor(MirrorLimits limits) {
            // The mock context forwards records without serializing them, so any accuracy serializer will do.
            LiveOptions live = LiveOptions.withAccuracy((topic, accuracy) -> new byte[0]);
            TwinProcessor processor = new TwinProcessor(SETTINGS, limits, forecaster,
                    new RateLimitedRejectionLog(10_000), SingleObjectEvents.DESERIALIZER,
                    new io.pipetwin.streams.deadletter.DeadLetterCounts(), io.pipetwin.streams.app.TwinMetrics.NONE,
                    live);
            processor.init(context);
            return processor;
        }

        void process(TwinProcessor processor, List<PlatformEvent> events) {
            for (PlatformEvent event : events) {
                processor.process(new Record<>(event.getPlatformId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        SingleObjectEvents.encode(event), 0L));
            }
            context.forwarded().forEach(captured -> forwarded.add(withoutWallClock((SpecificRecord) captured.record().value())));
            context.resetForwards();
        }

        MirrorCounters counters() {
            KeyValueStore<String, byte[]> platforms = stores.get(MirrorStores.ALL.indexOf(MirrorStores.PLATFORMS));
            return MirrorStores.decodeCounters(platforms.get("p1"));
        }

        int entries(String storeName) {
            int count = 0;
            try (var iterator = stores.get(MirrorStores.ALL.indexOf(storeName)).all()) {
                while (iterator.hasNext()) {
                    iterator.next();
                    count++;
                }
            }
            return count;
        }

        void close() {
            stores.forEach(KeyValueStore::close);
        }
    }

    /** Clears the wall-clock field, the only one that differs between two runs of the same events. */
    private static SpecificRecord withoutWallClock(SpecificRecord record) {
        if (record instanceof QueueForecast queue) {
            return QueueForecast.newBuilder(queue).setGeneratedAt(Instant.EPOCH).build();
        }
        if (record instanceof ForecastAccuracy accuracy) {
            return ForecastAccuracy.newBuilder(accuracy).setGeneratedAt(Instant.EPOCH).build();
        }
        return ResourceForecast.newBuilder((ResourceForecast) record).setGeneratedAt(Instant.EPOCH).build();
    }

    /**
     * Returns the records' Avro text. Records are compared as text because the equals of Avro 1.12 records
     * is false for two NaN fields, and accuracy records carry NaN where a figure is undefined.
     */
    private static List<String> texts(List<SpecificRecord> records) {
        return records.stream().map(String::valueOf).toList();
    }

    private static List<ForecastAccuracy> queueAccuracy(List<SpecificRecord> records) {
        return records.stream()
                .filter(record -> record instanceof ForecastAccuracy accuracy
                        && accuracy.getSeries().startsWith(LiveScoring.queueSeries("")))
                .map(ForecastAccuracy.class::cast)
                .toList();
    }

    /**
     * Returns a history of one CPU node and a task submitted and queued at minute 5k+1 for k = 0..13. Every
     * second task starts at minute 5k+3, so the queue length changes from boundary to boundary. A last event
     * at minute 71 crosses the boundary of minute 70.
     */
    private static List<PlatformEvent> queueHistory() {
        Events events = new Events("p1");
        List<PlatformEvent> history = new ArrayList<>();
        history.add(events.event(T0, node("cpu-node", 16_000, 65_536, 0, null)));
        for (int k = 0; k < 14; k++) {
            String pipelineId = "pipe-" + k;
            String taskId = "t" + k;
            long submittedMillis = T0 + (5L * k + 1) * MINUTE;
            history.add(events.event(submittedMillis, pipeline(pipelineId,
                    task(taskId, "preprocess", request(1_000, 1_024, 0, 0)))));
            history.add(events.event(submittedMillis, queued(pipelineId, taskId)));
            if (k % 2 == 1) {
                history.add(events.event(submittedMillis + 2 * MINUTE, started(pipelineId, taskId, "cpu-node")));
            }
        }
        history.add(events.event(T0 + 71 * MINUTE, node("cpu-node-2", 16_000, 65_536, 0, null)));
        return history;
    }

    @Test
    void scoringResumesAfterEachRestart() {
        List<PlatformEvent> history = queueHistory();

        Run uninterrupted = new Run(stateDir.resolve("uninterrupted"));
        uninterrupted.processWithRestarts(history, List.of());

        Run restarted = new Run(stateDir.resolve("restarted"));
        restarted.processWithRestarts(history, List.of(7, 16, 25, 33));

        RecordComparison.assertSameRecords("records forwarded", texts(uninterrupted.forwarded),
                texts(restarted.forwarded), "p1");
        // Boundaries 5 to 70; the forecasts of 5 to 55 minutes are complete 15 minutes later, at 20 to 70: 11
        // boundaries with a record per task pool and step.
        List<ForecastAccuracy> accuracy = queueAccuracy(uninterrupted.forwarded);
        assertEquals(11 * 3 * 3, accuracy.size());
        // The 10-minute window contains the step times of 3 boundaries 5 minutes apart: the latest and 2 before it.
        ForecastAccuracy last = accuracy.get(accuracy.size() - 1);
        assertEquals(3, last.getCount());
        assertTrue(accuracy.stream().anyMatch(record -> record.getMeanAbsoluteError() > 0),
                "the flat forecasts never missed the changing queue");
        uninterrupted.close();
        restarted.close();
    }

    /** Asserts that two snapshots carry the same online-model workload: rates, durations and arrival mix. */
    private static void assertSameWorkload(PlatformSnapshot expected, PlatformSnapshot actual) {
        assertNotNull(expected.arrivalModel(), "the snapshot carries the online model's arrival model");
        for (int hour = 0; hour < 168; hour++) {
            double time = expected.timeSeconds() + hour * 3600.0;
            assertEquals(expected.arrivalModel().ratePerSecondAt(time), actual.arrivalModel().ratePerSecondAt(time),
                    "arrival rate " + hour + " h after the snapshot");
        }
        assertEquals(expected.observedDurationsSeconds().keySet(), actual.observedDurationsSeconds().keySet());
        expected.observedDurationsSeconds().forEach((taskClass, durations) ->
                assertArrayEquals(durations, actual.observedDurationsSeconds().get(taskClass), taskClass));
        assertEquals(expected.recentArrivals(), actual.recentArrivals());
    }

    @Test
    void processorResumesFromStores() {
        List<PlatformEvent> history = history();

        Run uninterrupted = new Run(stateDir.resolve("uninterrupted"));
        uninterrupted.process(uninterrupted.newProcessor(), history);

        Run restarted = new Run(stateDir.resolve("restarted"));
        restarted.processWithRestarts(history, List.of(9));

        RecordComparison.assertSameRecords("records forwarded", texts(uninterrupted.forwarded),
                texts(restarted.forwarded), "p1");
        assertEquals(uninterrupted.counters(), restarted.counters());
        assertEquals(uninterrupted.forecaster.snapshots.size(), restarted.forecaster.snapshots.size());
        for (int i = 0; i < uninterrupted.forecaster.snapshots.size(); i++) {
            assertEquals(uninterrupted.forecaster.snapshots.get(i).running(), restarted.forecaster.snapshots.get(i).running());
            assertEquals(uninterrupted.forecaster.snapshots.get(i).waiting(), restarted.forecaster.snapshots.get(i).waiting());
            assertEquals(uninterrupted.forecaster.snapshots.get(i).nodes(), restarted.forecaster.snapshots.get(i).nodes());
            assertEquals(uninterrupted.forecaster.snapshots.get(i).arrivalRatePerSecond(),
                    restarted.forecaster.snapshots.get(i).arrivalRatePerSecond());
            assertSameWorkload(uninterrupted.forecaster.snapshots.get(i), restarted.forecaster.snapshots.get(i));
        }
        // 6 boundaries: 5, 10, 15, 20, 25 and 30 minutes, each with 3 queue forecasts.
        assertEquals(6 * 3, uninterrupted.forwarded.stream().filter(r -> r instanceof QueueForecast).count());
        // The forecasts of 5, 10 and 15 minutes have all 3 steps realised at 20, 25 and 30 minutes: one record
        // per task pool (gpu, cpu, all) and step at each of those boundaries.
        assertEquals(3 * 3 * 3, queueAccuracy(uninterrupted.forwarded).size());
        assertEquals(1, restarted.counters().rejectedCount(io.pipetwin.streams.mirror.RejectReason.TASK_ALREADY_STARTED)
                + restarted.counters().rejectedCount(io.pipetwin.streams.mirror.RejectReason.DUPLICATE_EVENT));
        uninterrupted.close();
        restarted.close();
    }

    @Test
    void eventIdsResumeAcrossChunks() {
        // At most 100 remembered ids, so ids leave by count; 300 events span several full chunks of 64.
        int maxIds = 100;
        int applied = 300;
        MirrorLimits limits = MirrorLimits.defaults().withDeduplicationWindow(java.time.Duration.ofHours(1), maxIds);
        Events events = new Events("p1");
        List<PlatformEvent> history = new ArrayList<>();
        for (int i = 0; i < applied; i++) {
            history.add(events.event("e" + i, T0 + i * 1000L, node("n" + i, 1_000, 1_024, 0, null)));
        }
        // e250 is among the latest 100 ids, so its repeat is a duplicate; e20 left the window, so it applies again.
        history.add(events.event("e250", T0 + applied * 1000L, node("repeat-1", 1_000, 1_024, 0, null)));
        history.add(events.event("e20", T0 + applied * 1000L, node("repeat-2", 1_000, 1_024, 0, null)));

        Run uninterrupted = new Run(stateDir.resolve("uninterrupted"));
        uninterrupted.process(uninterrupted.newProcessor(limits), history);
        Run restarted = new Run(stateDir.resolve("restarted"));
        restarted.process(restarted.newProcessor(limits), history.subList(0, 150));
        restarted.reopen();
        restarted.process(restarted.newProcessor(limits), history.subList(150, history.size()));

        MirrorCounters counters = restarted.counters();
        assertEquals(uninterrupted.counters(), counters);
        assertEquals(1, counters.rejectedCount(io.pipetwin.streams.mirror.RejectReason.DUPLICATE_EVENT));
        assertEquals(applied + 1, counters.count(io.pipetwin.streams.mirror.MirrorCounter.EVENTS_APPLIED));
        // Ids numbered 0..300; the oldest retained is number 201. Full chunks: 0..3; those below 201 / 64 = 3 are gone.
        long nextSequence = applied + 1;
        long firstRetained = nextSequence - maxIds;
        long storedChunks = nextSequence / 64 - firstRetained / 64;
        assertEquals(storedChunks, restarted.entries(MirrorStores.EVENT_IDS));
        assertEquals(storedChunks, uninterrupted.entries(MirrorStores.EVENT_IDS));
        uninterrupted.close();
        restarted.close();
    }
}

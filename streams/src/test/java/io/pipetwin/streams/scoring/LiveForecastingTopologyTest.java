package io.pipetwin.streams.scoring;

import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.Forecaster;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SeriesForecast;
import io.pipetwin.schemas.Topics;
import io.pipetwin.core.forecast.online.OnlineModelParameters;
import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.ModelDeployed;
import io.pipetwin.schemas.avro.ModelMetricObserved;
import io.pipetwin.schemas.avro.ModelMetricsForecast;
import io.pipetwin.schemas.avro.PipelineCompletion;
import io.pipetwin.schemas.avro.PipelinesForecast;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.avro.TaskStatus;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.AvroSerde;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.Events;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.LiveOptions;
import io.pipetwin.streams.forecast.OnlineCalibration;
import io.pipetwin.streams.forecast.PlatformForecaster;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.topology.RateLimitedRejectionLog;
import io.pipetwin.streams.topology.TwinTopology;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.pipetwin.streams.Events.finished;
import static io.pipetwin.streams.Events.node;
import static io.pipetwin.streams.Events.pipeline;
import static io.pipetwin.streams.Events.queued;
import static io.pipetwin.streams.Events.request;
import static io.pipetwin.streams.Events.started;
import static io.pipetwin.streams.Events.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The twin's accuracy records, what-if scenarios and reproducibility, through the real topology. */
class LiveForecastingTopologyTest {

    private static final long MINUTE = 60_000;
    /** 2023-01-01T00:00Z, a multiple of the 5-minute interval. */
    private static final long T0 = Instant.parse("2023-01-01T00:00:00Z").toEpochMilli();
    /** Fixed generatedAt, so outputs depend on the input only. */
    private static final long WALL_CLOCK = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static final String RETRAINING = "threshold:metric=accuracy,min=0.8,check=10m";

    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path stateDir;

    private final Map<String, String> serdeConfig = Map.of("schema.registry.url", registry.url());
    private final AvroSerde<PlatformEvent> eventSerde = PipeTwinSerdes.platformEvent(serdeConfig);
    private final AvroSerde<QueueForecast> queueSerde = PipeTwinSerdes.queueForecast(serdeConfig);
    private final AvroSerde<ResourceForecast> resourceSerde = PipeTwinSerdes.resourceForecast(serdeConfig);
    private final AvroSerde<ForecastAccuracy> accuracySerde =
            PipeTwinSerdes.forRecord(ForecastAccuracy.class, serdeConfig, false);
    private final AvroSerde<PipelinesForecast> pipelinesSerde =
            PipeTwinSerdes.forRecord(PipelinesForecast.class, serdeConfig, false);
    private final AvroSerde<ModelMetricsForecast> modelSerde =
            PipeTwinSerdes.forRecord(ModelMetricsForecast.class, serdeConfig, false);

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    /** 15-minute horizon in 5-minute steps: three steps per forecast. */
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults()
            .withHorizon(Duration.ofMinutes(15), Duration.ofMinutes(5)).withReplications(20);

    private TopologyTestDriver driver(PlatformForecaster forecaster, String runName) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "live-forecasting-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(runName).toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return new TopologyTestDriver(TwinTopology.build(SETTINGS, MirrorLimits.defaults(), forecaster,
                new RateLimitedRejectionLog(10_000), eventSerde.deserializer(), queueSerde.serializer(),
                resourceSerde.serializer(), LiveOptions.all(accuracySerde.serializer(), pipelinesSerde.serializer(),
                                modelSerde.serializer()).withWallClock(() -> WALL_CLOCK)
                        .withRetrainingPolicy(RetrainingPolicy.parse(RETRAINING))), properties);
    }

    private void pipe(TopologyTestDriver driver, List<PlatformEvent> events) {
        TestInputTopic<String, PlatformEvent> input = driver.createInputTopic(Topics.PLATFORM_EVENTS,
                new StringSerializer(), eventSerde.serializer());
        for (PlatformEvent event : events) {
            input.pipeInput(event.getPlatformId(), event);
        }
    }

    /**
     * Queue of pool {@code all} at the boundaries 5m..40m: one task queued at 1m, 6m, 11m and 16m, none
     * started, and a fifth queued at 40m, after the 40m boundary's snapshot. So 1, 2, 3, 4, 4, 4, 4, 4.
     */
    private static List<PlatformEvent> growingQueue(Events events) {
        List<PlatformEvent> history = new ArrayList<>();
        history.add(events.event(T0, node("gpu-node", 32_000, 262_144, 2, "V100")));
        history.add(events.event(T0, pipeline("pipe-1",
                task("t1", "train", request(4_000, 8_192, 1, 500)),
                task("t2", "train", request(4_000, 8_192, 1, 500)),
                task("t3", "train", request(4_000, 8_192, 1, 500)),
                task("t4", "train", request(4_000, 8_192, 1, 500)),
                task("t5", "train", request(4_000, 8_192, 1, 500)))));
        history.add(events.event(T0 + MINUTE, queued("pipe-1", "t1")));
        history.add(events.event(T0 + 6 * MINUTE, queued("pipe-1", "t2")));
        history.add(events.event(T0 + 11 * MINUTE, queued("pipe-1", "t3")));
        history.add(events.event(T0 + 16 * MINUTE, queued("pipe-1", "t4")));
        history.add(events.event(T0 + 40 * MINUTE, queued("pipe-1", "t5")));
        return history;
    }

    /** Queue of pool all at boundary {@code minutes}, from the history above. */
    private static double queueAt(long minutes) {
        return Math.min(4, minutes / 5);
    }

    private static final double P10 = 1;
    private static final double P50 = 2;
    private static final double P90 = 3;

    /** Forecasts the queue of pool all as p10 1, p50 2, p90 3 at every step; start value is the mirrored queue. */
    private static ForecastResult fixedForecast(PlatformSnapshot snapshot, ForecastConfig config) {
        int steps = (int) Math.round(config.horizonSeconds() / config.stepSeconds());
        double[] offsets = new double[steps];
        for (int i = 0; i < steps; i++) {
            offsets[i] = (i + 1) * config.stepSeconds();
        }
        double[] levels = config.quantiles();
        double[][] quantiles = new double[levels.length][steps];
        for (int q = 0; q < levels.length; q++) {
            Arrays.fill(quantiles[q], levels[q] < 0.5 ? P10 : levels[q] > 0.5 ? P90 : P50);
        }
        double[] mean = new double[steps];
        Arrays.fill(mean, P50);
        return new ForecastResult(snapshot.timeSeconds(), offsets, levels, config.replications(),
                Map.of("all", new SeriesForecast(snapshot.waiting().size(), mean, quantiles)), Map.of(), Map.of(),
                Map.of());
    }

    @Test
    void accuracyComparesPastForecastsWithTheMirror() {
        List<ForecastAccuracy> records;
        try (TopologyTestDriver driver = driver(LiveForecastingTopologyTest::fixedForecast, "accuracy")) {
            pipe(driver, growingQueue(new Events("p1")));
            records = driver.createOutputTopic(Topics.FORECAST_ACCURACY, new StringDeserializer(),
                    accuracySerde.deserializer()).readValuesToList();
        }
        List<ForecastAccuracy> queueAll = records.stream()
                .filter(r -> r.getSeries().equals(LiveScoring.queueSeries("all"))).toList();

        // Forecasts at 5m..40m; the one made at b is complete at b + 15m, so the first scores come at 20m and
        // the last complete one is made at 25m (realised at 40m).
        Set<Long> windowEnds = queueAll.stream().map(r -> r.getWindowEnd().toEpochMilli())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(T0 + 20 * MINUTE, T0 + 25 * MINUTE, T0 + 30 * MINUTE, T0 + 35 * MINUTE, T0 + 40 * MINUTE),
                windowEnds);

        for (ForecastAccuracy record : queueAll) {
            long endMinutes = (record.getWindowEnd().toEpochMilli() - T0) / MINUTE;
            int step = record.getStep();
            // Forecasts scored by this window end: made at 5m .. endMinutes - 15m.
            double errorSum = 0;
            double persistenceSum = 0;
            double percentageSum = 0;
            int inside = 0;
            int count = 0;
            for (long made = 5; made <= endMinutes - 15; made += 5) {
                double actual = queueAt(made + 5L * (step + 1));
                errorSum += Math.abs(actual - P50);
                persistenceSum += Math.abs(actual - queueAt(made));
                percentageSum += 100 * Math.abs(actual - P50) / actual;
                inside += P10 <= actual && actual <= P90 ? 1 : 0;
                count++;
            }
            String where = "step " + step + " at " + endMinutes + "m";
            assertEquals("baseline", record.getScenario(), where);
            assertEquals(300.0 * (step + 1), record.getOffsetSeconds(), 1e-9, where);
            assertEquals(count, record.getCount(), where);
            assertEquals(errorSum / count, record.getMeanAbsoluteError(), 1e-9, where);
            assertEquals(percentageSum / count, record.getMeanAbsolutePercentageError(), 1e-9, where);
            assertEquals((double) inside / count, record.getIntervalCoverage(), 1e-9, where);
            assertEquals(persistenceSum / count, record.getPersistenceMeanAbsoluteError(), 1e-9, where);
            assertEquals(persistenceSum == 0 ? Double.NaN : errorSum / persistenceSum,
                    record.getRelativeMeanAbsoluteError(), 1e-9, where);
            assertEquals(Duration.ofHours(6).toSeconds(), record.getWindowSeconds(), 1e-9, where);
        }
        // Every window end publishes all three steps.
        assertEquals(5 * 3, queueAll.size());
    }

    private static final String DOUBLE_RATE = "{\"name\": \"double-rate\", \"arrivalRateMultiplier\": 2.0}";

    @Test
    void scenariosAreForecastUntilDeleted() {
        Forecaster forecaster = new Forecaster();
        List<QueueForecast> queue;
        List<ResourceForecast> resources;
        try (TopologyTestDriver driver = driver(forecaster::forecast, "scenarios")) {
            TestInputTopic<String, String> scenarios = driver.createInputTopic(Topics.SCENARIOS, new StringSerializer(),
                    new StringSerializer());
            Events events = new Events("p1");
            List<PlatformEvent> history = growingQueue(events);
            // A scenario of another platform and an invalid one are not forecast for p1.
            scenarios.pipeInput("p2|double-rate", DOUBLE_RATE);
            scenarios.pipeInput("p1|broken", "{\"name\": \"broken\", \"arrivalRateMultiplier\": \"fast\"}");
            scenarios.pipeInput("p1|double-rate", DOUBLE_RATE);
            pipe(driver, history.subList(0, 5));
            // The events up to 11m crossed the 5m and 10m boundaries; delete before 16m crosses 15m.
            scenarios.pipeInput("p1|double-rate", (String) null);
            pipe(driver, history.subList(5, history.size()));
            queue = driver.createOutputTopic(Topics.FORECAST_QUEUE, new StringDeserializer(),
                    queueSerde.deserializer()).readValuesToList();
            resources = driver.createOutputTopic(Topics.FORECAST_RESOURCES, new StringDeserializer(),
                    resourceSerde.deserializer()).readValuesToList();
        }
        Map<String, Set<Long>> boundariesByScenario = queue.stream().collect(Collectors.groupingBy(
                QueueForecast::getScenario,
                Collectors.mapping(f -> f.getStartTime().toEpochMilli(), Collectors.toCollection(TreeSet::new))));
        assertEquals(Set.of("baseline", "double-rate"), boundariesByScenario.keySet());
        assertEquals(Set.of(T0 + 5 * MINUTE, T0 + 10 * MINUTE), boundariesByScenario.get("double-rate"));
        assertEquals(8, boundariesByScenario.get("baseline").size());
        assertTrue(resources.stream().anyMatch(f -> f.getScenario().equals("double-rate")));
        // The scenario starts from the same state: its queue now equals the baseline's at each boundary.
        for (QueueForecast scenario : queue.stream().filter(f -> f.getScenario().equals("double-rate")).toList()) {
            QueueForecast baseline = queue.stream().filter(f -> f.getScenario().equals("baseline")
                    && f.getPool().equals(scenario.getPool()) && f.getStartTime().equals(scenario.getStartTime()))
                    .findFirst().orElseThrow();
            assertEquals(baseline.getQueueLengthNow(), scenario.getQueueLengthNow());
        }
    }

    /** A seeded stream of arrivals and finishes on two nodes over 3 hours. */
    private static List<PlatformEvent> randomHistory(long seed) {
        Random random = new Random(seed);
        Events events = new Events("p1");
        List<PlatformEvent> history = new ArrayList<>();
        history.add(events.event(T0, node("gpu-node", 32_000, 262_144, 4, "V100")));
        history.add(events.event(T0, node("cpu-node", 16_000, 65_536, 0, null)));
        history.add(events.event(T0, ModelDeployed.newBuilder().setModelId("m1")
                .setMetrics(Map.of("accuracy", 0.9, "fairness", 0.95)).build()));
        List<long[]> running = new ArrayList<>();
        long time = T0;
        int next = 0;
        while (time < T0 + 180 * MINUTE) {
            time += 1 + (long) (-Math.log(1 - random.nextDouble()) * 2 * MINUTE);
            for (int i = running.size() - 1; i >= 0; i--) {
                if (running.get(i)[1] <= time) {
                    history.add(events.event(running.get(i)[1], finished("pipe-" + running.get(i)[0],
                            "t" + running.get(i)[0], TaskStatus.SUCCEEDED)));
                    running.remove(i);
                }
            }
            int id = next++;
            boolean gpu = random.nextBoolean();
            history.add(events.event(time, pipeline("pipe-" + id, task("t" + id, gpu ? "train" : "preprocess",
                    request(1_000, 2_048, gpu ? 1 : 0, gpu ? 1000 : 0)))));
            history.add(events.event(time, queued("pipe-" + id, "t" + id)));
            if (running.size() < 4) {
                history.add(events.event(time, started("pipe-" + id, "t" + id, gpu ? "gpu-node" : "cpu-node")));
                running.add(new long[]{id, time + (long) (random.nextDouble() * 20 * MINUTE) + 1});
            }
        }
        return history;
    }

    private List<byte[]> run(List<PlatformEvent> history, String runName) {
        Forecaster forecaster = new Forecaster();
        List<byte[]> outputs = new ArrayList<>();
        try (TopologyTestDriver driver = driver(forecaster::forecast, runName)) {
            driver.createInputTopic(Topics.SCENARIOS, new StringSerializer(), new StringSerializer())
                    .pipeInput("p1|double-rate", DOUBLE_RATE);
            pipe(driver, history);
            for (String topic : List.of(Topics.FORECAST_QUEUE, Topics.FORECAST_RESOURCES, Topics.FORECAST_ACCURACY,
                    Topics.FORECAST_PIPELINES, Topics.FORECAST_MODEL_METRICS)) {
                for (TestRecord<byte[], byte[]> record : driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()).readRecordsToList()) {
                    outputs.add(topic.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    outputs.add(record.key());
                    outputs.add(record.value());
                }
            }
        }
        return outputs;
    }

    @Test
    void sameInputGivesByteIdenticalForecasts() {
        List<PlatformEvent> history = randomHistory(7);
        List<byte[]> first = run(history, "first");
        List<byte[]> second = run(history, "second");

        assertFalse(first.isEmpty());
        assertTrue(first.size() / 3 > 36 * 3, "expected forecasts at 36 boundaries, got " + first.size() / 3 + " records");
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "output record part " + i);
        }
    }

    @Test
    void pipelinesAndModelsAreForecast() {
        Events events = new Events("p1");
        List<PlatformEvent> history = List.of(
                events.event(T0, node("gpu-node", 32_000, 262_144, 2, "V100")),
                events.event(T0 + MINUTE, pipeline("pipe-1",
                        task("prep", "preprocess", request(1_000, 2_048, 0, 0)),
                        dependentTask("train", "prep"))),
                events.event(T0 + MINUTE, queued("pipe-1", "prep")),
                events.event(T0 + MINUTE, started("pipe-1", "prep", "gpu-node")),
                events.event(T0 + 2 * MINUTE, ModelDeployed.newBuilder().setModelId("m1")
                        .setMetrics(Map.of("accuracy", 0.9)).build()),
                events.event(T0 + 3 * MINUTE, ModelMetricObserved.newBuilder().setModelId("m1")
                        .setMetric("accuracy").setValue(0.85).build()),
                events.event(T0 + 6 * MINUTE, finished("pipe-1", "prep", TaskStatus.SUCCEEDED)),
                events.event(T0 + 11 * MINUTE, queued("pipe-1", "train")));
        List<PipelinesForecast> pipelines;
        List<ModelMetricsForecast> models;
        Forecaster forecaster = new Forecaster();
        try (TopologyTestDriver driver = driver(forecaster::forecast, "workload")) {
            pipe(driver, history);
            pipelines = driver.createOutputTopic(Topics.FORECAST_PIPELINES, new StringDeserializer(),
                    pipelinesSerde.deserializer()).readValuesToList();
            models = driver.createOutputTopic(Topics.FORECAST_MODEL_METRICS, new StringDeserializer(),
                    modelSerde.deserializer()).readValuesToList();
        }
        // Boundaries at 5m and 10m; pipe-1 has 2 unfinished tasks at 5m and 1 at 10m (prep finished at 6m).
        assertEquals(2, pipelines.size());
        PipelineCompletion at5 = pipelines.get(0).getPipelines().get(0);
        PipelineCompletion at10 = pipelines.get(1).getPipelines().get(0);
        assertEquals("pipe-1", at5.getPipelineId());
        assertEquals(2, at5.getRemainingTasks());
        assertEquals(1, at10.getRemainingTasks());
        assertEquals(T0 + MINUTE, at5.getArrivedAt().toEpochMilli());
        assertEquals(3, at5.getCompletionSeconds().size());
        assertTrue(at5.getProbabilityWithinHorizon() >= 0, "probability " + at5.getProbabilityWithinHorizon());
        assertTrue(at5.getProbabilityWithinHorizon() <= 1, "probability " + at5.getProbabilityWithinHorizon());
        assertEquals("baseline", pipelines.get(0).getScenario());

        assertEquals(2, models.size());
        ModelMetricsForecast model = models.get(1);
        assertEquals("m1", model.getModelId());
        assertEquals(T0 + 2 * MINUTE, model.getDeployedAt().toEpochMilli());
        assertEquals(RETRAINING, model.getRetrainingStrategy());
        assertEquals(1, model.getMetrics().size());
        assertEquals("accuracy", model.getMetrics().get(0).getMetric());
        assertEquals(0.85, model.getMetrics().get(0).getValueNow(), 1e-12);
        assertEquals(3, model.getMetrics().get(0).getTrajectory().size());
        assertEquals(3, model.getNextRetrainingSeconds().size());
    }

    @Test
    void onlineModelCountsArrivalsAndFinishes() {
        List<PlatformEvent> history = randomHistory(11);
        long lastEventMillis = history.get(history.size() - 1).getEventTime().toEpochMilli();
        long intervalMillis = SETTINGS.interval().toMillis();
        // The model is written at the last boundary crossed, before the crossing event is applied.
        long lastBoundary = lastEventMillis / intervalMillis * intervalMillis;
        long arrivals = 0;
        Map<String, Long> finishesByClass = new java.util.TreeMap<>();
        Map<String, String> classOfTask = new java.util.HashMap<>();
        for (PlatformEvent event : history) {
            boolean before = event.getEventTime().toEpochMilli() < lastBoundary;
            if (event.getPayload() instanceof io.pipetwin.schemas.avro.PipelineSubmitted submitted) {
                io.pipetwin.schemas.avro.TaskSpec spec = submitted.getTasks().get(0);
                classOfTask.put(spec.getTaskId(), io.pipetwin.streams.mirror.TaskState.taskClass(spec.getTaskType(),
                        io.pipetwin.streams.mirror.ResourceDemand.of(spec.getRequest())));
            } else if (before && event.getPayload() instanceof io.pipetwin.schemas.avro.TaskQueued) {
                arrivals++;
            } else if (before && event.getPayload() instanceof io.pipetwin.schemas.avro.TaskFinished finished) {
                finishesByClass.merge(classOfTask.get(finished.getTaskId()), 1L, Long::sum);
            }
        }
        OnlineModelParameters parameters;
        try (TopologyTestDriver driver = driver(new Forecaster()::forecast, "calibration")) {
            pipe(driver, history);
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(OnlineCalibration.STORE);
            parameters = OnlineCalibration.decodeParameters(store.get("p1"));
        }
        assertEquals(arrivals, parameters.arrivalsObserved());
        Map<String, Long> counted = new java.util.TreeMap<>();
        parameters.durations().forEach((taskClass, fit) -> counted.put(taskClass, fit.count()));
        assertEquals(finishesByClass, counted);
        assertEquals(lastBoundary / 1000.0, parameters.clockSeconds(), 1e-9);
    }

    private static io.pipetwin.schemas.avro.TaskSpec dependentTask(String taskId, String predecessor) {
        io.pipetwin.schemas.avro.TaskSpec spec = task(taskId, "train", request(4_000, 8_192, 1, 1000));
        spec.setDependsOn(List.of(predecessor));
        return spec;
    }
}

package io.pipetwin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipetwin.core.forecast.online.OnlineModelSettings;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PipelineTrigger;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.avro.TaskStatus;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a twin with its HTTP server against a real embedded broker and registry, sends a hand-built event
 * sequence whose workload statistics are known, and checks the parameters and scenarios endpoints.
 */
class ModelAndScenarioApiTest {

    private static final String PLATFORM = "calibration-platform";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TOLERANCE = 1e-9;

    /** A Monday 10:00 UTC: hour 10 of the week, and a multiple of the 5-minute cadence interval. */
    private static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    private static final int HOUR_OF_WEEK = 10;
    /** Task type and run time of each task, one task per pipeline, all before the first boundary. */
    private static final String[] TASK_TYPES = {"train", "evaluate", "train", "evaluate", "train", "train"};
    private static final long[] DURATIONS_SECONDS = {5, 12, 20, 7, 40, 9};

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static ServedTwin served;
    private static URI base;
    private static long boundaryMillis;
    private static final List<Long> arrivalMillis = new ArrayList<>();

    @BeforeAll
    static void startTwinAndSendEvents() throws Exception {
        broker = EmbeddedKafkaBroker.builder().build().start();
        registry = new EmbeddedSchemaRegistry().start();
        broker.createTopics(Topics.ALL.toArray(String[]::new));
        ForecastSettings forecast = ForecastSettings.defaults().withReplications(5);
        TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                .withApplicationId("http-model-scenario-test")
                .withStateDir(dir.resolve("state"))
                .withForecast(forecast);
        served = ServedTwin.start(config, new HttpSettings("127.0.0.1", 0));
        base = served.url();

        long intervalMillis = forecast.interval().toMillis();
        assertEquals(0, START.toEpochMilli() % intervalMillis, "the start must be a cadence boundary");
        ZonedDateTime start = START.atZone(ZoneOffset.UTC);
        assertEquals(DayOfWeek.MONDAY, start.getDayOfWeek());
        assertEquals(HOUR_OF_WEEK, start.getHour());
        // The first event sets the first boundary to the next multiple of the interval after it.
        boundaryMillis = START.toEpochMilli() + intervalMillis;

        List<PlatformEvent> events = new ArrayList<>();
        events.add(event(events.size(), START.toEpochMilli() + 1_000, NodeAdded.newBuilder().setNodeId("node-1")
                .setCpuMilli(64_000).setMemoryMib(262_144).setGpuCount(0).build()));
        for (int i = 0; i < TASK_TYPES.length; i++) {
            String pipelineId = "pipeline-" + i;
            String taskId = "task-" + i;
            long submittedMillis = START.toEpochMilli() + 10_000 + i * 40_000L;
            long startedMillis = submittedMillis + 1_000;
            long finishedMillis = startedMillis + DURATIONS_SECONDS[i] * 1_000;
            assertTrue(finishedMillis < boundaryMillis, "every task must finish before the first boundary");
            TaskSpec task = TaskSpec.newBuilder().setTaskId(taskId).setTaskType(TASK_TYPES[i])
                    .setRequest(ResourceRequest.newBuilder().setCpuMilli(1_000).setMemoryMib(1_024).setGpuCount(0)
                            .setGpuMilli(0).build()).build();
            events.add(event(events.size(), submittedMillis, PipelineSubmitted.newBuilder().setPipelineId(pipelineId)
                    .setTenant("tenant-a").setModelId("model-1").setFramework("pytorch").setDatasetSizeBytes(1L << 30)
                    .setTrigger(PipelineTrigger.MANUAL).setTasks(new ArrayList<>(List.of(task))).build()));
            // The model counts an arrival when a submitted task is first queued.
            events.add(event(events.size(), submittedMillis, TaskQueued.newBuilder().setPipelineId(pipelineId)
                    .setTaskId(taskId).build()));
            arrivalMillis.add(submittedMillis);
            events.add(event(events.size(), startedMillis, TaskStarted.newBuilder().setPipelineId(pipelineId)
                    .setTaskId(taskId).setNodeId("node-1").build()));
            events.add(event(events.size(), finishedMillis, TaskFinished.newBuilder().setPipelineId(pipelineId)
                    .setTaskId(taskId).setStatus(TaskStatus.SUCCEEDED).build()));
        }
        // Crosses the first boundary, where the twin stores the model of everything before it.
        events.add(event(events.size(), boundaryMillis + 1_000, NodeAdded.newBuilder().setNodeId("node-2")
                .setCpuMilli(64_000).setMemoryMib(262_144).setGpuCount(0).build()));
        send(events);

        MirrorCounters counters = Replays.awaitProcessed(PLATFORM, events.size(), served.twin());
        assertEquals(events.size(), counters.count(MirrorCounter.EVENTS_APPLIED), "every hand-built event must apply");
    }

    @AfterAll
    static void stopAll() {
        if (served != null) {
            served.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void parametersMatchSentEvents() throws Exception {
        JsonNode parameters = awaitOk("/api/platforms/" + PLATFORM + "/parameters");

        assertEquals(PLATFORM, parameters.get("platformId").asText());
        assertEquals(served.server().applicationServer(), parameters.get("servedBy").asText());
        assertEquals(boundaryMillis, parameters.get("clockTime").asLong(), "the model is stored at the boundary");
        assertEquals(TASK_TYPES.length, parameters.get("arrivalsObserved").asLong());
        assertEquals(TASK_TYPES.length, parameters.get("recentArrivals").asInt());

        Map<String, List<Double>> logDurations = new TreeMap<>();
        for (int i = 0; i < TASK_TYPES.length; i++) {
            logDurations.computeIfAbsent(TASK_TYPES[i] + "/cpu", key -> new ArrayList<>())
                    .add(Math.log(DURATIONS_SECONDS[i]));
        }
        JsonNode durations = parameters.get("durations");
        assertEquals(logDurations.size(), durations.size(), durations.toString());
        for (Map.Entry<String, List<Double>> entry : logDurations.entrySet()) {
            List<Double> logs = entry.getValue();
            double mu = logs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double variance = logs.stream().mapToDouble(value -> (value - mu) * (value - mu)).sum() / logs.size();
            JsonNode fit = durations.get(entry.getKey());
            assertEquals(logs.size(), fit.get("count").asLong(), entry.getKey());
            assertEquals(logs.size(), fit.get("kept").asInt(), entry.getKey());
            assertEquals(mu, fit.get("muLogSeconds").asDouble(), TOLERANCE, entry.getKey());
            assertEquals(Math.sqrt(variance), fit.get("sigmaLogSeconds").asDouble(), 1e-6, entry.getKey());
            assertEquals(Math.exp(mu), fit.get("medianSeconds").asDouble(), 1e-6, entry.getKey());
        }
    }

    @Test
    void hourOfWeekCountsMatchSentEvents() throws Exception {
        JsonNode hourOfWeek = awaitOk("/api/platforms/" + PLATFORM + "/parameters").get("hourOfWeek");
        JsonNode weighted = hourOfWeek.get("weightedArrivals");
        JsonNode exposure = hourOfWeek.get("exposureHours");
        JsonNode rates = hourOfWeek.get("ratesPerHour");
        assertEquals(168, weighted.size());
        assertEquals(168, exposure.size());
        assertEquals(168, rates.size());

        // Each arrival counts 2^(-age / half-life) at the boundary; the half-life is two weeks.
        double decayPerSecond = Math.log(2) / (OnlineModelSettings.DEFAULTS.rateHalfLifeHours() * 3600.0);
        double expectedArrivals = 0;
        for (long arrival : arrivalMillis) {
            expectedArrivals += Math.exp(-decayPerSecond * (boundaryMillis - arrival) / 1000.0);
        }
        // Exposure runs from the first arrival, which starts the model's clock, to the boundary. The model
        // adds each stretch between clock moves (the arrivals, then the boundary) at its end and discounts it
        // from there on.
        double expectedExposureHours = 0;
        List<Long> clockMoves = new ArrayList<>(arrivalMillis);
        clockMoves.add(boundaryMillis);
        for (int i = 1; i < clockMoves.size(); i++) {
            double stretchHours = (clockMoves.get(i) - clockMoves.get(i - 1)) / 3_600_000.0;
            double ageSeconds = (boundaryMillis - clockMoves.get(i)) / 1000.0;
            expectedExposureHours += stretchHours * Math.exp(-decayPerSecond * ageSeconds);
        }
        for (int hour = 0; hour < 168; hour++) {
            double expectedCount = hour == HOUR_OF_WEEK ? expectedArrivals : 0.0;
            double expectedHours = hour == HOUR_OF_WEEK ? expectedExposureHours : 0.0;
            assertEquals(expectedCount, weighted.get(hour).asDouble(), TOLERANCE, "weighted arrivals of hour " + hour);
            assertEquals(expectedHours, exposure.get(hour).asDouble(), TOLERANCE,
                    "exposure of hour " + hour);
        }
        // Without a profile prior, every hour shrinks toward the overall rate, which is the one observed hour's.
        double overallPerHour = weighted.get(HOUR_OF_WEEK).asDouble() / exposure.get(HOUR_OF_WEEK).asDouble();
        for (int hour = 0; hour < 168; hour++) {
            assertEquals(overallPerHour, rates.get(hour).asDouble(), 1e-9 * overallPerHour, "rate of hour " + hour);
        }
    }

    @Test
    void scenariosListPutAndDropTombstoned() throws Exception {
        String valid = "{\"name\":\"more-gpus\",\"nodes\":[{\"gpuModel\":\"A100\",\"count\":2,\"cpuMilli\":96000,"
                + "\"memoryMib\":786432,\"gpusPerNode\":8}],\"arrivalRateMultiplier\":1.5}";
        String misspelt = "{\"name\":\"typo\",\"nodez\":[]}";
        putScenario(PLATFORM + "|more-gpus", valid);
        putScenario(PLATFORM + "|typo", misspelt);
        putScenario("other-platform|elsewhere", valid);

        JsonNode listed = awaitScenarios(PLATFORM, 2);

        JsonNode scenarios = listed.get("scenarios");
        assertEquals(PLATFORM, listed.get("platformId").asText());
        assertEquals("more-gpus", scenarios.get(0).get("name").asText());
        assertTrue(scenarios.get(0).get("active").asBoolean(), scenarios.toString());
        assertEquals(JSON.readTree(valid), scenarios.get(0).get("definition"));
        assertEquals("typo", scenarios.get(1).get("name").asText());
        assertFalse(scenarios.get(1).get("active").asBoolean(), scenarios.toString());
        assertTrue(scenarios.get(1).get("error").asText().contains("nodez"), scenarios.toString());

        putScenario(PLATFORM + "|more-gpus", null);
        JsonNode afterTombstone = awaitScenarios(PLATFORM, 1).get("scenarios");

        assertEquals("typo", afterTombstone.get(0).get("name").asText());
    }

    @Test
    void scenariosOfPlatformWithoutEventsListed() throws Exception {
        putScenario("planned-platform|baseline-plus", "{\"name\":\"baseline-plus\",\"arrivalRateMultiplier\":2}");

        JsonNode scenarios = awaitScenarios("planned-platform", 1).get("scenarios");

        assertEquals("baseline-plus", scenarios.get(0).get("name").asText());
        assertTrue(scenarios.get(0).get("active").asBoolean());
        HttpResponse<String> parameters = Replays.get(base, "/api/platforms/planned-platform/parameters");
        assertEquals(404, parameters.statusCode(), parameters.body());
    }

    @Test
    void unknownPlatformIsNotFound() {
        for (String endpoint : List.of("parameters", "scenarios")) {
            HttpResponse<String> response = Replays.get(base, "/api/platforms/no-such-platform/" + endpoint);

            assertEquals(404, response.statusCode(), endpoint + ": " + response.body());
            assertTrue(response.body().contains("no-such-platform"), response.body());
        }
    }

    @Test
    void unknownEndpointListsEndpoints() {
        HttpResponse<String> response = Replays.get(base, "/api/platforms/" + PLATFORM + "/parameter");

        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("parameters, scenarios"), response.body());
    }

    @Test
    void storesNotQueryableGiveRetryAfter() throws Exception {
        TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                .withApplicationId("http-not-started-test")
                .withStateDir(dir.resolve("state-not-started"));
        // A twin that was never started has no queryable store, as during a rebalance or restoration.
        try (TwinApplication twin = TwinApplication.create(config);
             TwinHttpServer server = TwinHttpServer.bind(new HttpSettings("127.0.0.1", 0))) {
            ForecastCache cache = new ForecastCache(broker.bootstrapServers(),
                    SchemaRegistryClient.fromConfig(config.serdeConfig()), Map.of(), 10);
            assertEquals(KafkaStreams.State.CREATED, twin.state());
            server.start(twin, cache, new MicrometerTwinMetrics());

            for (String endpoint : List.of("state", "parameters", "scenarios")) {
                HttpResponse<String> response = Replays.get(server.url(), "/api/platforms/" + PLATFORM + "/" + endpoint);

                assertEquals(503, response.statusCode(), endpoint + ": " + response.body());
                assertEquals(String.valueOf(PlatformApi.RETRY_AFTER_SECONDS),
                        response.headers().firstValue("Retry-After").orElse(""), endpoint);
            }
            cache.close();
        }
    }

    /** Waits until the platform lists {@code count} scenarios; the global store follows the topic asynchronously. */
    private static JsonNode awaitScenarios(String platformId, int count) throws Exception {
        JsonNode[] body = new JsonNode[1];
        Replays.await(count + " scenarios of " + platformId, () -> {
            HttpResponse<String> response = Replays.get(base, "/api/platforms/" + platformId + "/scenarios");
            if (response.statusCode() != 200) {
                return false;
            }
            try {
                body[0] = JSON.readTree(response.body());
            } catch (Exception e) {
                throw new AssertionError("scenarios body is not JSON: " + response.body(), e);
            }
            return body[0].get("scenarios").size() == count;
        });
        return body[0];
    }

    private static JsonNode awaitOk(String path) throws Exception {
        HttpResponse<String>[] response = new HttpResponse[1];
        Replays.await("200 from " + path, () -> {
            response[0] = Replays.get(base, path);
            return response[0].statusCode() == 200;
        });
        return JSON.readTree(response[0].body());
    }

    private static PlatformEvent event(int number, long timeMillis, Object payload) {
        return PlatformEvent.newBuilder().setEventId("e" + number).setPlatformId(PLATFORM)
                .setEventTime(Instant.ofEpochMilli(timeMillis)).setSource("test").setPayload(payload).build();
    }

    private static void send(List<PlatformEvent> events) throws Exception {
        Serializer<PlatformEvent> serializer = PipeTwinSerdes.platformEvent(
                Map.of("schema.registry.url", registry.url())).serializer();
        try (KafkaProducer<String, PlatformEvent> producer = new KafkaProducer<>(producerProperties(),
                new StringSerializer(), serializer)) {
            for (PlatformEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.PLATFORM_EVENTS, PLATFORM, event)).get();
            }
        }
    }

    /** Puts a scenario on the compacted topic; a null definition is a tombstone that removes it. */
    private static void putScenario(String key, String definition) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SCENARIOS, key, definition)).get();
        }
    }

    private static Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        return properties;
    }
}

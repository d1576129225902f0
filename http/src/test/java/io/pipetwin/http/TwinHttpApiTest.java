package io.pipetwin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import io.pipetwin.streams.mirror.RejectReason;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a twin with its HTTP server against a real embedded broker and registry, replays a synthetic
 * trace, and checks every endpoint against the twin's own stores and the replay.
 */
class TwinHttpApiTest {

    private static final String PLATFORM = "http-platform";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;
    private static ServedTwin served;
    private static ReplaySummary replay;
    private static MirrorCounters counters;
    private static URI base;

    @BeforeAll
    static void startTwinAndReplay() throws Exception {
        broker = EmbeddedKafkaBroker.builder().build().start();
        registry = new EmbeddedSchemaRegistry().start();
        broker.createTopics(Topics.ALL.toArray(String[]::new));
        TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                .withApplicationId("http-api-test")
                .withStateDir(dir.resolve("state"))
                .withForecast(ForecastSettings.defaults().withReplications(10));
        served = ServedTwin.start(config, new HttpSettings("127.0.0.1", 0));
        base = served.url();

        replay = Replays.replay(broker.bootstrapServers(), registry.url(), dir, PLATFORM, 300, 11);
        counters = Replays.awaitProcessed(PLATFORM, replay.eventsSent(), served.twin());
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
    void healthUpWhenRunning() throws Exception {
        HttpResponse<String> response = Replays.get(base, "/health");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("RUNNING", JSON.readTree(response.body()).get("streamsState").asText());
    }

    @Test
    void platformsListsReplayedPlatform() throws Exception {
        JsonNode body = JSON.readTree(Replays.get(base, "/api/platforms").body());

        JsonNode platform = find(body.get("platforms"), "platformId", PLATFORM);
        assertNotNull(platform, body.toString());
        assertEquals(served.server().applicationServer(), platform.get("host").asText());
        assertTrue(platform.get("local").asBoolean());
        assertEquals(1, body.get("instances").size(), body.toString());
    }

    @Test
    void stateMatchesMirrorCounters() throws Exception {
        MirrorCounters now = served.twin().counters(PLATFORM).orElseThrow();
        HttpResponse<String> response = Replays.get(base, "/api/platforms/" + PLATFORM + "/state");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode state = JSON.readTree(response.body());

        // The replay is over, so the mirror no longer changes between the two reads.
        assertEquals(now, counters);
        assertEquals(now.nodesInService(), state.get("nodesInService").asInt());
        assertEquals(now.tasksWaiting(), state.get("tasksWaiting").asInt());
        assertEquals(now.tasksRunning(), state.get("tasksRunning").asInt());
        for (MirrorCounter counter : MirrorCounter.values()) {
            assertEquals(now.count(counter), state.get("counters").get(counter.name().toLowerCase(Locale.ROOT)).asLong(),
                    counter.name());
        }
        for (RejectReason reason : RejectReason.values()) {
            assertEquals(now.rejectedCount(reason), state.get("rejectedByReason").get(reason.code()).asLong(), reason.code());
        }
        assertEquals(now.nodesInService(), sum(state.get("nodePools"), "nodes"));
        assertEquals(now.tasksWaiting(), sum(state.get("taskPools"), "queueLength"));
        assertEquals(now.tasksRunning(), sum(state.get("taskPools"), "running"));
        assertEquals(now.tasksSubmittedOnly(), sum(state.get("taskPools"), "submitted"));
        for (JsonNode pool : iterable(state.get("nodePools"))) {
            assertTrue(pool.get("allocatedGpuMilli").asLong() <= pool.get("gpus").asLong() * 1000 + 1000, pool.toString());
        }
        // Allocation comes from the running tasks' entries, so running tasks must show up as allocated resources.
        long allocated = sum(state.get("nodePools"), "allocatedCpuMilli") + sum(state.get("nodePools"), "allocatedMemoryMib")
                + sum(state.get("nodePools"), "allocatedGpuMilli");
        assertEquals(now.tasksRunning() > 0, allocated > 0, state.get("nodePools").toString());
    }

    @Test
    void stateOfUnknownPlatformIsNotFound() {
        HttpResponse<String> response = Replays.get(base, "/api/platforms/no-such-platform/state");

        assertEquals(404, response.statusCode(), response.body());
        assertTrue(response.body().contains("no-such-platform"), response.body());
    }

    @Test
    void latestAndHistoryHoldEveryForecast() throws Exception {
        long published = counters.count(MirrorCounter.FORECASTS_PUBLISHED);
        assertTrue(published > 0, "the replay crossed no cadence boundary");
        // Each published boundary writes one queue record per task pool; the latest map keeps one per pool.
        Replays.await("forecast cache catching up", () -> {
            List<ForecastEntry> latestQueue = served.cache().latest(PLATFORM).stream()
                    .filter(entry -> entry.series().equals("queue")).toList();
            return !latestQueue.isEmpty()
                    && served.cache().history(PLATFORM, Set.of("queue"), Long.MIN_VALUE).size()
                    == published * latestQueue.size();
        });

        JsonNode latest = JSON.readTree(Replays.get(base, "/api/platforms/" + PLATFORM + "/forecasts/latest").body());
        JsonNode queue = latest.get("series").get("queue");
        JsonNode resources = latest.get("series").get("resources");
        assertNotNull(queue, latest.toString());
        assertNotNull(resources, latest.toString());
        JsonNode history = JSON.readTree(Replays.get(base,
                "/api/platforms/" + PLATFORM + "/forecasts/history?series=queue").body()).get("records");
        assertEquals(published * queue.size(), history.size());

        long lastStart = 0;
        for (JsonNode record : iterable(history)) {
            assertEquals("queue", record.get("series").asText());
            lastStart = Math.max(lastStart, record.get("value").get("startTime").asLong());
        }
        for (JsonNode record : iterable(queue)) {
            assertEquals(lastStart, record.get("value").get("startTime").asLong(), record.toString());
            assertTrue(lastStart < counters.nextBoundaryMillis());
        }
        Set<String> resourceKeys = new TreeSet<>();
        resources.forEach(record -> resourceKeys.add(record.get("key").asText()));
        assertEquals(resources.size(), resourceKeys.size(), "one latest record per pool and resource");
    }

    @Test
    void accuracyRecordsServedAsSeries() throws Exception {
        List<JsonNode> onTopic = committedAccuracyRecords(PLATFORM);
        assertFalse(onTopic.isEmpty(), "the replay produced no accuracy record; it must outlast one forecast horizon");
        Replays.await("forecast cache holding every accuracy record", () ->
                served.cache().history(PLATFORM, Set.of("accuracy"), Long.MIN_VALUE).size() == onTopic.size());

        JsonNode history = JSON.readTree(Replays.get(base,
                "/api/platforms/" + PLATFORM + "/forecasts/history?series=accuracy").body()).get("records");
        JsonNode latest = JSON.readTree(Replays.get(base, "/api/platforms/" + PLATFORM + "/forecasts/latest").body())
                .get("series").get("accuracy");

        assertEquals(onTopic.size(), history.size());
        Set<String> seriesAndSteps = new TreeSet<>();
        for (JsonNode record : onTopic) {
            seriesAndSteps.add(record.get("scenario").asText() + "/" + record.get("series").asText() + "/"
                    + record.get("step").asInt());
        }
        assertNotNull(latest, "no accuracy series in /forecasts/latest");
        assertEquals(seriesAndSteps.size(), latest.size(), "one latest record per scenario, scored series and step");
        for (JsonNode record : iterable(latest)) {
            JsonNode value = record.get("value");
            assertEquals(PLATFORM, value.get("platformId").asText());
            assertTrue(value.get("count").asLong() > 0, record.toString());
            assertTrue(value.has("meanAbsoluteError"), record.toString());
            assertTrue(value.has("intervalCoverage"), record.toString());
        }
    }

    @Test
    void historySinceFiltersByPublishTime() throws Exception {
        JsonNode all = JSON.readTree(Replays.get(base, "/api/platforms/" + PLATFORM + "/forecasts/history").body())
                .get("records");
        assertTrue(all.size() > 1, all.toString());
        long middle = all.get(all.size() / 2).get("publishedAt").asLong();
        long expected = 0;
        for (JsonNode record : iterable(all)) {
            if (record.get("publishedAt").asLong() >= middle) {
                expected++;
            }
        }

        JsonNode since = JSON.readTree(Replays.get(base,
                "/api/platforms/" + PLATFORM + "/forecasts/history?since=" + middle).body()).get("records");

        assertEquals(expected, since.size());
        assertEquals(400, Replays.get(base, "/api/platforms/" + PLATFORM + "/forecasts/history?since=yesterday")
                .statusCode());
    }

    @Test
    void metricsExposeTwinAndStreamsMeters() throws Exception {
        // Other tests may replay another platform meanwhile, so the meters are compared with the totals over
        // every platform once both stop moving.
        Replays.await("meters equal to the mirror's totals", () -> {
            String metrics = Replays.get(base, "/metrics").body();
            long applied = 0;
            long rejected = 0;
            long forecasts = 0;
            for (MirrorCounters platform : served.twin().allCounters().values()) {
                applied += platform.count(MirrorCounter.EVENTS_APPLIED);
                rejected += platform.count(MirrorCounter.EVENTS_REJECTED);
                forecasts += platform.count(MirrorCounter.FORECASTS_PUBLISHED);
            }
            return value(metrics, "pipetwin_events_mirrored_total") == applied
                    && sumOf(metrics, "pipetwin_events_rejected_total{") == rejected
                    && value(metrics, "pipetwin_forecast_duration_seconds_count") == forecasts
                    && value(metrics, "pipetwin_forecast_latency_seconds_count") == forecasts;
        });
        String metrics = Replays.get(base, "/metrics").body();

        assertTrue(value(metrics, "pipetwin_events_mirrored_total") >= counters.count(MirrorCounter.EVENTS_APPLIED));
        // RocksDB's estimate counts overwrites not yet compacted, so it is at least the number of keys.
        assertTrue(value(metrics, "pipetwin_state_store_entries{store=\"twin-platforms\"}")
                >= served.twin().allCounters().size());
        assertTrue(value(metrics, "pipetwin_forecast_duration_seconds_sum") > 0);
        assertTrue(metrics.contains("\npipetwin_records_dead_lettered_total{reason=\"unknown-task\"}"),
                "dead-letter counter missing");
        assertTrue(metrics.contains("\nkafka_stream_"), "Kafka Streams metrics missing");
        assertTrue(metrics.contains("\nkafka_consumer_"), "Kafka consumer metrics missing");
    }

    @Test
    void eventStreamDeliversNewForecasts() throws Exception {
        String platform = "sse-platform";
        int listenersBefore = served.cache().listenerCount();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/platforms/" + platform + "/events")).GET().build();
        HttpResponse<Stream<String>> response = Replays.HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        Stream<String> body = response.body();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> body.forEach(lines::add));
        Replays.await("event stream registered", () -> served.cache().listenerCount() == listenersBefore + 1);

        Replays.replay(broker.bootstrapServers(), registry.url(), dir, platform, 40, 5);

        List<String> seen = new ArrayList<>();
        String data = null;
        while (data == null) {
            String line = lines.poll(Replays.MAX_WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(line, "no forecast event; lines so far: " + seen);
            seen.add(line);
            if (seen.size() >= 2 && seen.get(seen.size() - 2).equals("event: forecast")) {
                data = line;
            }
        }
        JsonNode event = JSON.readTree(data.substring("data: ".length()));
        assertEquals(platform, event.get("value").get("platformId").asText());

        body.close();
        reader.cancel(true);
        Replays.await("event stream listener removed", () -> served.cache().listenerCount() == listenersBefore);
    }

    @Test
    void bindingTakenPortFailsNamingIt() {
        int port = served.server().port();

        PortInUseException error = assertThrows(PortInUseException.class,
                () -> TwinHttpServer.bind(new HttpSettings("127.0.0.1", port)));

        assertTrue(error.getMessage().contains(Integer.toString(port)), error.getMessage());
        assertTrue(error.getMessage().contains("--http-port"), error.getMessage());
    }

    @Test
    void dashboardServedAtRoot() {
        HttpResponse<String> page = Replays.get(base, "/");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"app.js\">"), page.body());
        assertEquals(200, Replays.get(base, "/app.js").statusCode());
        assertFalse(Replays.get(base, "/app.js").body().contains("cdn."), "the bundle must not load from a CDN");
    }

    /** Reads every committed record of the platform on the accuracy topic, decoded like the cache decodes them. */
    private static List<JsonNode> committedAccuracyRecords(String platformId) throws Exception {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        AvroRecordDecoder decoder = new AvroRecordDecoder(SchemaRegistryClient.fromConfig(
                Map.of("schema.registry.url", registry.url())));
        List<JsonNode> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FORECAST_ACCURACY).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Replays.MAX_WAIT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                assertTrue(System.nanoTime() < deadline, "accuracy topic not read to its end within " + Replays.MAX_WAIT);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (platformId.equals(record.key())) {
                        records.add(RecordJson.toJson(decoder.decode(record.topic(), record.value())));
                    }
                }
            }
        }
        return records;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : iterable(array)) {
            if (item.get(field).asText().equals(value)) {
                return item;
            }
        }
        return null;
    }

    private static long sum(JsonNode pools, String field) {
        long total = 0;
        for (JsonNode pool : iterable(pools)) {
            total += pool.get(field).asLong();
        }
        return total;
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        return () -> {
            Iterator<JsonNode> iterator = node.elements();
            return iterator;
        };
    }

    /** Returns the value of the one sample line starting with {@code name} followed by a space. */
    private static double value(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("metric " + name + " missing from /metrics");
    }

    private static double sumOf(String metrics, String prefix) {
        double total = 0;
        int found = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found++;
            }
        }
        assertEquals(RejectReason.values().length, found, "one sample per reject reason");
        return total;
    }
}

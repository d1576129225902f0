package io.pipetwin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipetwin.core.forecast.online.OnlineModelParameters;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two twin instances with the same application id share a four-partition event topic; each HTTP
 * server must return the state, workload parameters and scenarios of every platform, forwarding to the
 * other instance when that one owns the platform's partition.
 */
class StateForwardingTest {

    private static final int PARTITIONS = 4;
    private static final int PLATFORMS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anyInstanceAnswersForAnyPlatform() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
             EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry().start()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                topics.add(new NewTopic(topic, topic.equals(Topics.PLATFORM_EVENTS) ? PARTITIONS : 1, (short) 1));
            }
            broker.createTopics(topics);
            TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                    .withApplicationId("http-forwarding-test")
                    .withForecast(ForecastSettings.defaults().withReplications(5));

            try (ServedTwin first = ServedTwin.start(config.withStateDir(dir.resolve("state-1")), new HttpSettings("127.0.0.1", 0));
                 ServedTwin second = ServedTwin.start(config.withStateDir(dir.resolve("state-2")), new HttpSettings("127.0.0.1", 0))) {
                // Both instances start with empty stores, so the assignor spreads the tasks over both at once.
                Replays.await("both instances running with both in the metadata", () ->
                        first.twin().state() == KafkaStreams.State.RUNNING
                                && second.twin().state() == KafkaStreams.State.RUNNING
                                && first.twin().streams().metadataForAllStreamsClients().size() == 2
                                && second.twin().streams().metadataForAllStreamsClients().size() == 2);

                Map<String, MirrorCounters> expected = new LinkedHashMap<>();
                for (int i = 0; i < PLATFORMS; i++) {
                    String platformId = "platform-" + i;
                    ReplaySummary replay = Replays.replay(broker.bootstrapServers(), registry.url(), dir, platformId, 30, i);
                    expected.put(platformId, Replays.awaitProcessed(platformId, replay.eventsSent(), first.twin(), second.twin()));
                }
                assertTrue(first.twin().allCounters().size() > 0, "first instance holds no platform");
                assertTrue(second.twin().allCounters().size() > 0, "second instance holds no platform");
                for (String platformId : expected.keySet()) {
                    putScenario(broker.bootstrapServers(), platformId + "|double-arrivals",
                            "{\"name\":\"double-arrivals\",\"arrivalRateMultiplier\":2.0}");
                }

                int forwarded = 0;
                int withParameters = 0;
                for (ServedTwin instance : List.of(first, second)) {
                    for (Map.Entry<String, MirrorCounters> platform : expected.entrySet()) {
                        JsonNode state = awaitState(instance, platform.getKey());
                        String holder = (first.twin().counters(platform.getKey()).isPresent() ? first : second)
                                .server().applicationServer();
                        assertEquals(holder, state.get("servedBy").asText(), platform.getKey());
                        assertEquals(platform.getValue().count(MirrorCounter.EVENTS_APPLIED),
                                state.get("counters").get("events_applied").asLong(), platform.getKey());
                        assertEquals(platform.getValue().nodesInService(), state.get("nodesInService").asInt());
                        if (!holder.equals(instance.server().applicationServer())) {
                            forwarded++;
                        }

                        JsonNode scenarios = awaitOk(instance, platform.getKey(), "scenarios");
                        assertEquals(holder, scenarios.get("servedBy").asText(), platform.getKey());
                        assertEquals("double-arrivals", scenarios.get("scenarios").get(0).get("name").asText());

                        ServedTwin holderTwin = holder.equals(first.server().applicationServer()) ? first : second;
                        OnlineModelParameters fitted = holderTwin.twin().onlineModelParameters().get(platform.getKey());
                        if (fitted != null) {
                            JsonNode parameters = awaitOk(instance, platform.getKey(), "parameters");
                            assertEquals(holder, parameters.get("servedBy").asText(), platform.getKey());
                            assertEquals(fitted.arrivalsObserved(), parameters.get("arrivalsObserved").asLong());
                            assertEquals(fitted.durations().keySet(), fieldNames(parameters.get("durations")));
                            withParameters++;
                        }
                    }
                    JsonNode list = JSON.readTree(Replays.get(instance.url(), "/api/platforms").body());
                    assertEquals(PLATFORMS, list.get("platforms").size(), list.toString());
                    assertEquals(2, list.get("instances").size(), list.toString());
                }
                // Every platform is held by exactly one instance, so the other one forwarded it.
                assertEquals(PLATFORMS, forwarded);
                assertTrue(withParameters > 0, "no replay crossed a forecast boundary, so no model was stored");
            }
        }
    }

    /** Returns the state once the stores are queryable; during a rebalance the endpoint returns 503 for a moment. */
    private static JsonNode awaitState(ServedTwin instance, String platformId) throws Exception {
        return awaitOk(instance, platformId, "state");
    }

    /** Returns the body of a per-platform endpoint once it returns 200. */
    private static JsonNode awaitOk(ServedTwin instance, String platformId, String endpoint) throws Exception {
        HttpResponse<String>[] response = new HttpResponse[1];
        Replays.await(endpoint + " of " + platformId + " from " + instance.url(), () -> {
            response[0] = Replays.get(instance.url(), "/api/platforms/" + platformId + "/" + endpoint);
            return response[0].statusCode() == 200;
        });
        return JSON.readTree(response[0].body());
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void putScenario(String bootstrapServers, String key, String definition) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SCENARIOS, key, definition)).get();
        }
    }
}

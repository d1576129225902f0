package io.pipetwin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two twin instances with the same application id share a four-partition event topic; each HTTP
 * server must answer the state of every platform, forwarding to the other instance when that one
 * owns the platform's partition.
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

                int forwarded = 0;
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
                    }
                    JsonNode list = JSON.readTree(Replays.get(instance.url(), "/api/platforms").body());
                    assertEquals(PLATFORMS, list.get("platforms").size(), list.toString());
                    assertEquals(2, list.get("instances").size(), list.toString());
                }
                // Every platform is held by exactly one instance, so the other one forwarded it.
                assertEquals(PLATFORMS, forwarded);
            }
        }
    }

    /** Returns the state once the stores are queryable; during a rebalance the endpoint returns 503 for a moment. */
    private static JsonNode awaitState(ServedTwin instance, String platformId) throws Exception {
        HttpResponse<String>[] response = new HttpResponse[1];
        Replays.await("state of " + platformId + " from " + instance.url(), () -> {
            response[0] = Replays.get(instance.url(), "/api/platforms/" + platformId + "/state");
            return response[0].statusCode() == 200;
        });
        return JSON.readTree(response[0].body());
    }
}

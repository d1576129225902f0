package io.pipetwin.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.testing.TestRecords;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Counts the requests the registry receives, to show that the serde sends one request per schema and per id. */
class SerdeCachingTest {

    private static final String TOPIC = Topics.PLATFORM_EVENTS;

    private EmbeddedSchemaRegistry registry;
    private Map<String, Object> config;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
        config = Map.of("schema.registry.url", registry.url());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void serializerRegistersOnce() {
        List<PlatformEvent> events = TestRecords.eventOfEveryPayloadType();
        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(config)) {
            serde.serializer().serialize(TOPIC, events.get(0));
            assertEquals(1, registry.requestCount(), "first record registers the schema");

            for (PlatformEvent event : events) {
                serde.serializer().serialize(TOPIC, event);
            }
            assertEquals(1, registry.requestCount(), "later records use the cached id");
        }
    }

    @Test
    void deserializerFetchesEachIdOnce() {
        List<PlatformEvent> events = TestRecords.eventOfEveryPayloadType();
        byte[] first;
        byte[] second;
        try (AvroSerde<PlatformEvent> producerSide = PipeTwinSerdes.platformEvent(config)) {
            first = producerSide.serializer().serialize(TOPIC, events.get(0));
            second = producerSide.serializer().serialize(TOPIC, events.get(1));
        }
        long afterProducing = registry.requestCount();

        // A separate serde has its own client, as a consumer in another process would.
        try (AvroSerde<PlatformEvent> consumerSide = PipeTwinSerdes.platformEvent(config)) {
            assertEquals(events.get(0), consumerSide.deserializer().deserialize(TOPIC, first));
            assertEquals(afterProducing + 1, registry.requestCount(), "first record fetches the writer schema");

            assertEquals(events.get(1), consumerSide.deserializer().deserialize(TOPIC, second));
            assertEquals(events.get(0), consumerSide.deserializer().deserialize(TOPIC, first));
            assertEquals(afterProducing + 1, registry.requestCount(), "later records use the cached schema");
        }
    }

    @Test
    void sharedClientNeedsNoFetchAfterRegistering() {
        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(config)) {
            PlatformEvent event = TestRecords.eventOfEveryPayloadType().get(2);
            byte[] payload = serde.serializer().serialize(TOPIC, event);
            long afterRegistering = registry.requestCount();

            assertEquals(event, serde.deserializer().deserialize(TOPIC, payload));
            assertEquals(afterRegistering, registry.requestCount(), "the id registered is already cached");
        }
    }
}

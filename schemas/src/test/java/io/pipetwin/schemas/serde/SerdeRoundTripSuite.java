package io.pipetwin.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.registry.RegisteredSchema;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.testing.TestRecords;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Serde round trips against a real schema registry over HTTP. Subclasses supply the registry and
 * the topic names, so the same checks run against the embedded registry and an external one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SerdeRoundTripSuite {

    /** Base URL of a running registry. */
    abstract String registryUrl();

    /** Topic whose subjects the suite may write to. */
    abstract String platformEventsTopic();

    /** Another topic, for forecasts and key subjects. */
    abstract String forecastTopic();

    Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", registryUrl());
        return config;
    }

    @Test
    void platformEventsOfEveryPayloadTypeRoundTrip() {
        List<PlatformEvent> events = TestRecords.eventOfEveryPayloadType();
        assertEquals(PlatformEvent.getClassSchema().getField("payload").schema().getTypes().size(), events.size(),
                "one sample event per payload branch");

        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(config())) {
            for (PlatformEvent event : events) {
                byte[] payload = serde.serializer().serialize(platformEventsTopic(), event);
                PlatformEvent decoded = serde.deserializer().deserialize(platformEventsTopic(), payload);
                assertEquals(event, decoded, "round trip of " + event.getPayload().getClass().getSimpleName());
            }
        }
    }

    @Test
    void wireBytesAreHeaderAndPlainAvro() {
        PlatformEvent event = TestRecords.eventOfEveryPayloadType().get(0);
        byte[] payload;
        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(config())) {
            payload = serde.serializer().serialize(platformEventsTopic(), event);
        }

        // A separate client, so the id comes from the registry and not from the serde's cache.
        RegisteredSchema latest = SchemaRegistryClient.fromConfig(config())
                .getLatest(platformEventsTopic() + "-value");
        byte[] avro = TestRecords.avroBinary(event);

        assertEquals(0, payload[0], "magic byte");
        assertEquals(latest.id(), ByteBuffer.wrap(payload, 1, 4).getInt(), "schema id, big-endian");
        assertEquals(PlatformEvent.getClassSchema(), latest.schema(), "registered schema");
        assertArrayEquals(avro, Arrays.copyOfRange(payload, 5, payload.length), "Avro body");
        assertEquals(5 + avro.length, payload.length, "total length");
    }

    @Test
    void forecastsRoundTrip() {
        QueueForecast queue = TestRecords.queueForecast();
        ResourceForecast resources = TestRecords.resourceForecast();

        try (AvroSerde<QueueForecast> queueSerde = PipeTwinSerdes.queueForecast(config());
             AvroSerde<ResourceForecast> resourceSerde = PipeTwinSerdes.resourceForecast(config())) {
            byte[] queueBytes = queueSerde.serializer().serialize(forecastTopic(), queue);
            assertEquals(queue, queueSerde.deserializer().deserialize(forecastTopic(), queueBytes));

            String resourceTopic = forecastTopic() + ".resources";
            byte[] resourceBytes = resourceSerde.serializer().serialize(resourceTopic, resources);
            assertEquals(resources, resourceSerde.deserializer().deserialize(resourceTopic, resourceBytes));
        }
    }

    @Test
    void keySerdeUsesKeySubject() {
        String topic = forecastTopic() + ".keyed";
        QueueForecast key = TestRecords.queueForecast();

        try (AvroSerde<QueueForecast> serde = PipeTwinSerdes.forRecord(QueueForecast.class, config(), true)) {
            byte[] payload = serde.serializer().serialize(topic, key);
            assertEquals(key, serde.deserializer().deserialize(topic, payload));

            RegisteredSchema latest = SchemaRegistryClient.fromConfig(config()).getLatest(topic + "-key");
            assertEquals(latest.id(), ByteBuffer.wrap(payload, 1, 4).getInt());
        }
    }

    @Test
    void untypedDeserializerFindsGeneratedClass() {
        PlatformEvent event = TestRecords.eventOfEveryPayloadType().get(4);
        byte[] payload;
        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(config())) {
            payload = serde.serializer().serialize(platformEventsTopic(), event);
        }

        try (AvroDeserializer<PlatformEvent> deserializer = new AvroDeserializer<>()) {
            deserializer.configure(config(), false);
            assertEquals(event, deserializer.deserialize(platformEventsTopic(), payload));
        }
    }

    @Test
    void latestVersionIsUsedWhenConfigured() {
        PlatformEvent event = TestRecords.eventOfEveryPayloadType().get(1);
        try (AvroSerde<PlatformEvent> registering = PipeTwinSerdes.platformEvent(config())) {
            registering.serializer().serialize(platformEventsTopic(), event);
        }
        RegisteredSchema latest = SchemaRegistryClient.fromConfig(config())
                .getLatest(platformEventsTopic() + "-value");

        Map<String, Object> config = config();
        config.put("auto.register.schemas", "false");
        config.put("use.latest.version", "true");
        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(config)) {
            byte[] payload = serde.serializer().serialize(platformEventsTopic(), event);
            assertEquals(latest.id(), ByteBuffer.wrap(payload, 1, 4).getInt());
            assertEquals(event, serde.deserializer().deserialize(platformEventsTopic(), payload));
        }
    }

    @Test
    void unregisteredSchemaFailsWithoutAutoRegistration() {
        Map<String, Object> config = config();
        config.put("auto.register.schemas", false);
        String topic = forecastTopic() + ".never-registered";

        try (AvroSerde<QueueForecast> serde = PipeTwinSerdes.queueForecast(config)) {
            SchemaNotRegisteredException failure = assertThrows(SchemaNotRegisteredException.class,
                    () -> serde.serializer().serialize(topic, TestRecords.queueForecast()));
            assertEquals("schema-not-registered", SerdeFailureReason.of(failure).code());
            assertTrue(failure.getMessage().contains(topic + "-value"), failure.getMessage());
        }
    }

    @Test
    void nullRoundTripsAsNull() {
        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(config())) {
            assertNull(serde.serializer().serialize(platformEventsTopic(), null));
            assertNull(serde.deserializer().deserialize(platformEventsTopic(), null));
        }
    }
}

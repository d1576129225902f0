package io.pipetwin.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.testing.TestRecords;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each kind of bad input gives its own exception type and reason code, naming the topic and schema id. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SerdeFailureTest {

    private static final String TOPIC = Topics.PLATFORM_EVENTS;

    private EmbeddedSchemaRegistry registry;
    private AvroSerde<PlatformEvent> serde;
    private byte[] validPayload;
    private int platformEventId;

    @BeforeAll
    void start() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
        serde = PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registry.url()));
        validPayload = serde.serializer().serialize(TOPIC, TestRecords.eventOfEveryPayloadType().get(0));
        platformEventId = WireFormat.schemaIdOf(validPayload).getAsInt();
    }

    @AfterAll
    void stop() {
        serde.close();
        registry.close();
    }

    @Test
    void emptyPayloadIsNotWireFormat() {
        NotWireFormatException failure = assertThrows(NotWireFormatException.class, () -> decode(new byte[0]));

        assertEquals("not-wire-format", failure.reason().code());
        assertTrue(failure.getMessage().contains("empty"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Confluent wire format"), failure.getMessage());
        assertEquals(TOPIC, failure.topic().orElseThrow());
        assertEquals(OptionalInt.empty(), failure.schemaId());
    }

    @Test
    void wrongMagicByteIsNotWireFormat() {
        byte[] json = "{\"eventId\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);

        NotWireFormatException failure = assertThrows(NotWireFormatException.class, () -> decode(json));

        assertEquals(SerdeFailureReason.NOT_WIRE_FORMAT, failure.reason());
        assertTrue(failure.getMessage().contains("0x7b"), failure.getMessage());
        assertTrue(failure.getMessage().contains(TOPIC), failure.getMessage());
    }

    @Test
    void shortPayloadIsNotWireFormat() {
        NotWireFormatException failure = assertThrows(NotWireFormatException.class,
                () -> decode(new byte[] {0, 0, 0}));

        assertTrue(failure.getMessage().contains("3 bytes"), failure.getMessage());
    }

    @Test
    void unknownSchemaIdIsReported() {
        int unknownId = platformEventId + 1000;
        byte[] payload = TestRecords.wirePayload(unknownId, TestRecords.avroBinary(TestRecords.eventOfEveryPayloadType().get(1)));

        UnknownSchemaIdException failure = assertThrows(UnknownSchemaIdException.class, () -> decode(payload));

        assertEquals("unknown-schema-id", failure.reason().code());
        assertEquals(unknownId, failure.schemaId().getAsInt());
        assertTrue(failure.getMessage().contains("schema id " + unknownId), failure.getMessage());
        assertTrue(failure.getMessage().contains(TOPIC), failure.getMessage());
    }

    @Test
    void truncatedAvroIsUndecodable() {
        byte[] truncated = Arrays.copyOf(validPayload, validPayload.length - 10);

        UndecodableRecordException failure = assertThrows(UndecodableRecordException.class, () -> decode(truncated));

        assertEquals("undecodable", failure.reason().code());
        assertEquals(platformEventId, failure.schemaId().getAsInt());
        assertTrue(failure.getMessage().contains("schema id " + platformEventId), failure.getMessage());
    }

    @Test
    void trailingBytesAreUndecodable() {
        byte[] extended = Arrays.copyOf(validPayload, validPayload.length + 3);

        UndecodableRecordException failure = assertThrows(UndecodableRecordException.class, () -> decode(extended));

        assertTrue(failure.getMessage().contains("bytes are left"), failure.getMessage());
    }

    @Test
    void unresolvableWriterSchemaIsUndecodable() {
        // A record of another type, registered under another subject: it has a valid id but cannot become a PlatformEvent.
        Schema other = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Unrelated\",\"namespace\":\"test\","
                + "\"fields\":[{\"name\":\"count\",\"type\":\"long\"}]}");
        int otherId = SchemaRegistryClient.fromConfig(Map.of("schema.registry.url", registry.url()))
                .register("unrelated-value", other);
        byte[] payload = TestRecords.wirePayload(otherId, new byte[] {4});

        UndecodableRecordException first = assertThrows(UndecodableRecordException.class, () -> decode(payload));
        long requestsAfterFirst = registry.requestCount();
        UndecodableRecordException second = assertThrows(UndecodableRecordException.class, () -> decode(payload));

        assertEquals(otherId, first.schemaId().getAsInt());
        assertTrue(first.getMessage().contains("test.Unrelated"), first.getMessage());
        assertEquals(first.getMessage(), second.getMessage());
        assertEquals(requestsAfterFirst, registry.requestCount(), "the failed resolution is cached");
    }

    @Test
    void unreachableRegistryIsRegistryFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> config = Map.of("schema.registry.url", "http://127.0.0.1:" + closedPort,
                "max.retries", 1, "retries.wait.ms", 1);

        try (AvroDeserializer<PlatformEvent> deserializer = new AvroDeserializer<>(PlatformEvent.class)) {
            deserializer.configure(config, false);
            SchemaRegistryFailureException failure = assertThrows(SchemaRegistryFailureException.class,
                    () -> deserializer.deserialize(TOPIC, validPayload));
            assertEquals("registry-failure", failure.reason().code());
            assertEquals(platformEventId, failure.schemaId().getAsInt());
        }
    }

    @Test
    void nullFieldIsUnencodable() {
        TaskQueued incomplete = new TaskQueued();
        incomplete.setPipelineId("p-1");
        PlatformEvent event = TestRecords.event("e-null", incomplete);

        UnencodableRecordException failure = assertThrows(UnencodableRecordException.class,
                () -> serde.serializer().serialize(TOPIC, event));

        assertEquals("unencodable", failure.reason().code());
        assertEquals(platformEventId, failure.schemaId().getAsInt());
    }

    @Test
    void reasonOfWrappedFailureIsFound() {
        NotWireFormatException cause = assertThrows(NotWireFormatException.class, () -> decode(new byte[] {1}));
        KafkaException wrapped = new KafkaException("processing failed", cause);

        assertEquals(SerdeFailureReason.NOT_WIRE_FORMAT, SerdeFailureReason.of(wrapped));
        assertEquals(SerdeFailureReason.OTHER, SerdeFailureReason.of(new SerializationException("other serde")));
        assertEquals(SerdeFailureReason.OTHER, SerdeFailureReason.of(null));
    }

    @Test
    void reasonCodesAreDistinct() {
        long distinct = Arrays.stream(SerdeFailureReason.values()).map(SerdeFailureReason::code).distinct().count();
        assertEquals(SerdeFailureReason.values().length, distinct);
        assertFalse(Arrays.stream(SerdeFailureReason.values()).anyMatch(reason -> reason.code().isBlank()));
    }

    private PlatformEvent decode(byte[] payload) {
        return serde.deserializer().deserialize(TOPIC, payload);
    }
}

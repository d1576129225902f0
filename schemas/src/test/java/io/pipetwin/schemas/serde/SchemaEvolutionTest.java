package io.pipetwin.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.registry.SchemaRegistryException;
import io.pipetwin.schemas.testing.TestRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Records written with another version of the PlatformEvent schema decode as the current class,
 * and the registry enforces the subject's compatibility level.
 */
class SchemaEvolutionTest {

    private static final String TOPIC = Topics.PLATFORM_EVENTS;
    private static final String SUBJECT = TOPIC + "-value";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddedSchemaRegistry registry;
    private SchemaRegistryClient client;
    private Map<String, Object> config;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
        config = Map.of("schema.registry.url", registry.url());
        client = SchemaRegistryClient.fromConfig(config);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void olderWriterSchemaDecodesAsCurrentClass() throws IOException {
        // The older version has no "source" field and no ModelDeployed payload.
        ObjectNode olderJson = currentSchemaJson();
        removeField(olderJson, "source");
        ArrayNode payloadTypes = (ArrayNode) fieldNode(olderJson, "payload").get("type");
        payloadTypes.remove(payloadTypes.size() - 1);
        Schema older = new Schema.Parser().parse(olderJson.toString());

        int olderId = client.register(SUBJECT, older);
        int currentId = client.register(SUBJECT, PlatformEvent.getClassSchema());
        assertNotEquals(olderId, currentId);

        GenericRecord queued = new GenericData.Record(older.getField("payload").schema().getTypes().get(1));
        queued.put("pipelineId", "p-9");
        queued.put("taskId", "t-9");
        GenericRecord olderEvent = new GenericData.Record(older);
        olderEvent.put("eventId", "e-old");
        olderEvent.put("platformId", "platform-1");
        olderEvent.put("eventTime", 1_700_000_000_000L);
        olderEvent.put("payload", queued);
        byte[] payload = TestRecords.wirePayload(olderId, encode(older, olderEvent));

        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(config)) {
            PlatformEvent decoded = serde.deserializer().deserialize(TOPIC, payload);

            assertEquals("e-old", decoded.getEventId());
            assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), decoded.getEventTime());
            assertNull(decoded.getSource(), "field missing in the writer takes the reader default");
            assertEquals(TaskQueued.newBuilder().setPipelineId("p-9").setTaskId("t-9").build(), decoded.getPayload());
        }
    }

    @Test
    void newerWriterSchemaDecodesAsCurrentClass() throws IOException {
        // The newer version adds a field with a default, which BACKWARD compatibility allows.
        ObjectNode newerJson = currentSchemaJson();
        ((ArrayNode) newerJson.get("fields")).addObject()
                .put("name", "region").put("type", "string").put("default", "eu-west");
        Schema newer = new Schema.Parser().parse(newerJson.toString());
        client.register(SUBJECT, PlatformEvent.getClassSchema());
        int newerId = client.register(SUBJECT, newer);

        PlatformEvent current = TestRecords.eventOfEveryPayloadType().get(3);
        byte[] currentBody = TestRecords.avroBinary(current);
        // Appending a field to the end of a record appends its encoding: a string is its zig-zag length, then UTF-8.
        byte[] region = {(byte) (2 * 7), 'a', 'p', '-', 'e', 'a', 's', 't'};
        byte[] newerBody = new byte[currentBody.length + region.length];
        System.arraycopy(currentBody, 0, newerBody, 0, currentBody.length);
        System.arraycopy(region, 0, newerBody, currentBody.length, region.length);

        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(config)) {
            PlatformEvent decoded = serde.deserializer().deserialize(TOPIC, TestRecords.wirePayload(newerId, newerBody));
            assertEquals(current, decoded);
        }
    }

    @Test
    void incompatibleChangeRejectedUnderBackward() throws IOException {
        client.register(SUBJECT, PlatformEvent.getClassSchema());
        Schema withRequiredField = withRequiredRegionField();

        assertEquals("BACKWARD", client.getCompatibility(SUBJECT));
        assertFalse(client.isCompatible(SUBJECT, withRequiredField));
        SchemaRegistryException rejected = assertThrows(SchemaRegistryException.class,
                () -> client.register(SUBJECT, withRequiredField));

        assertEquals(409, rejected.httpStatus());
        assertEquals(SchemaRegistryException.INCOMPATIBLE_SCHEMA, rejected.errorCode());
        assertTrue(rejected.getMessage().contains(SUBJECT), rejected.getMessage());
        assertTrue(rejected.getMessage().contains("READER_FIELD_MISSING_DEFAULT_VALUE"), rejected.getMessage());
        assertEquals(1, client.getVersions(SUBJECT).size());
    }

    @Test
    void incompatibleChangeAcceptedUnderNone() throws IOException {
        int firstId = client.register(SUBJECT, PlatformEvent.getClassSchema());
        Schema withRequiredField = withRequiredRegionField();

        assertEquals("NONE", client.updateCompatibility(SUBJECT, "NONE"));
        int secondId = client.register(SUBJECT, withRequiredField);

        assertNotEquals(firstId, secondId);
        assertEquals(secondId, client.getLatest(SUBJECT).id());
        assertEquals(2, client.getLatest(SUBJECT).version());
        assertEquals(withRequiredField, client.getById(secondId));
    }

    @Test
    void latestVersionWritesConvertedRecords() throws IOException {
        ObjectNode newerJson = currentSchemaJson();
        ((ArrayNode) newerJson.get("fields")).addObject()
                .put("name", "region").put("type", "string").put("default", "eu-west");
        Schema newer = new Schema.Parser().parse(newerJson.toString());
        client.register(SUBJECT, PlatformEvent.getClassSchema());
        int newerId = client.register(SUBJECT, newer);

        Map<String, Object> latestConfig = Map.of("schema.registry.url", registry.url(),
                "auto.register.schemas", false, "use.latest.version", true);
        PlatformEvent event = TestRecords.eventOfEveryPayloadType().get(7);
        byte[] payload;
        try (AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(latestConfig)) {
            payload = serde.serializer().serialize(TOPIC, event);
            assertEquals(event, serde.deserializer().deserialize(TOPIC, payload));
        }

        assertEquals(newerId, WireFormat.schemaIdOf(payload).getAsInt());
        GenericRecord asNewer = new GenericDatumReader<GenericRecord>(newer).read(null,
                DecoderFactory.get().binaryDecoder(payload, 5, payload.length - 5, null));
        assertEquals("eu-west", asNewer.get("region").toString(), "the default fills the field the record lacks");
        assertEquals("e-8", asNewer.get("eventId").toString());
    }

    private static Schema withRequiredRegionField() throws IOException {
        ObjectNode json = currentSchemaJson();
        ((ArrayNode) json.get("fields")).addObject().put("name", "region").put("type", "string");
        return new Schema.Parser().parse(json.toString());
    }

    private static ObjectNode currentSchemaJson() throws IOException {
        return (ObjectNode) JSON.readTree(PlatformEvent.getClassSchema().toString());
    }

    private static ObjectNode fieldNode(ObjectNode record, String name) {
        for (JsonNode field : record.get("fields")) {
            if (field.get("name").asText().equals(name)) {
                return (ObjectNode) field;
            }
        }
        throw new IllegalArgumentException("no field " + name);
    }

    private static void removeField(ObjectNode record, String name) {
        Iterator<JsonNode> fields = record.get("fields").iterator();
        while (fields.hasNext()) {
            if (fields.next().get("name").asText().equals(name)) {
                fields.remove();
            }
        }
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}

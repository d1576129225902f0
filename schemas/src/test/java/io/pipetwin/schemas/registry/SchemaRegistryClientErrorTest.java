package io.pipetwin.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Confluent error codes from the embedded registry become exceptions that name the subject or id. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaRegistryClientErrorTest {

    private EmbeddedSchemaRegistry registry;
    private SchemaRegistryClient client;

    @BeforeAll
    void start() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
        client = new SchemaRegistryClient(SchemaRegistryClientConfig.of(registry.url()));
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void unknownSubjectIs40401() {
        SchemaRegistryException failure = assertThrows(SchemaRegistryException.class,
                () -> client.getLatest("no-such-topic-value"));

        assertEquals(404, failure.httpStatus());
        assertEquals(40401, failure.errorCode());
        assertTrue(failure.getMessage().contains("no-such-topic-value"), failure.getMessage());
        assertTrue(failure.getMessage().contains("register"), failure.getMessage());
        assertFalse(failure.isTransient());
    }

    @Test
    void unknownIdIs40403() {
        SchemaRegistryException failure = assertThrows(SchemaRegistryException.class, () -> client.getById(98_765));

        assertEquals(404, failure.httpStatus());
        assertEquals(40403, failure.errorCode());
        assertTrue(failure.getMessage().contains("98765"), failure.getMessage());
    }

    @Test
    void unknownVersionIs40402() {
        client.register("versions-value", QueueForecast.getClassSchema());

        SchemaRegistryException failure = assertThrows(SchemaRegistryException.class,
                () -> client.getVersion("versions-value", 9));

        assertEquals(40402, failure.errorCode());
        assertTrue(failure.getMessage().contains("versions-value"), failure.getMessage());
    }

    @Test
    void lookupOfUnregisteredSchemaIs40403() {
        client.register("lookup-value", QueueForecast.getClassSchema());

        SchemaRegistryException failure = assertThrows(SchemaRegistryException.class,
                () -> client.lookupId("lookup-value", ResourceForecast.getClassSchema()));

        assertEquals(40403, failure.errorCode());
        assertEquals(client.register("lookup-value", QueueForecast.getClassSchema()),
                client.lookupId("lookup-value", QueueForecast.getClassSchema()));
    }

    @Test
    void compatibilityOfUnknownSubjectIs40401() {
        SchemaRegistryException failure = assertThrows(SchemaRegistryException.class,
                () -> client.isCompatible("never-registered-value", QueueForecast.getClassSchema()));

        assertEquals(40401, failure.errorCode());
    }

    @Test
    void subjectNamesAreEncodedInPaths() {
        String subject = "odd subject/with+chars?-value";
        Schema schema = Schema.createRecord("Odd", null, "test", false,
                List.of(new Schema.Field("n", Schema.create(Schema.Type.INT))));

        int id = client.register(subject, schema);
        RegisteredSchema latest = client.getLatest(subject);

        assertEquals(subject, latest.subject());
        assertEquals(id, latest.id());
        assertTrue(client.getSubjects().contains(subject));
        assertEquals(List.of(1), client.deleteSubject(subject));
        assertFalse(client.getSubjects().contains(subject));
        assertEquals(schema, client.getById(id), "ids stay resolvable after a subject is deleted");
    }

    @Test
    void invalidCompatibilityLevelIs42203() {
        SchemaRegistryException failure = assertThrows(SchemaRegistryException.class,
                () -> client.updateCompatibility("any-value", "SIDEWAYS"));

        assertEquals(422, failure.httpStatus());
        assertEquals(42203, failure.errorCode());
        assertTrue(failure.getMessage().contains("SIDEWAYS"), failure.getMessage());
    }
}

package io.pipetwin.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded registry's endpoints, status codes and JSON shapes, over raw HTTP. */
class EmbeddedSchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}");

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void start() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    /** Record schema {@code test.Sample} with the given field list. */
    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"Sample\",\"namespace\":\"test\",\"fields\":[" + fields + "]}";
    }

    private record Response(int status, JsonNode body) {
    }

    private Response call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", SchemaRegistryClient.CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(SchemaRegistryClient.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElse(""));
        return new Response(response.statusCode(), JSON.readTree(response.body()));
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    private Response register(String subject, String schema) throws IOException, InterruptedException {
        return call("POST", "/subjects/" + subject + "/versions", schemaBody(schema));
    }

    private void setLevel(String subject, String level) throws IOException, InterruptedException {
        Response response = call("PUT", "/config/" + subject, "{\"compatibility\":\"" + level + "\"}");
        assertEquals(200, response.status());
        assertEquals(level, response.body().get("compatibility").asText());
    }

    @Test
    void bindsLoopbackOnEphemeralPort() {
        assertTrue(registry.url().startsWith("http://127.0.0.1:"), registry.url());
        assertTrue(registry.port() > 0);
        assertThrows(IllegalStateException.class, () -> registry.start());
    }

    @Test
    void sameSchemaTwiceKeepsIdAndVersion() throws Exception {
        Response first = register("s-value", V1);
        Response second = register("s-value", V1);

        assertEquals(200, first.status());
        assertEquals(first.body().get("id").asInt(), second.body().get("id").asInt());
        assertEquals(List.of(1), List.of(call("GET", "/subjects/s-value/versions", null).body().get(0).asInt()));
        assertEquals(1, call("GET", "/subjects/s-value/versions", null).body().size());
    }

    @Test
    void identicalSchemaSharesIdAcrossSubjects() throws Exception {
        int first = register("one-value", V1).body().get("id").asInt();
        int second = register("two-key", V1).body().get("id").asInt();
        int other = register("three-value", record("{\"name\":\"c\",\"type\":\"long\"}")).body().get("id").asInt();

        assertEquals(first, second);
        assertNotEquals(first, other);
        JsonNode subjects = call("GET", "/subjects", null).body();
        assertEquals(List.of("one-value", "three-value", "two-key"),
                List.of(subjects.get(0).asText(), subjects.get(1).asText(), subjects.get(2).asText()));
    }

    @Test
    void versionAndIdEndpointsReturnConfluentShapes() throws Exception {
        int id = register("s-value", V1).body().get("id").asInt();
        Schema expected = new Schema.Parser().parse(V1);

        for (String version : List.of("1", "latest", "-1")) {
            JsonNode body = call("GET", "/subjects/s-value/versions/" + version, null).body();
            assertEquals("s-value", body.get("subject").asText());
            assertEquals(1, body.get("version").asInt());
            assertEquals(id, body.get("id").asInt());
            assertEquals(expected, new Schema.Parser().parse(body.get("schema").asText()));
        }

        JsonNode byId = call("GET", "/schemas/ids/" + id, null).body();
        assertEquals(expected, new Schema.Parser().parse(byId.get("schema").asText()));
        JsonNode raw = call("GET", "/schemas/ids/" + id + "/schema", null).body();
        assertEquals(expected, new Schema.Parser().parse(raw.toString()));
        JsonNode rawVersion = call("GET", "/subjects/s-value/versions/1/schema", null).body();
        assertEquals(expected, new Schema.Parser().parse(rawVersion.toString()));
    }

    @Test
    void lookupFindsRegisteredSchemaOnly() throws Exception {
        int id = register("s-value", V1).body().get("id").asInt();

        Response found = call("POST", "/subjects/s-value", schemaBody(V1));
        Response missing = call("POST", "/subjects/s-value", schemaBody(record("{\"name\":\"z\",\"type\":\"int\"}")));
        Response noSubject = call("POST", "/subjects/nothing-value", schemaBody(V1));

        assertEquals(id, found.body().get("id").asInt());
        assertEquals(1, found.body().get("version").asInt());
        assertEquals(40403, missing.body().get("error_code").asInt());
        assertEquals(40401, noSubject.body().get("error_code").asInt());
    }

    @Test
    void errorsCarryConfluentCodes() throws Exception {
        register("s-value", V1);

        Response invalid = register("s-value", "{\"type\":\"record\",\"name\":\"Broken\"}");
        Response notJson = call("POST", "/subjects/s-value/versions", "{not json");
        Response unknownSubject = call("GET", "/subjects/nothing-value/versions", null);
        Response unknownVersion = call("GET", "/subjects/s-value/versions/7", null);
        Response invalidVersion = call("GET", "/subjects/s-value/versions/zero", null);
        Response unknownId = call("GET", "/schemas/ids/4242", null);
        Response unknownPath = call("GET", "/nowhere", null);

        assertEquals(422, invalid.status());
        assertEquals(42201, invalid.body().get("error_code").asInt());
        assertEquals(422, notJson.status());
        assertEquals(404, unknownSubject.status());
        assertEquals(40401, unknownSubject.body().get("error_code").asInt());
        assertEquals(40402, unknownVersion.body().get("error_code").asInt());
        assertEquals(42202, invalidVersion.body().get("error_code").asInt());
        assertEquals(40403, unknownId.body().get("error_code").asInt());
        assertTrue(unknownId.body().get("message").asText().contains("4242"));
        assertEquals(404, unknownPath.status());
    }

    @Test
    void configIsGlobalAndPerSubject() throws Exception {
        assertEquals("BACKWARD", call("GET", "/config", null).body().get("compatibilityLevel").asText());

        setLevel("s-value", "FULL");
        Response unset = call("GET", "/config/other-value", null);
        Response fallback = call("GET", "/config/other-value?defaultToGlobal=true", null);
        Response global = call("PUT", "/config", "{\"compatibility\":\"NONE\"}");
        Response invalid = call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}");

        assertEquals("FULL", call("GET", "/config/s-value", null).body().get("compatibilityLevel").asText());
        assertEquals(40408, unset.body().get("error_code").asInt());
        assertEquals("BACKWARD", fallback.body().get("compatibilityLevel").asText());
        assertEquals("NONE", global.body().get("compatibility").asText());
        assertEquals("NONE", call("GET", "/config", null).body().get("compatibilityLevel").asText());
        assertEquals(42203, invalid.body().get("error_code").asInt());
        assertEquals("FULL", call("DELETE", "/config/s-value", null).body().get("compatibilityLevel").asText());
        assertEquals(40408, call("GET", "/config/s-value", null).body().get("error_code").asInt());
    }

    // Three versions where v3 is compatible with v2 but not with v1, for the transitive levels.
    // Backward: v2 drops b (readable), v3 brings b back as an int with a default (v1 wrote b as a string).
    private static final String BACKWARD_V2 = record("{\"name\":\"a\",\"type\":\"int\"}");
    private static final String BACKWARD_V3 = record("{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    // Forward: v1 requires c; v2 gives c a default; v3 drops c, which only v2 readers can fill in.
    private static final String FORWARD_V1 = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"c\",\"type\":\"int\"}");
    private static final String FORWARD_V2 = record("{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"c\",\"type\":\"int\",\"default\":0}");
    private static final String FORWARD_V3 = record("{\"name\":\"a\",\"type\":\"int\"}");

    private int registerThree(String subject, String level, String v1, String v2, String v3) throws Exception {
        setLevel(subject, level);
        assertEquals(200, register(subject, v1).status(), level + " v1");
        assertEquals(200, register(subject, v2).status(), level + " v2");
        return register(subject, v3).status();
    }

    @Test
    void transitiveLevelsCompareWithEveryVersion() throws Exception {
        assertEquals(200, registerThree("b-value", "BACKWARD", V1, BACKWARD_V2, BACKWARD_V3));
        assertEquals(409, registerThree("bt-value", "BACKWARD_TRANSITIVE", V1, BACKWARD_V2, BACKWARD_V3));
        assertEquals(200, registerThree("f-value", "FORWARD", FORWARD_V1, FORWARD_V2, FORWARD_V3));
        assertEquals(409, registerThree("ft-value", "FORWARD_TRANSITIVE", FORWARD_V1, FORWARD_V2, FORWARD_V3));
        assertEquals(200, registerThree("full-value", "FULL", FORWARD_V1, FORWARD_V2, FORWARD_V3));
        assertEquals(409, registerThree("fullt-value", "FULL_TRANSITIVE", FORWARD_V1, FORWARD_V2, FORWARD_V3));
    }

    @Test
    void directionOfEachLevel() throws Exception {
        // Adding a required field: old data lacks it (not backward), old readers ignore it (forward).
        String added = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"},"
                + "{\"name\":\"d\",\"type\":\"double\"}");
        for (String level : List.of("NONE", "BACKWARD", "FORWARD", "FULL")) {
            String subject = "direction-" + level.toLowerCase() + "-value";
            setLevel(subject, level);
            register(subject, V1);

            Response response = register(subject, added);

            int expected = level.equals("NONE") || level.equals("FORWARD") ? 200 : 409;
            assertEquals(expected, response.status(), level);
            if (expected == 409) {
                assertEquals(409, response.body().get("error_code").asInt());
                assertTrue(response.body().get("message").asText().contains(subject));
            }
        }
    }

    @Test
    void compatibilityEndpointChecksWithoutRegistering() throws Exception {
        register("s-value", V1);
        String added = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"},"
                + "{\"name\":\"d\",\"type\":\"double\"}");

        Response bad = call("POST", "/compatibility/subjects/s-value/versions/latest?verbose=true", schemaBody(added));
        Response good = call("POST", "/compatibility/subjects/s-value/versions/1", schemaBody(BACKWARD_V2));
        Response all = call("POST", "/compatibility/subjects/s-value/versions", schemaBody(added));

        assertFalse(bad.body().get("is_compatible").asBoolean());
        assertTrue(bad.body().get("messages").get(0).asText().contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
        assertTrue(good.body().get("is_compatible").asBoolean());
        assertFalse(all.body().get("is_compatible").asBoolean());
        assertEquals(1, call("GET", "/subjects/s-value/versions", null).body().size());
    }

    @Test
    void deleteRemovesSubjectButKeepsIds() throws Exception {
        int id = register("s-value", V1).body().get("id").asInt();
        register("s-value", BACKWARD_V2);

        Response deleted = call("DELETE", "/subjects/s-value", null);

        assertEquals(2, deleted.body().size());
        assertEquals(40401, call("GET", "/subjects/s-value/versions", null).body().get("error_code").asInt());
        assertEquals(0, call("GET", "/subjects", null).body().size());
        assertEquals(200, call("GET", "/schemas/ids/" + id, null).status());
        assertEquals(id, register("s-value", V1).body().get("id").asInt(), "same schema, same id");
    }

    @Test
    void countsRequests() throws Exception {
        long before = registry.requestCount();
        call("GET", "/subjects", null);
        call("GET", "/config", null);

        assertEquals(before + 2, registry.requestCount());
    }

    @Test
    void closeIsIdempotent() throws IOException {
        EmbeddedSchemaRegistry other = new EmbeddedSchemaRegistry().start();
        other.close();
        other.close();

        assertThrows(IllegalStateException.class, other::url);
    }
}

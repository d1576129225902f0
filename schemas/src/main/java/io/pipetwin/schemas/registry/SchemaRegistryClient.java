package io.pipetwin.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the Confluent Schema Registry REST API for Avro schemas.
 *
 * <p>Each request tries the configured base URLs in order. When every URL fails with an I/O error,
 * HTTP 5xx or HTTP 429, the client waits (exponential backoff) and tries them all again, up to
 * {@link SchemaRegistryClientConfig#maxRetries()} more times. Any other non-2xx response becomes a
 * {@link SchemaRegistryException} at once. Schema ids are cached in both directions (schema to id
 * per subject, id to schema), so a known schema or id costs no request. Instances are thread-safe.
 */
public final class SchemaRegistryClient {

    /** Content type of Confluent Schema Registry API version 1 requests and responses. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryClientConfig config;
    private final HttpClient http;
    private final Optional<String> authorizationHeader;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public SchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.authorizationHeader = config.userInfo().map(userInfo -> "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    /** Client configured from a Kafka-style map; see {@link SchemaRegistryClientConfig#fromMap}. */
    public static SchemaRegistryClient fromConfig(Map<String, ?> config) {
        return new SchemaRegistryClient(SchemaRegistryClientConfig.fromMap(config));
    }

    public SchemaRegistryClientConfig config() {
        return config;
    }

    /**
     * Registers the schema under the subject ({@code POST /subjects/{subject}/versions}) and returns
     * its global id. Registering a schema that the subject already has returns the existing id.
     *
     * @throws SchemaRegistryException with error code 409 when the subject's compatibility level
     *                                 rejects the schema, 42201 when the registry finds it invalid
     */
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }

        JsonNode response = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                "register a schema under subject '" + subject + "'");
        int id = requiredInt(response, "id", "register response for subject '" + subject + "'");
        remember(subject, schema, id);
        return id;
    }

    /**
     * Returns the id of a schema already registered under the subject ({@code POST /subjects/{subject}}),
     * without registering it.
     *
     * @throws SchemaRegistryException with error code 40401 when the subject does not exist, 40403
     *                                 when the subject has no version with this schema
     */
    public int lookupId(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }

        JsonNode response = send("POST", "/subjects/" + encode(subject), schemaBody(schema),
                "look up a schema under subject '" + subject + "'");
        int id = requiredInt(response, "id", "lookup response for subject '" + subject + "'");
        remember(subject, schema, id);
        return id;
    }

    /**
     * Returns the schema with the global id ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaRegistryException with error code 40403 when no schema has this id
     */
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }

        String operation = "fetch the schema with id " + id;
        JsonNode response = send("GET", "/schemas/ids/" + id, null, operation);
        Schema schema = parseSchema(response, operation);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    /**
     * Returns the latest version of the subject ({@code GET /subjects/{subject}/versions/latest}).
     * Not cached, because a new version may appear at any time.
     *
     * @throws SchemaRegistryException with error code 40401 when the subject does not exist
     */
    public RegisteredSchema getLatest(String subject) {
        return getVersion(subject, "latest");
    }

    /**
     * Returns one version of the subject ({@code GET /subjects/{subject}/versions/{version}}).
     *
     * @throws SchemaRegistryException with error code 40401 for an unknown subject, 40402 for an unknown version
     */
    public RegisteredSchema getVersion(String subject, int version) {
        return getVersion(subject, Integer.toString(version));
    }

    /**
     * Tests the schema against the latest version of the subject under the subject's compatibility
     * level ({@code POST /compatibility/subjects/{subject}/versions/latest}).
     *
     * @throws SchemaRegistryException with error code 40401 when the subject does not exist yet
     */
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode response = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                schemaBody(schema), "check compatibility with subject '" + subject + "'");
        JsonNode compatible = response.get("is_compatible");
        if (compatible == null || !compatible.isBoolean()) {
            throw malformed("compatibility response for subject '" + subject + "'", "is_compatible", response);
        }
        return compatible.booleanValue();
    }

    /** Returns every subject that has at least one version ({@code GET /subjects}). */
    public List<String> getSubjects() {
        JsonNode response = send("GET", "/subjects", null, "list subjects");
        List<String> subjects = new ArrayList<>();
        response.forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    /** Returns the version numbers of the subject in ascending order ({@code GET /subjects/{subject}/versions}). */
    public List<Integer> getVersions(String subject) {
        JsonNode response = send("GET", "/subjects/" + encode(subject) + "/versions", null,
                "list the versions of subject '" + subject + "'");
        List<Integer> versions = new ArrayList<>();
        response.forEach(node -> versions.add(node.asInt()));
        return versions;
    }

    /**
     * Returns the compatibility level of the subject, falling back to the global level when the
     * subject has none ({@code GET /config/{subject}?defaultToGlobal=true}); a null subject reads the
     * global level ({@code GET /config}).
     */
    public String getCompatibility(String subject) {
        String path = subject == null ? "/config" : "/config/" + encode(subject) + "?defaultToGlobal=true";
        JsonNode response = send("GET", path, null, "read the compatibility level of "
                + (subject == null ? "the registry" : "subject '" + subject + "'"));
        JsonNode level = response.get("compatibilityLevel");
        if (level == null) {
            throw malformed("config response", "compatibilityLevel", response);
        }
        return level.asText();
    }

    /**
     * Sets the compatibility level ({@code PUT /config/{subject}}, or {@code PUT /config} for a null
     * subject) to one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL,
     * FULL_TRANSITIVE, and returns the level the registry stored.
     */
    public String updateCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        JsonNode response = send("PUT", path, body, "set the compatibility level of "
                + (subject == null ? "the registry" : "subject '" + subject + "'") + " to " + level);
        JsonNode stored = response.get("compatibility");
        if (stored == null) {
            throw malformed("config update response", "compatibility", response);
        }
        return stored.asText();
    }

    /**
     * Deletes every version of the subject ({@code DELETE /subjects/{subject}}) and returns their
     * numbers. Ids stay resolvable, so records already written can still be read.
     */
    public List<Integer> deleteSubject(String subject) {
        JsonNode response = send("DELETE", "/subjects/" + encode(subject), null,
                "delete subject '" + subject + "'");
        idsBySubject.remove(subject);
        List<Integer> versions = new ArrayList<>();
        response.forEach(node -> versions.add(node.asInt()));
        return versions;
    }

    private RegisteredSchema getVersion(String subject, String version) {
        String operation = "fetch version " + version + " of subject '" + subject + "'";
        JsonNode response = send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null, operation);
        int id = requiredInt(response, "id", operation);
        int number = requiredInt(response, "version", operation);
        Schema schema = parseSchema(response, operation);
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(response.path("subject").asText(subject), number, id, schema);
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, key -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static Schema parseSchema(JsonNode response, String operation) {
        JsonNode type = response.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw new SchemaRegistryException("Cannot " + operation + ": the registry returned a " + type.asText()
                    + " schema, and this client reads only AVRO schemas; use a subject that holds Avro schemas",
                    200, SchemaRegistryException.INVALID_SCHEMA);
        }
        JsonNode text = response.get("schema");
        if (text == null || !text.isTextual()) {
            throw malformed(operation, "schema", response);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Cannot " + operation + ": the registry returned a schema that Avro "
                    + "cannot parse (" + e.getMessage() + "); schemas with references are not supported",
                    200, SchemaRegistryException.INVALID_SCHEMA, e);
        }
    }

    private static int requiredInt(JsonNode response, String field, String operation) {
        JsonNode value = response.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed(operation, field, response);
        }
        return value.intValue();
    }

    private static SchemaRegistryException malformed(String operation, String field, JsonNode response) {
        return new SchemaRegistryException("Malformed " + operation + ": field '" + field + "' is missing or of the "
                + "wrong type in " + abbreviate(response.toString())
                + "; check that schema.registry.url points at a Confluent-compatible schema registry",
                200, SchemaRegistryException.NO_STATUS);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String pathAndQuery, JsonNode body, String operation) {
        String bodyText = body == null ? null : body.toString();
        int attempts = config.maxRetries() + 1;
        SchemaRegistryException lastFailure = null;

        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                Duration wait = backoff(attempt - 1);
                LOG.warn("Retrying {} {} in {} ms (attempt {} of {})",
                        method, pathAndQuery, wait.toMillis(), attempt, attempts);
                sleep(wait, operation);
            }
            for (URI baseUrl : config.baseUrls()) {
                try {
                    return sendOnce(baseUrl, method, pathAndQuery, bodyText, operation);
                } catch (SchemaRegistryException e) {
                    if (!e.isTransient()) {
                        throw e;
                    }
                    lastFailure = e;
                    LOG.warn("Schema registry request {} {} at {} failed (attempt {} of {}): {}",
                            method, pathAndQuery, baseUrl, attempt, attempts, e.getMessage());
                }
            }
        }

        throw new SchemaRegistryException("Cannot " + operation + ": every schema registry URL " + config.baseUrls()
                + " failed in " + attempts + " attempts; last error: " + lastFailure.getMessage()
                + ". Check that the registry is running and that schema.registry.url is right",
                lastFailure.httpStatus(), lastFailure.errorCode(), lastFailure);
    }

    private JsonNode sendOnce(URI baseUrl, String method, String pathAndQuery, String body, String operation) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        authorizationHeader.ifPresent(value -> request.header("Authorization", value));

        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException("Cannot " + operation + ": request to " + baseUrl + " failed: " + e,
                    SchemaRegistryException.NO_STATUS, SchemaRegistryException.NO_STATUS, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Cannot " + operation + ": interrupted while waiting for " + baseUrl,
                    SchemaRegistryException.NO_STATUS, SchemaRegistryException.NO_STATUS, e);
        }

        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
            } catch (JsonProcessingException e) {
                throw new SchemaRegistryException("Cannot " + operation + ": " + baseUrl + " returned HTTP " + status
                        + " with a body that is not JSON: " + abbreviate(response.body())
                        + "; check that schema.registry.url points at a schema registry",
                        status, SchemaRegistryException.NO_STATUS, e);
            }
        }
        throw errorFrom(status, response.body(), baseUrl, operation);
    }

    private static SchemaRegistryException errorFrom(int status, String body, URI baseUrl, String operation) {
        int errorCode = status;
        String registryMessage = abbreviate(body);
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.has("error_code")) {
                errorCode = error.get("error_code").asInt(status);
            }
            if (error != null && error.hasNonNull("message")) {
                registryMessage = error.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // Not a Confluent error body (a proxy error page, for example): keep the raw text.
        }
        return new SchemaRegistryException("Cannot " + operation + ": " + baseUrl + " returned HTTP " + status
                + " (error code " + errorCode + "): " + registryMessage + ". " + hint(status, errorCode),
                status, errorCode);
    }

    private static String hint(int status, int errorCode) {
        switch (errorCode) {
            case SchemaRegistryException.SUBJECT_NOT_FOUND:
                return "Check the subject name (TopicNameStrategy uses <topic>-value and <topic>-key), or register "
                        + "the schema first, for example with auto.register.schemas=true on the producer";
            case SchemaRegistryException.VERSION_NOT_FOUND:
                return "List the existing versions with GET /subjects/{subject}/versions";
            case SchemaRegistryException.SCHEMA_NOT_FOUND:
                return "The schema is not registered here; check that producer and consumer use the same "
                        + "schema.registry.url, or register the schema";
            case SchemaRegistryException.INCOMPATIBLE_SCHEMA:
                return "Make the change compatible (for example, give new fields a default), or change the "
                        + "subject's compatibility level with PUT /config/{subject}";
            case SchemaRegistryException.INVALID_SCHEMA:
                return "Fix the schema so that Avro can parse it";
            default:
                break;
        }
        if (status == 401 || status == 403) {
            return "Check the credentials in basic.auth.user.info";
        }
        if (status >= 500 || status == 429) {
            return "The registry is unavailable or overloaded; retry later";
        }
        return "Check the request against the Confluent Schema Registry API";
    }

    private Duration backoff(int retry) {
        long initialMillis = config.retryInitialWait().toMillis();
        long factor = 1L << Math.min(retry - 1, 30);
        long millis = initialMillis > Long.MAX_VALUE / factor ? Long.MAX_VALUE : initialMillis * factor;
        return Duration.ofMillis(Math.min(millis, config.retryMaxWait().toMillis()));
    }

    private static void sleep(Duration wait, String operation) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Cannot " + operation + ": interrupted while waiting to retry",
                    SchemaRegistryException.NO_STATUS, SchemaRegistryException.NO_STATUS, e);
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}

package io.pipetwin.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pipetwin.schemas.registry.RegistryStore.RegistryError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process schema registry that serves the Avro part of the Confluent Schema Registry REST API
 * on 127.0.0.1, with the data in memory. It exists for the embedded mode and for tests; a real
 * deployment points {@code schema.registry.url} at a Confluent-compatible registry instead.
 *
 * <p>Endpoints: {@code GET /subjects}, {@code GET|POST /subjects/{s}/versions},
 * {@code GET /subjects/{s}/versions/{version|latest}[/schema]}, {@code POST /subjects/{s}} (lookup),
 * {@code DELETE /subjects/{s}[?permanent=true]}, {@code GET /schemas/ids/{id}[/schema]},
 * {@code GET /schemas/types}, {@code POST /compatibility/subjects/{s}/versions[/{version|latest}]},
 * {@code GET|PUT /config}, {@code GET|PUT|DELETE /config/{s}}. Identical schemas share one global
 * id across subjects. The default compatibility level is BACKWARD.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HANDLER_THREADS = 4;
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes response headers and body as two TCP segments. With Nagle's algorithm on,
        // the body waits for the client's delayed ACK: about 45 ms per request on loopback against about
        // 2 ms with TCP_NODELAY (measured on Linux with JDK 17). The JDK reads this property once, when
        // its first HttpServer is created. So it applies to every JDK HttpServer in the process, and it
        // has no effect if one was created earlier. An explicit setting is left alone.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final int requestedPort;
    private final RegistryStore store = new RegistryStore();
    private final AtomicLong requestCount = new AtomicLong();
    private HttpServer server;
    private ExecutorService executor;

    /** Registry that listens on an ephemeral port chosen at {@link #start()}. */
    public EmbeddedSchemaRegistry() {
        this(0);
    }

    /** Registry that listens on the given port of 127.0.0.1; 0 picks an ephemeral port. */
    public EmbeddedSchemaRegistry(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is out of range; use 0 to 65535 (0 picks a free port)");
        }
        this.requestedPort = port;
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws IOException when the port cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized EmbeddedSchemaRegistry start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("embedded schema registry already started at " + url());
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), requestedPort);
        HttpServer created = HttpServer.create(address, 0);
        AtomicInteger threadNumber = new AtomicInteger();
        executor = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "schema-registry-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        created.setExecutor(executor);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        LOG.info("Embedded schema registry started at {}", url());
        return this;
    }

    /** Base URL, for example {@code http://127.0.0.1:41234}; valid after {@link #start()}. */
    public synchronized String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Bound port; valid after {@link #start()}. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("embedded schema registry is not running; call start() first");
        }
        return server.getAddress().getPort();
    }

    /** HTTP requests received since start, for tests that check client-side caching. */
    public long requestCount() {
        return requestCount.get();
    }

    /** Stops serving; the data is lost. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        String url = url();
        server.stop(0);
        executor.shutdownNow();
        server = null;
        LOG.info("Embedded schema registry at {} stopped after {} requests", url, requestCount.get());
    }

    private void handle(HttpExchange exchange) throws IOException {
        requestCount.incrementAndGet();
        try (exchange) {
            try {
                JsonNode response = route(exchange);
                respond(exchange, 200, response);
            } catch (RegistryError e) {
                respond(exchange, e.httpStatus, error(e.errorCode, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("Embedded schema registry failed on {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), e);
                respond(exchange, 500, error(SchemaRegistryException.STORE_ERROR, "Internal error: " + e));
            }
        }
    }

    private JsonNode route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> path = segments(exchange.getRequestURI().getRawPath());
        String query = exchange.getRequestURI().getRawQuery();
        int size = path.size();
        String root = size == 0 ? "" : path.get(0);

        if (size == 0) {
            return JSON.createObjectNode();
        }
        if (root.equals("subjects")) {
            return routeSubjects(exchange, method, path, query);
        }
        if (root.equals("schemas") && size == 2 && path.get(1).equals("types")) {
            requireMethod(method, "GET");
            return JSON.createArrayNode().add("AVRO");
        }
        if (root.equals("schemas") && size >= 3 && path.get(1).equals("ids")) {
            requireMethod(method, "GET");
            Schema schema = store.schemaById(parseId(path.get(2)));
            if (size == 3) {
                return JSON.createObjectNode().put("schema", schema.toString());
            }
            if (size == 4 && path.get(3).equals("schema")) {
                return JSON.readTree(schema.toString());
            }
        }
        if (root.equals("compatibility") && size >= 4 && path.get(1).equals("subjects")
                && path.get(3).equals("versions") && size <= 5) {
            requireMethod(method, "POST");
            String subject = path.get(2);
            String version = size == 5 ? path.get(4) : null;
            List<String> problems = store.incompatibilities(subject, version, readSchema(exchange));
            ObjectNode result = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
            if (query != null && query.contains("verbose=true")) {
                ArrayNode messages = result.putArray("messages");
                problems.forEach(messages::add);
            }
            return result;
        }
        if (root.equals("config") && size <= 2) {
            return routeConfig(exchange, method, size == 2 ? path.get(1) : null, query);
        }
        throw new RegistryError(404, 404, "HTTP 404 Not Found: no endpoint " + method + " "
                + exchange.getRequestURI().getRawPath());
    }

    private JsonNode routeSubjects(HttpExchange exchange, String method, List<String> path, String query)
            throws IOException {
        int size = path.size();
        if (size == 1) {
            requireMethod(method, "GET");
            ArrayNode subjects = JSON.createArrayNode();
            store.subjects().forEach(subjects::add);
            return subjects;
        }

        String subject = path.get(1);
        if (size == 2) {
            if (method.equals("DELETE")) {
                boolean permanent = query != null && query.contains("permanent=true");
                ArrayNode deleted = JSON.createArrayNode();
                store.deleteSubject(subject, permanent).forEach(deleted::add);
                LOG.info("Embedded schema registry deleted subject '{}' versions {}", subject, deleted);
                return deleted;
            }
            requireMethod(method, "POST");
            return versionJson(store.lookup(subject, readSchema(exchange)));
        }
        if (!path.get(2).equals("versions")) {
            throw new RegistryError(404, 404, "HTTP 404 Not Found: no endpoint under /subjects/" + subject
                    + "/" + path.get(2));
        }
        if (size == 3 && method.equals("POST")) {
            RegisteredSchema registered = registerAndLog(subject, readSchema(exchange));
            return JSON.createObjectNode().put("id", registered.id());
        }
        requireMethod(method, "GET");
        if (size == 3) {
            ArrayNode versions = JSON.createArrayNode();
            store.versionNumbers(subject).forEach(versions::add);
            return versions;
        }
        RegisteredSchema version = store.version(subject, path.get(3));
        if (size == 4) {
            return versionJson(version);
        }
        if (size == 5 && path.get(4).equals("schema")) {
            return JSON.readTree(version.schema().toString());
        }
        throw new RegistryError(404, 404, "HTTP 404 Not Found: no endpoint " + method + " "
                + exchange.getRequestURI().getRawPath());
    }

    private RegisteredSchema registerAndLog(String subject, Schema schema) {
        try {
            RegisteredSchema registered = store.register(subject, schema);
            LOG.debug("Embedded schema registry: subject '{}' version {} has id {}",
                    subject, registered.version(), registered.id());
            return registered;
        } catch (RegistryError e) {
            LOG.info("Embedded schema registry rejected a schema for subject '{}': {}", subject, e.getMessage());
            throw e;
        }
    }

    private JsonNode routeConfig(HttpExchange exchange, String method, String subject, String query)
            throws IOException {
        if (method.equals("GET")) {
            CompatibilityLevel level = subject == null ? store.globalLevel() : store.subjectLevel(subject);
            if (level == null) {
                if (query != null && query.contains("defaultToGlobal=true")) {
                    level = store.globalLevel();
                } else {
                    throw new RegistryError(404, SchemaRegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                            "Subject '" + subject + "' does not have subject-level compatibility configured");
                }
            }
            return JSON.createObjectNode().put("compatibilityLevel", level.name());
        }
        if (method.equals("DELETE") && subject != null) {
            CompatibilityLevel removed = store.removeSubjectLevel(subject);
            if (removed == null) {
                throw new RegistryError(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                        "Subject '" + subject + "' has no compatibility level to delete");
            }
            return JSON.createObjectNode().put("compatibilityLevel", removed.name());
        }
        requireMethod(method, "PUT");

        JsonNode body = readJson(exchange);
        JsonNode levelNode = body.get("compatibility");
        if (levelNode == null || !levelNode.isTextual()) {
            throw new RegistryError(422, SchemaRegistryException.UNPROCESSABLE_ENTITY,
                    "Request body must be {\"compatibility\": \"<level>\"}");
        }
        CompatibilityLevel level;
        try {
            level = CompatibilityLevel.parse(levelNode.asText());
        } catch (IllegalArgumentException e) {
            throw new RegistryError(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL, e.getMessage());
        }
        if (subject == null) {
            store.setGlobalLevel(level);
        } else {
            store.setSubjectLevel(subject, level);
        }
        LOG.info("Embedded schema registry: compatibility level of {} set to {}",
                subject == null ? "the registry" : "subject '" + subject + "'", level);
        return JSON.createObjectNode().put("compatibility", level.name());
    }

    private static ObjectNode versionJson(RegisteredSchema version) {
        return JSON.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema().toString());
    }

    private static Schema readSchema(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw new RegistryError(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Schema type " + type.asText() + " is not supported; this registry stores AVRO schemas only");
        }
        JsonNode references = body.get("references");
        if (references != null && references.size() > 0) {
            throw new RegistryError(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Schema references are not supported; inline the referenced named types");
        }
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw new RegistryError(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Request body must be {\"schema\": \"<Avro schema as a JSON string>\"}");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (RuntimeException e) {
            throw new RegistryError(422, SchemaRegistryException.INVALID_SCHEMA,
                    "Invalid schema: " + e.getMessage());
        }
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        try {
            JsonNode body = JSON.readTree(bytes);
            if (body == null || !body.isObject()) {
                throw new RegistryError(422, SchemaRegistryException.UNPROCESSABLE_ENTITY,
                        "Request body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new RegistryError(422, SchemaRegistryException.UNPROCESSABLE_ENTITY,
                    "Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RegistryError(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                    "Schema '" + text + "' not found; ids are integers");
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new RegistryError(405, 405, "HTTP 405 Method Not Allowed: use " + expected + ", not " + method);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                // '+' is a literal in a path segment, so protect it from form decoding.
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static ObjectNode error(int errorCode, String message) {
        return JSON.createObjectNode().put("error_code", errorCode).put("message", message);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

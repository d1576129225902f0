package io.pipetwin.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, failover and authentication against a scripted HTTP server that plays a flaky registry. */
class SchemaRegistryClientRetryTest {

    private static final String STRING_SCHEMA_RESPONSE = "{\"schema\":\"\\\"string\\\"\"}";
    private static final String UNAVAILABLE_RESPONSE = "{\"error_code\":50003,\"message\":\"Error while forwarding the request\"}";

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();
    private volatile int failuresBeforeSuccess;
    private volatile int failureStatus = 503;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        int number = requests.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizationHeaders.add(authorization == null ? "" : authorization);
        boolean fail = number <= failuresBeforeSuccess;
        byte[] body = (fail ? UNAVAILABLE_RESPONSE : STRING_SCHEMA_RESPONSE).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(fail ? failureStatus : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String serverUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static SchemaRegistryClient client(String urls, int maxRetries) {
        return SchemaRegistryClient.fromConfig(Map.of("schema.registry.url", urls, "max.retries", maxRetries,
                "retries.wait.ms", 5, "retries.max.wait.ms", 20));
    }

    @Test
    void twoUnavailableResponsesAreRetried() {
        failuresBeforeSuccess = 2;

        Schema schema = client(serverUrl(), 3).getById(42);

        assertEquals(Schema.create(Schema.Type.STRING), schema);
        assertEquals(3, requests.get(), "two failed attempts and one success");
    }

    @Test
    void retriesAreBounded() {
        failuresBeforeSuccess = Integer.MAX_VALUE;

        SchemaRegistryException failure = assertThrows(SchemaRegistryException.class,
                () -> client(serverUrl(), 2).getById(42));

        assertEquals(3, requests.get(), "the first attempt and two retries");
        assertEquals(503, failure.httpStatus());
        assertEquals(50003, failure.errorCode());
        assertTrue(failure.isTransient());
        assertTrue(failure.getMessage().contains("id 42"), failure.getMessage());
        assertTrue(failure.getMessage().contains("3 attempts"), failure.getMessage());
    }

    @Test
    void clientErrorsAreNotRetried() {
        failuresBeforeSuccess = Integer.MAX_VALUE;
        failureStatus = 422;

        SchemaRegistryException failure = assertThrows(SchemaRegistryException.class,
                () -> client(serverUrl(), 3).getById(42));

        assertEquals(1, requests.get());
        assertEquals(422, failure.httpStatus());
        assertFalse(failure.isTransient());
    }

    @Test
    void unreachableUrlFailsOverToNext() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }

        Schema schema = client("http://127.0.0.1:" + closedPort + "," + serverUrl(), 0).getById(7);

        assertEquals(Schema.create(Schema.Type.STRING), schema);
        assertEquals(1, requests.get());
    }

    @Test
    void basicAuthHeaderIsSentAndNeverShown() {
        failuresBeforeSuccess = Integer.MAX_VALUE;
        failureStatus = 401;
        SchemaRegistryClient client = SchemaRegistryClient.fromConfig(Map.of(
                "schema.registry.url", serverUrl(),
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "twin:s3cret-value"));

        SchemaRegistryException failure = assertThrows(SchemaRegistryException.class, () -> client.getById(1));

        String expected = "Basic " + Base64.getEncoder().encodeToString("twin:s3cret-value".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(expected), authorizationHeaders);
        assertFalse(failure.getMessage().contains("s3cret-value"), failure.getMessage());
        assertTrue(failure.getMessage().contains("basic.auth.user.info"), failure.getMessage());
        assertFalse(client.config().toString().contains("s3cret-value"));
    }

    @Test
    void noAuthHeaderWithoutUserInfo() {
        client(serverUrl(), 0).getById(1);

        assertEquals(List.of(""), authorizationHeaders);
    }

    @Test
    void credentialsInUrlAreRejected() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> SchemaRegistryClientConfig.of("http://twin:s3cret-value@127.0.0.1:1"));

        assertFalse(failure.getMessage().contains("s3cret-value"), failure.getMessage());
        assertTrue(failure.getMessage().contains("basic.auth.user.info"), failure.getMessage());
    }

    @Test
    void unsupportedCredentialsSourceIsRejected() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> SchemaRegistryClientConfig.fromMap(Map.of("schema.registry.url", serverUrl(),
                        "basic.auth.credentials.source", "SASL_INHERIT")));

        assertTrue(failure.getMessage().contains("SASL_INHERIT"), failure.getMessage());
    }
}

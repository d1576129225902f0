package io.pipetwin.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pipetwin.streams.app.TwinApplication;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The twin's HTTP server on the JDK's {@link HttpServer}: health, platform state and forecasts, Server-Sent
 * Events, Prometheus metrics and the dashboard.
 *
 * <p>Usage: {@link #bind} first, so the actual port is known; pass {@link #applicationServer()} as the
 * twin's {@code application.server}; create the twin; then {@link #start} with it.
 */
public final class TwinHttpServer implements AutoCloseable {

    /** Upper bound of concurrent requests, open event streams included. */
    public static final int MAX_THREADS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(TwinHttpServer.class);
    private static final String DASHBOARD_RESOURCES = "dashboard/";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "map", "application/json");

    private final HttpServer server;
    private final HostInfo self;
    private final ExecutorService executor;
    private PlatformApi api;

    private TwinHttpServer(HttpServer server, HostInfo self, ExecutorService executor) {
        this.server = server;
        this.self = self;
        this.executor = executor;
    }

    /** Binds the port; throws {@link PortInUseException} naming the port when another process has bound it. */
    public static TwinHttpServer bind(HttpSettings settings) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        } catch (BindException e) {
            throw new PortInUseException(settings.host(), settings.port(), e);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP server could not bind " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage() + "; check --http-host names a local interface", e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, MAX_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "pipetwin-http-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        HostInfo self = new HostInfo(settings.host(), server.getAddress().getPort());
        return new TwinHttpServer(server, self, executor);
    }

    /** Returns {@code host:port} as bound, the value of the twin's {@code application.server}. */
    public String applicationServer() {
        return self.host() + ":" + self.port();
    }

    public int port() {
        return self.port();
    }

    /** Returns the dashboard URL, for example {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return URI.create("http://" + applicationServer() + "/");
    }

    /** Registers the endpoints and starts serving; returns at once. */
    public void start(TwinApplication twin, ForecastCache cache, MicrometerTwinMetrics metrics) {
        KafkaStreams streams = twin.streams();
        api = new PlatformApi(streams, self, cache);
        server.createContext("/health", exchange -> health(exchange, streams));
        server.createContext("/metrics", exchange -> metrics(exchange, metrics));
        server.createContext("/api/platforms", api);
        server.createContext("/", this::dashboard);
        server.start();
        LOG.info("HTTP server listening on {} (dashboard {}, metrics {}metrics)", applicationServer(), url(), url());
    }

    private static void health(HttpExchange exchange, KafkaStreams streams) throws IOException {
        try (exchange) {
            KafkaStreams.State state = streams.state();
            boolean up = state == KafkaStreams.State.RUNNING;
            Exchanges.sendJson(exchange, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN", "streamsState", state.name()));
        }
    }

    private static void metrics(HttpExchange exchange, MicrometerTwinMetrics metrics) throws IOException {
        try (exchange) {
            Exchanges.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void dashboard(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String name = path.equals("/") ? "index.html" : path.substring(1);
            if (name.contains("..") || name.startsWith("/")) {
                Exchanges.sendError(exchange, 400, "path " + path + " is invalid");
                return;
            }
            try (InputStream in = TwinHttpServer.class.getClassLoader().getResourceAsStream(DASHBOARD_RESOURCES + name)) {
                if (in == null) {
                    Exchanges.sendError(exchange, 404, path.equals("/")
                            ? "the dashboard is not in this build; build the http module without -Ddashboard.skip=true"
                            : "no resource " + path);
                    return;
                }
                String extension = name.substring(name.lastIndexOf('.') + 1);
                Exchanges.send(exchange, 200, CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"),
                        in.readAllBytes());
            }
        }
    }

    /** Stops accepting requests, ends open event streams and waits up to one second for running requests. */
    @Override
    public void close() {
        LOG.info("Stopping HTTP server on {}", applicationServer());
        if (api != null) {
            api.close();
        }
        server.stop(1);
        executor.shutdownNow();
        LOG.info("HTTP server on {} stopped", applicationServer());
    }
}

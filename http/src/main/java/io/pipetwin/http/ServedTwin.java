package io.pipetwin.http;

import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.app.TwinConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A twin with its HTTP server, forecast cache and metrics, started and stopped together. The twin's
 * {@code application.server} is set to the server's bound address, so instances with the same
 * application id forward state queries to each other.
 */
public final class ServedTwin implements AutoCloseable {

    private final TwinHttpServer server;
    private final TwinApplication twin;
    private final ForecastCache cache;
    private final MicrometerTwinMetrics metrics;

    private ServedTwin(TwinHttpServer server, TwinApplication twin, ForecastCache cache, MicrometerTwinMetrics metrics) {
        this.server = server;
        this.twin = twin;
        this.cache = cache;
        this.metrics = metrics;
    }

    /**
     * Binds the HTTP port, then creates and starts the twin, the forecast cache and the server. Returns
     * once the server listens, and the twin reaches RUNNING later. When the port is taken it throws
     * {@link PortInUseException} before anything else starts.
     */
    public static ServedTwin start(TwinConfig config, HttpSettings settings) {
        return start(config, TwinHttpServer.bind(settings));
    }

    /**
     * Starts the twin, the forecast cache and an already bound server, for callers that bind the port
     * before starting anything slow. The returned instance owns the server; on failure the server is closed.
     */
    public static ServedTwin start(TwinConfig config, TwinHttpServer server) {
        MicrometerTwinMetrics metrics = new MicrometerTwinMetrics();
        TwinApplication twin = null;
        ForecastCache cache = null;
        try {
            Map<String, String> clientProperties = new HashMap<>(config.clientProperties());
            clientProperties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server.applicationServer());
            twin = TwinApplication.create(config.withClientProperties(clientProperties), metrics);
            metrics.bindTwin(twin);

            cache = new ForecastCache(config.bootstrapServers(), SchemaRegistryClient.fromConfig(config.serdeConfig()),
                    config.clientProperties(), ForecastCache.DEFAULT_HISTORY_PER_PLATFORM);
            metrics.bindForecastCache(cache);
            cache.start();
            twin.start();
            server.start(twin, cache, metrics);
            return new ServedTwin(server, twin, cache, metrics);
        } catch (RuntimeException e) {
            server.close();
            if (cache != null) {
                cache.close();
            }
            if (twin != null) {
                twin.close();
            }
            metrics.close();
            throw e;
        }
    }

    public TwinApplication twin() {
        return twin;
    }

    public TwinHttpServer server() {
        return server;
    }

    public ForecastCache cache() {
        return cache;
    }

    public MicrometerTwinMetrics metrics() {
        return metrics;
    }

    /** Returns the dashboard URL. */
    public URI url() {
        return server.url();
    }

    /** Stops the server, the cache and the twin, in that order. */
    @Override
    public void close() {
        server.close();
        cache.close();
        twin.close();
        metrics.close();
    }
}

package io.pipetwin.streams.app;

import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.schemas.config.KafkaClientProperties;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorLimits;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Configuration of one twin instance.
 *
 * @param bootstrapServers  Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param schemaRegistryUrl base URL of a Confluent-compatible schema registry
 * @param applicationId     Kafka Streams application id: the consumer group, and the prefix of the changelog
 *                          topics; instances with the same id share the platforms
 * @param stateDir          directory of the local RocksDB state stores
 * @param streamThreads     stream threads in this instance
 * @param forecast          cadence, horizon and replications of the forecasts
 * @param limits            bounds of the per-platform state
 * @param clientProperties  extra Kafka client properties (for example {@code security.protocol},
 *                          {@code sasl.jaas.config}); they override the values this record sets
 * @param profile           workload profile whose hour-of-week arrival rates are the prior of each platform's
 *                          online workload model, or null to start each model from the observed events alone
 */
public record TwinConfig(String bootstrapServers, String schemaRegistryUrl, String applicationId, Path stateDir,
                         int streamThreads, ForecastSettings forecast, MirrorLimits limits,
                         Map<String, String> clientProperties, WorkloadProfile profile) {

    /** Producer transaction timeout of the twin, in milliseconds; the broker's maximum is 15 minutes by default. */
    public static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

    /** Default application id. */
    public static final String DEFAULT_APPLICATION_ID = "pipetwin-twin";
    /** Default state directory, relative to the working directory. */
    public static final Path DEFAULT_STATE_DIR = Path.of(".pipetwin", "state");
    /** Schema registry URL key in serde configurations. */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

    public TwinConfig {
        requireText("bootstrap servers", bootstrapServers, "pass the Kafka bootstrap servers, for example 127.0.0.1:9092");
        requireText("schema registry URL", schemaRegistryUrl, "pass the registry URL, for example http://127.0.0.1:8081");
        requireText("application id", applicationId, "pass a non-empty application id, for example " + DEFAULT_APPLICATION_ID);
        Objects.requireNonNull(stateDir, "state dir is missing; pass a directory for the state stores");
        if (streamThreads < 1) {
            throw new IllegalArgumentException("stream threads " + streamThreads + " is invalid; use 1 or more");
        }
        Objects.requireNonNull(forecast, "forecast settings are missing; use ForecastSettings.defaults()");
        Objects.requireNonNull(limits, "mirror limits are missing; use MirrorLimits.defaults()");
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Returns a configuration with the defaults for everything but the two addresses. */
    public static TwinConfig of(String bootstrapServers, String schemaRegistryUrl) {
        return new TwinConfig(bootstrapServers, schemaRegistryUrl, DEFAULT_APPLICATION_ID, DEFAULT_STATE_DIR, 1,
                ForecastSettings.defaults(), MirrorLimits.defaults(), Map.of(), null);
    }

    public TwinConfig withApplicationId(String newApplicationId) {
        return new TwinConfig(bootstrapServers, schemaRegistryUrl, newApplicationId, stateDir, streamThreads, forecast,
                limits, clientProperties, profile);
    }

    public TwinConfig withStateDir(Path newStateDir) {
        return new TwinConfig(bootstrapServers, schemaRegistryUrl, applicationId, newStateDir, streamThreads, forecast,
                limits, clientProperties, profile);
    }

    public TwinConfig withForecast(ForecastSettings newForecast) {
        return new TwinConfig(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, streamThreads, newForecast,
                limits, clientProperties, profile);
    }

    public TwinConfig withLimits(MirrorLimits newLimits) {
        return new TwinConfig(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, streamThreads, forecast,
                newLimits, clientProperties, profile);
    }

    public TwinConfig withClientProperties(Map<String, String> newClientProperties) {
        return new TwinConfig(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, streamThreads, forecast,
                limits, newClientProperties, profile);
    }

    /** Returns the configuration with {@code newProfile} (or null for none) as the workload model prior. */
    public TwinConfig withProfile(WorkloadProfile newProfile) {
        return new TwinConfig(bootstrapServers, schemaRegistryUrl, applicationId, stateDir, streamThreads, forecast,
                limits, clientProperties, newProfile);
    }

    /**
     * Returns the Kafka Streams properties: exactly-once v2 and the state directory. The topology reads
     * raw bytes and decodes values in its processor, which dead-letters undecodable records, so the
     * deserialization exception handler only sees failures of the byte-array deserializers, which do not fail.
     */
    public Properties toStreamsProperties() {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // Forecasts run on the stream thread inside the open transaction. A backfill forecast over a queue of
        // thousands of tasks takes seconds, so a poll batch with several of them can outlast the 10 s that
        // Kafka Streams sets under exactly-once. The broker then aborts the transaction and fences the
        // producer. Client properties given by the user still override this value.
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                DEFAULT_TRANSACTION_TIMEOUT_MS);
        properties.putAll(clientProperties);
        return properties;
    }

    /** Returns the configuration of the Avro serdes: the registry URL and the client properties. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new java.util.HashMap<>(clientProperties);
        config.put(SCHEMA_REGISTRY_URL_CONFIG, schemaRegistryUrl);
        return config;
    }

    /** Returns the client properties with secret values masked, for logs. */
    public Map<String, String> redactedClientProperties() {
        return KafkaClientProperties.of(clientProperties).redacted();
    }

    /** Describes the configuration with secret client properties masked, so it can be logged. */
    @Override
    public String toString() {
        return "TwinConfig[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", applicationId=" + applicationId + ", stateDir=" + stateDir + ", streamThreads=" + streamThreads
                + ", forecast=" + forecast + ", limits=" + limits + ", clientProperties=" + redactedClientProperties()
                + ", profile=" + (profile == null ? "none" : profile.name()) + "]";
    }

    private static void requireText(String name, String value, String fix) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing; " + fix);
        }
    }
}

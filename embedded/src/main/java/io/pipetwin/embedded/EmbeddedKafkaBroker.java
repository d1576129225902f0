package io.pipetwin.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (one process acting as broker and controller),
 * started in this JVM on two ephemeral loopback ports.
 *
 * <p>The log directory is a fresh temporary directory by default and is deleted on {@link #close()}.
 * A directory given to {@link Builder#logDir(Path)} is kept; when it already contains
 * {@code meta.properties} from an earlier run, the broker starts on it without formatting, so
 * topics and records survive a restart.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
 *     broker.createTopics("pipetwin.platform-events");
 *     String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final Map<String, String> extraProperties;
    private final Duration readinessTimeout;
    private final boolean tlsEnabled;

    private KafkaRaftServer server;
    private Path resolvedLogDir;
    private SelfSignedTls tls;
    private String bootstrapServers;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder builder) {
        this.logDir = builder.logDir;
        this.deleteLogDirOnClose = builder.logDir == null;
        this.extraProperties = Map.copyOf(builder.extraProperties);
        this.readinessTimeout = builder.readinessTimeout;
        this.tlsEnabled = builder.tls;
    }

    /** Returns a builder with the defaults: temporary log directory, no extra properties, 60 s readiness timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the log directory when it has no {@code meta.properties} yet, then starts the broker
     * and controller and blocks until both are up.
     *
     * @return this broker, for chaining
     * @throws IllegalStateException when called twice or after {@link #close()}
     * @throws UncheckedIOException when the log directory cannot be created or formatted
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null || closed) {
            throw new IllegalStateException("broker already started or closed; build a new EmbeddedKafkaBroker");
        }
        long startNanos = System.nanoTime();
        Path dir = resolveLogDir();
        int brokerPort = KraftStorage.freeLoopbackPort();
        int controllerPort = KraftStorage.freeLoopbackPort();
        if (tlsEnabled) {
            tls = SelfSignedTls.generate(createTempDirectory("pipetwin-kafka-tls-"));
        }
        Properties props = KraftStorage.brokerProperties(dir, brokerPort, controllerPort, tls, extraProperties);

        String clusterId = KraftStorage.formatIfNeeded(dir);

        KafkaConfig config = KafkaConfig.fromProps(props, false);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        bootstrapServers = KraftStorage.LOOPBACK + ":" + brokerPort;
        LOG.info("Kafka broker started: bootstrap {} ({}), controller port {}, cluster id {}, log dir {}, in {} ms",
                bootstrapServers, tls == null ? "PLAINTEXT" : "SSL", controllerPort, clusterId, dir,
                (System.nanoTime() - startNanos) / 1_000_000);
        return this;
    }

    /** Returns {@code host:port} of the broker listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("broker not started; call start() first");
        }
        return bootstrapServers;
    }

    /**
     * Returns the properties a client needs besides {@code bootstrap.servers}: empty for a PLAINTEXT
     * listener, {@code security.protocol=SSL} and the truststore when the broker was built with TLS.
     * The map contains the truststore password, so log it only through a redacting view.
     */
    public Map<String, String> clientProperties() {
        return tls == null ? Map.of() : tls.clientProperties();
    }

    /** Returns the generated TLS material, or {@code null} when the listener is PLAINTEXT or not started. */
    public SelfSignedTls tls() {
        return tls;
    }

    /** Returns the log directory; for a temporary directory it exists only while the broker runs. */
    public Path logDir() {
        return resolvedLogDir;
    }

    /**
     * Creates topics with one partition each and replication factor 1, then waits until every
     * partition responds to a latest-offset query.
     *
     * @see #createTopics(Collection)
     */
    public void createTopics(String... names) {
        createTopics(TopicReadiness.singlePartitionTopics(names));
    }

    /**
     * Creates the given topics, accepting those that already exist, then waits until every partition
     * of every named topic responds to {@code Admin.listOffsets(latest)}. Producing before that response can
     * lose the first batch on Kafka 4.4.0 even with idempotence and {@code acks=all}.
     *
     * @throws IllegalStateException when creation fails or the partitions are not ready within the
     *         readiness timeout
     */
    public void createTopics(Collection<NewTopic> topics) {
        TopicReadiness.createTopics(adminConfig(), topics, readinessTimeout);
    }

    /** Stops the broker and, for a temporary log directory, deletes it. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            long stopNanos = System.nanoTime();
            server.shutdown();
            server.awaitShutdown();
            LOG.info("Kafka broker stopped: bootstrap {}, in {} ms", bootstrapServers,
                    (System.nanoTime() - stopNanos) / 1_000_000);
        }
        if (deleteLogDirOnClose && resolvedLogDir != null) {
            KraftStorage.deleteRecursively(resolvedLogDir);
            LOG.info("Deleted temporary Kafka log dir {}", resolvedLogDir);
        }
        if (tls != null) {
            KraftStorage.deleteRecursively(tls.directory());
        }
    }

    private Path resolveLogDir() {
        try {
            if (logDir == null) {
                resolvedLogDir = createTempDirectory("pipetwin-kafka-");
            } else {
                Files.createDirectories(logDir);
                resolvedLogDir = logDir.toAbsolutePath();
            }
            return resolvedLogDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log dir " + logDir
                    + "; pass a writable directory to EmbeddedKafkaBroker.builder().logDir(...)", e);
        }
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "pipetwin-embedded-admin");
        return config;
    }

    private static Path createTempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory with prefix " + prefix
                    + "; check java.io.tmpdir", e);
        }
    }

    /** Options of an {@link EmbeddedKafkaBroker}. */
    public static final class Builder {

        private Path logDir;
        private final Map<String, String> extraProperties = new HashMap<>();
        private Duration readinessTimeout = Duration.ofSeconds(60);
        private boolean tls;

        private Builder() {
        }

        /**
         * Sets whether the client listener speaks SSL with a certificate generated at start for
         * {@code localhost} and {@code 127.0.0.1}; default false. Clients then need
         * {@link EmbeddedKafkaBroker#clientProperties()}.
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Sets a log directory that is kept after {@link #close()}. An empty or missing directory is
         * formatted; a directory with {@code meta.properties} is reused as it is.
         */
        public Builder logDir(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir, "logDir");
            return this;
        }

        /** Adds a broker property; it overrides the embedded defaults, listeners and ports included. */
        public Builder brokerProperty(String key, String value) {
            extraProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds broker properties; they override the embedded defaults. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /** Sets how long {@link EmbeddedKafkaBroker#createTopics} waits for new partitions to respond. */
        public Builder readinessTimeout(Duration readinessTimeout) {
            if (readinessTimeout.isNegative() || readinessTimeout.isZero()) {
                throw new IllegalArgumentException("readinessTimeout must be positive, got " + readinessTimeout);
            }
            this.readinessTimeout = readinessTimeout;
            return this;
        }

        /** Returns a broker that is not started yet; call {@link EmbeddedKafkaBroker#start()}. */
        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }
    }
}

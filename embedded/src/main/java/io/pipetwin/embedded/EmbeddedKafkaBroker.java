package io.pipetwin.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
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

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "BROKER";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration READINESS_INITIAL_BACKOFF = Duration.ofMillis(50);
    private static final Duration READINESS_MAX_BACKOFF = Duration.ofSeconds(1);

    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final Map<String, String> extraProperties;
    private final Duration readinessTimeout;

    private KafkaRaftServer server;
    private Path resolvedLogDir;
    private String bootstrapServers;
    private boolean closed;

    private EmbeddedKafkaBroker(Builder builder) {
        this.logDir = builder.logDir;
        this.deleteLogDirOnClose = builder.logDir == null;
        this.extraProperties = Map.copyOf(builder.extraProperties);
        this.readinessTimeout = builder.readinessTimeout;
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
        int brokerPort = freeLoopbackPort();
        int controllerPort = freeLoopbackPort();
        Properties props = brokerProperties(dir, brokerPort, controllerPort);

        String clusterId = formatIfNeeded(dir);

        KafkaConfig config = KafkaConfig.fromProps(props, false);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        bootstrapServers = LOOPBACK + ":" + brokerPort;
        LOG.info("Kafka broker started: bootstrap {}, controller port {}, cluster id {}, log dir {}, in {} ms",
                bootstrapServers, controllerPort, clusterId, dir, (System.nanoTime() - startNanos) / 1_000_000);
        return this;
    }

    /** Returns {@code host:port} of the broker listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("broker not started; call start() first");
        }
        return bootstrapServers;
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
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, 1, (short) 1));
        }
        createTopics(topics);
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
        try (Admin admin = Admin.create(adminConfig())) {
            for (Map.Entry<String, KafkaFuture<Void>> entry
                    : admin.createTopics(topics).values().entrySet()) {
                createOrAcceptExisting(entry.getKey(), entry.getValue());
            }
            List<String> names = topics.stream().map(NewTopic::name).toList();
            awaitPartitionsReady(admin, names);
        }
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
            deleteRecursively(resolvedLogDir);
            LOG.info("Deleted temporary Kafka log dir {}", resolvedLogDir);
        }
    }

    private Path resolveLogDir() {
        try {
            if (logDir == null) {
                resolvedLogDir = Files.createTempDirectory("pipetwin-kafka-");
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

    private Properties brokerProperties(Path dir, int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        props.put("listeners", BROKER_LISTENER + "://" + LOOPBACK + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + LOOPBACK + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + LOOPBACK + ":" + brokerPort);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("log.dirs", dir.toString());
        props.put("metadata.log.dir", dir.toString());
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.putAll(extraProperties);
        return props;
    }

    /** Formats {@code dir} unless it contains {@code meta.properties}, and returns the cluster id in use. */
    private String formatIfNeeded(Path dir) {
        Path metaProperties = dir.resolve("meta.properties");
        if (Files.exists(metaProperties)) {
            String clusterId = readClusterId(metaProperties);
            LOG.info("Reusing formatted Kafka log dir {} with cluster id {}", dir, clusterId);
            return clusterId;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(formatterOutput, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(out)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(clusterId)
                    .setNodeId(NODE_ID)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir.toString())
                    .setDirectories(List.of(dir.toString()))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("formatting Kafka log dir " + dir + " failed: "
                    + e.getMessage() + "; delete the directory or pass an empty one", e));
        }
        LOG.debug("Kafka storage formatter output: {}", formatterOutput.toString(StandardCharsets.UTF_8).trim());
        LOG.info("Formatted Kafka log dir {} with cluster id {}", dir, clusterId);
        return clusterId;
    }

    private static String readClusterId(Path metaProperties) {
        Properties meta = new Properties();
        try (var in = Files.newInputStream(metaProperties)) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metaProperties, e);
        }
        return meta.getProperty("cluster.id", "<missing>");
    }

    private static void createOrAcceptExisting(String topic, KafkaFuture<Void> future) {
        try {
            future.get();
            LOG.info("Created topic {}", topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                LOG.debug("Topic {} already exists", topic);
                return;
            }
            throw new IllegalStateException("creating topic " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    /**
     * Queries the latest offset of every partition of {@code topics} until all respond, backing off
     * exponentially on retriable errors up to the readiness timeout.
     */
    private void awaitPartitionsReady(Admin admin, List<String> topics) {
        long deadlineNanos = System.nanoTime() + readinessTimeout.toNanos();
        Duration backoff = READINESS_INITIAL_BACKOFF;
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                descriptions.values().forEach(description -> description.partitions().forEach(
                        partition -> request.put(new TopicPartition(description.name(), partition.partition()),
                                OffsetSpec.latest())));
                admin.listOffsets(request).all().get();
                LOG.info("Topics {} ready: {} partitions responded to latest-offset queries after {} attempt(s)",
                        topics, request.size(), attempt);
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof RetriableException)) {
                    throw new IllegalStateException("topics " + topics + " not ready: " + cause, cause);
                }
                if (System.nanoTime() + backoff.toNanos() > deadlineNanos) {
                    throw new IllegalStateException("topics " + topics + " not ready after " + readinessTimeout
                            + " (" + attempt + " attempts, last error " + cause + "); raise readinessTimeout", cause);
                }
                LOG.info("Topics {} not ready yet (attempt {}: {}); retrying in {} ms",
                        topics, attempt, cause.toString(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(READINESS_MAX_BACKOFF) > 0) {
                    backoff = READINESS_MAX_BACKOFF;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics " + topics, e);
            }
        }
    }

    private Map<String, Object> adminConfig() {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "pipetwin-embedded-admin");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topics", e);
        }
    }

    private static int freeLoopbackPort() {
        // The port is free when this socket closes; the broker binds it a moment later, so another
        // process could take it in between. On a loopback-only test machine that race is rare.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete temporary Kafka log dir {}: {}", root, e.toString());
        }
    }

    /** Options of an {@link EmbeddedKafkaBroker}. */
    public static final class Builder {

        private Path logDir;
        private final Map<String, String> extraProperties = new HashMap<>();
        private Duration readinessTimeout = Duration.ofSeconds(60);

        private Builder() {
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

package io.pipetwin.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker running {@code kafka.Kafka} in a child {@code java} process on
 * this JVM's class path, so tests can stop it gracefully, kill it with SIGKILL and restart it while
 * clients keep running.
 *
 * <p>The ports are chosen on the first {@link #start()} (free loopback ports unless given) and kept for
 * every restart, so clients reconnect to the same {@link #bootstrapServers()}. Layout of the log directory:
 * {@code data/} (Kafka's {@code log.dirs}, formatted once with the storage {@code Formatter} API),
 * {@code server.properties} (owner-readable only, it may hold keystore passwords), {@code broker.log}
 * (the child's stdout and stderr, appended across restarts) and {@code tls/} when TLS is on.
 *
 * <pre>{@code
 * try (ChildProcessKafkaBroker broker = ChildProcessKafkaBroker.builder().logDir(dir).build().start()) {
 *     broker.createTopics("events");
 *     broker.kill();      // SIGKILL
 *     broker.start();     // same ports, same data
 * }
 * }</pre>
 */
public final class ChildProcessKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessKafkaBroker.class);

    private static final Duration READY_POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration READY_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final int LOG_TAIL_LINES = 30;

    private final Path configuredLogDir;
    private final boolean deleteLogDirOnClose;
    private final Map<String, String> extraProperties;
    private final Duration readinessTimeout;
    private final Duration stopTimeout;
    private final boolean tlsEnabled;
    private final int maxHeapMib;
    private int brokerPort;
    private int controllerPort;

    private Path logDir;
    private SelfSignedTls tls;
    private Process process;
    private Thread exitGuard;
    private int startCount;
    private boolean closed;

    private ChildProcessKafkaBroker(Builder builder) {
        this.configuredLogDir = builder.logDir;
        this.deleteLogDirOnClose = builder.logDir == null;
        this.extraProperties = Map.copyOf(builder.extraProperties);
        this.readinessTimeout = builder.readinessTimeout;
        this.stopTimeout = builder.stopTimeout;
        this.tlsEnabled = builder.tls;
        this.maxHeapMib = builder.maxHeapMib;
        this.brokerPort = builder.brokerPort;
        this.controllerPort = builder.controllerPort;
    }

    /**
     * Returns a builder with the defaults: temporary log directory, free ports, PLAINTEXT, 512 MiB heap,
     * 60 s readiness timeout and 30 s graceful stop timeout.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the child process, or starts it again after {@link #stop()} or {@link #kill()}, on the same
     * ports and log directory, and blocks until the broker answers a describe-cluster request.
     *
     * @return this broker, for chaining
     * @throws IllegalStateException when it is running or closed, the child exits during start-up, or it
     *         is not ready within the readiness timeout; the message contains the tail of {@code broker.log}
     */
    public synchronized ChildProcessKafkaBroker start() {
        if (closed) {
            throw new IllegalStateException("broker closed; build a new ChildProcessKafkaBroker");
        }
        if (isRunning()) {
            throw new IllegalStateException("broker already running as pid " + process.pid() + "; stop it first");
        }
        long startNanos = System.nanoTime();
        if (startCount == 0) {
            prepareFirstStart();
        }
        startCount++;
        process = launch();
        exitGuard = new Thread(this::destroyOnExit, "pipetwin-kafka-child-guard");
        Runtime.getRuntime().addShutdownHook(exitGuard);

        awaitReady();
        LOG.info("Kafka broker child process started (start {}): pid {}, bootstrap {} ({}), controller port {},"
                        + " log dir {}, in {} ms", startCount, process.pid(), bootstrapServers(),
                tls == null ? "PLAINTEXT" : "SSL", controllerPort, logDir, (System.nanoTime() - startNanos) / 1_000_000);
        return this;
    }

    /**
     * Stops the broker gracefully: sends SIGTERM, which runs Kafka's controlled shutdown, and waits up to the
     * stop timeout before killing it. Does nothing when it is not running.
     */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        long stopNanos = System.nanoTime();
        long pid = process.pid();
        LOG.info("Stopping Kafka broker child process {} (SIGTERM)", pid);
        process.destroy();
        boolean exited = waitForExit(stopTimeout);
        if (!exited) {
            LOG.warn("Kafka broker child process {} did not stop within {}; killing it", pid, stopTimeout);
            process.destroyForcibly();
            waitForExit(stopTimeout);
        }
        releaseExitGuard();
        LOG.info("Kafka broker child process {} stopped with exit code {} in {} ms", pid, process.exitValue(),
                (System.nanoTime() - stopNanos) / 1_000_000);
    }

    /** Kills the broker with SIGKILL, as a crash would, and waits for the process to end. */
    public synchronized void kill() {
        if (!isRunning()) {
            return;
        }
        long pid = process.pid();
        process.destroyForcibly();
        waitForExit(stopTimeout);
        releaseExitGuard();
        LOG.info("Kafka broker child process {} killed (SIGKILL), exit code {}", pid, process.exitValue());
    }

    /** Stops the broker gracefully and starts it again on the same ports and log directory. */
    public synchronized ChildProcessKafkaBroker restart() {
        stop();
        return start();
    }

    /** Returns whether the child process is alive. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Returns the process id of the running child. */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("broker not running; call start() first");
        }
        return process.pid();
    }

    /** Returns {@code 127.0.0.1:<broker port>}; the same for every restart. */
    public synchronized String bootstrapServers() {
        if (startCount == 0) {
            throw new IllegalStateException("broker not started; call start() first");
        }
        return KraftStorage.LOOPBACK + ":" + brokerPort;
    }

    /**
     * Returns the properties a client needs besides {@code bootstrap.servers}: empty for PLAINTEXT,
     * {@code security.protocol=SSL} and the truststore with TLS. The map contains the truststore password.
     */
    public synchronized Map<String, String> clientProperties() {
        return tls == null ? Map.of() : tls.clientProperties();
    }

    /** Returns the generated TLS material, or {@code null} when TLS is off or the broker never started. */
    public synchronized SelfSignedTls tls() {
        return tls;
    }

    /** Returns the log directory (see the class description for its layout), or {@code null} before the first start. */
    public synchronized Path logDir() {
        return logDir;
    }

    /** Returns the file that receives the child's stdout and stderr. */
    public synchronized Path brokerLogFile() {
        return logDir == null ? null : logDir.resolve("broker.log");
    }

    /**
     * Creates topics with one partition each and replication factor 1, then waits until every partition
     * responds to a latest-offset query.
     */
    public void createTopics(String... names) {
        createTopics(TopicReadiness.singlePartitionTopics(names));
    }

    /**
     * Creates the given topics, accepting those that already exist, then waits until every partition responds
     * to {@code Admin.listOffsets(latest)}, because producing earlier can lose the first batch on Kafka 4.4.0.
     */
    public void createTopics(Collection<NewTopic> topics) {
        TopicReadiness.createTopics(adminConfig(), topics, readinessTimeout);
    }

    /**
     * Stops the broker gracefully and, for a temporary log directory, deletes it. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        if (deleteLogDirOnClose && logDir != null) {
            KraftStorage.deleteRecursively(logDir);
            LOG.info("Deleted temporary Kafka log dir {}", logDir);
        }
    }

    private void prepareFirstStart() {
        try {
            logDir = configuredLogDir == null
                    ? Files.createTempDirectory("pipetwin-kafka-child-")
                    : Files.createDirectories(configuredLogDir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log dir " + configuredLogDir
                    + "; pass a writable directory to ChildProcessKafkaBroker.builder().logDir(...)", e);
        }
        if (brokerPort == 0) {
            brokerPort = KraftStorage.freeLoopbackPort();
        }
        if (controllerPort == 0) {
            controllerPort = KraftStorage.freeLoopbackPort();
        }
        if (tlsEnabled) {
            tls = SelfSignedTls.generate(logDir.resolve("tls"));
        }
        Path dataDir = logDir.resolve("data");
        Properties props = KraftStorage.brokerProperties(dataDir, brokerPort, controllerPort, tls, extraProperties);
        writeServerProperties(props);
        writeLoggingConfig();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data dir " + dataDir, e);
        }
        KraftStorage.formatIfNeeded(dataDir);
    }

    private Process launch() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Xmx" + maxHeapMib + "m",
                "-Dlogback.configurationFile=" + logDir.resolve("logback-broker.xml"),
                "-cp", System.getProperty("java.class.path"),
                "kafka.Kafka", logDir.resolve("server.properties").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(brokerLogFile().toFile()));
        appendToBrokerLog("---- start " + (startCount) + " ----");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + java + " for the Kafka broker child process", e);
        }
    }

    /** Polls describe-cluster until it names a node; fails fast when the child exits. */
    private void awaitReady() {
        long deadlineNanos = System.nanoTime() + readinessTimeout.toNanos();
        Map<String, Object> config = adminConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) READY_REQUEST_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_REQUEST_TIMEOUT.toMillis());
        int attempt = 0;
        try (Admin admin = Admin.create(config)) {
            while (true) {
                attempt++;
                if (!process.isAlive()) {
                    releaseExitGuard();
                    throw new IllegalStateException("Kafka broker child process exited with code " + process.exitValue()
                            + " during start-up; last lines of " + brokerLogFile() + ":\n" + logTail());
                }
                try {
                    int nodes = admin.describeCluster().nodes().get(READY_REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .size();
                    if (nodes > 0) {
                        LOG.debug("Kafka broker child process {} ready after {} attempt(s)", process.pid(), attempt);
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Kafka broker child process {} not ready (attempt {}): {}", process.pid(), attempt,
                            e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker child process", e);
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("Kafka broker child process " + process.pid() + " not ready after "
                            + readinessTimeout + " (" + attempt + " attempts); raise readinessTimeout or read "
                            + brokerLogFile() + ":\n" + logTail());
                }
                TopicReadiness.sleep(READY_POLL_INTERVAL);
            }
        }
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka broker child process "
                    + process.pid() + " to exit", e);
        }
    }

    /** Kills the child when this JVM exits without stopping it, so no broker outlives its parent. */
    private void destroyOnExit() {
        Process child = process;
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }

    private void releaseExitGuard() {
        if (exitGuard != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitGuard);
            } catch (IllegalStateException e) {
                // This JVM is already shutting down; the hook runs and finds the child gone.
                LOG.debug("Shutdown in progress; exit guard stays registered");
            }
            exitGuard = null;
        }
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "pipetwin-child-broker-admin");
        return config;
    }

    private void writeServerProperties(Properties props) {
        Path file = logDir.resolve("server.properties");
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "PipeTwin child-process broker; may contain keystore passwords");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes a Logback configuration for the child: INFO to stdout (the broker log), Kafka's request log at WARN. */
    private void writeLoggingConfig() {
        String xml = """
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka.request.logger" level="WARN"/>
                  <logger name="state.change.logger" level="WARN"/>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """;
        try {
            Files.writeString(logDir.resolve("logback-broker.xml"), xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker logging configuration in " + logDir, e);
        }
    }

    private void appendToBrokerLog(String line) {
        try {
            Files.writeString(brokerLogFile(), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("Could not write to {}: {}", brokerLogFile(), e.toString());
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(brokerLogFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "<cannot read " + brokerLogFile() + ": " + e + ">";
        }
    }

    /** Options of a {@link ChildProcessKafkaBroker}. */
    public static final class Builder {

        private Path logDir;
        private final Map<String, String> extraProperties = new HashMap<>();
        private Duration readinessTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private boolean tls;
        private int maxHeapMib = 512;
        private int brokerPort;
        private int controllerPort;

        private Builder() {
        }

        /**
         * Sets a log directory that is kept after {@link ChildProcessKafkaBroker#close()}. A directory
         * whose {@code data/} holds {@code meta.properties} is reused without formatting.
         */
        public Builder logDir(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir, "logDir");
            return this;
        }

        /** Sets fixed loopback ports for the broker and controller listeners; 0 (default) picks free ports. */
        public Builder ports(int brokerPort, int controllerPort) {
            this.brokerPort = checkPort(brokerPort, "brokerPort");
            this.controllerPort = checkPort(controllerPort, "controllerPort");
            return this;
        }

        /** Adds a broker property; it overrides the defaults, listeners and ports included. */
        public Builder brokerProperty(String key, String value) {
            extraProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets whether the client listener speaks SSL with a certificate generated for localhost and 127.0.0.1. */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Sets the child's maximum heap in MiB; default 512. */
        public Builder maxHeapMib(int maxHeapMib) {
            if (maxHeapMib < 128) {
                throw new IllegalArgumentException("maxHeapMib " + maxHeapMib + " is too small; use 128 or more");
            }
            this.maxHeapMib = maxHeapMib;
            return this;
        }

        /** Sets how long start-up and {@code createTopics} wait for the broker; default 60 s. */
        public Builder readinessTimeout(Duration readinessTimeout) {
            this.readinessTimeout = positive(readinessTimeout, "readinessTimeout");
            return this;
        }

        /** Sets how long {@code stop()} waits after SIGTERM before it kills the child; default 30 s. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = positive(stopTimeout, "stopTimeout");
            return this;
        }

        /** Returns a broker that is not started yet; call {@link ChildProcessKafkaBroker#start()}. */
        public ChildProcessKafkaBroker build() {
            return new ChildProcessKafkaBroker(this);
        }

        private static int checkPort(int port, String name) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " " + port + " is invalid; use 0 for a free port or 1-65535");
            }
            return port;
        }

        private static Duration positive(Duration duration, String name) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}

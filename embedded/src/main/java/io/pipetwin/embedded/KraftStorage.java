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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration and storage formatting shared by the in-process and the child-process broker: one KRaft
 * node acting as broker and controller on two loopback ports.
 */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "BROKER";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String LOOPBACK = "127.0.0.1";

    private KraftStorage() {
    }

    /**
     * Returns the broker properties. With {@code tls} the broker listener, which clients and inter-broker
     * requests use, speaks SSL; the controller listener stays PLAINTEXT on loopback in both cases.
     */
    static Properties brokerProperties(Path dir, int brokerPort, int controllerPort, SelfSignedTls tls,
                                       Map<String, String> extraProperties) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        props.put("listeners", BROKER_LISTENER + "://" + LOOPBACK + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + LOOPBACK + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + LOOPBACK + ":" + brokerPort);
        String brokerProtocol = tls == null ? "PLAINTEXT" : "SSL";
        props.put("listener.security.protocol.map",
                BROKER_LISTENER + ":" + brokerProtocol + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
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
        if (tls != null) {
            props.putAll(tls.brokerProperties());
        }
        props.putAll(extraProperties);
        return props;
    }

    /** Formats {@code dir} unless it contains {@code meta.properties}, and returns the cluster id in use. */
    static String formatIfNeeded(Path dir) {
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

    static int freeLoopbackPort() {
        // The port is free when this socket closes; the broker binds it a moment later, so another
        // process could take it in between. On a loopback-only test machine that race is rare.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, e);
        }
    }

    static void deleteRecursively(Path root) {
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
}

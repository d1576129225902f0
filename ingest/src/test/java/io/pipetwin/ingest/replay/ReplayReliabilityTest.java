package io.pipetwin.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.trace.alibaba2023.NodeListReader;
import io.pipetwin.core.trace.alibaba2023.PodListReader;
import io.pipetwin.embedded.ChildProcessKafkaBroker;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClientConfig;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays through a broker in a child JVM that is restarted and killed mid-replay, and kills the replay
 * itself (also a child JVM) several times, resuming it each time. Every check compares the event ids a
 * consumer reads with the ids the trace produces, in order.
 */
class ReplayReliabilityTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayReliabilityTest.class);

    private static final int PODS = 1_500;
    private static final double REPLAY_WALL_SECONDS = 12;
    private static final int REPLAY_KILLS = 3;

    private static ChildProcessKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    static Path brokerDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerAndRegistry() throws IOException {
        broker = ChildProcessKafkaBroker.builder().logDir(brokerDir.resolve("kafka")).build().start();
        registry = new EmbeddedSchemaRegistry().start();
    }

    @AfterAll
    static void stopBrokerAndRegistry() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void idempotentReplaySurvivesBrokerRestarts() throws Exception {
        replayThroughRestarts("restart-idempotent", "restart-idempotent", null);
    }

    @Test
    void transactionalReplaySurvivesBrokerRestarts() throws Exception {
        replayThroughRestarts("restart-transactional", "restart-transactional", dir.resolve("checkpoint.properties"));
    }

    @Test
    void killedReplayResumesExactlyOnce() throws Exception {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir.resolve("trace"), PODS, 31);
        String topic = "replay-killed";
        String platform = "killed";
        broker.createTopics(topic);
        List<String> expected = expectedIds(trace, platform);
        Path checkpoint = dir.resolve("checkpoint.properties");
        double speed = trace.summary().traceEndSeconds() / REPLAY_WALL_SECONDS;
        SplittableRandom random = new SplittableRandom(7);

        int kills = 0;
        int runs = 0;
        List<Long> killedAtCheckpoint = new ArrayList<>();
        while (true) {
            runs++;
            Process child = startChildReplay(trace, topic, platform, checkpoint, speed, runs);
            if (kills < REPLAY_KILLS) {
                long threshold = (long) expected.size() * (kills + 1) / (REPLAY_KILLS + 1);
                awaitCheckpointAtLeast(checkpoint, threshold, child);
                // A random extra delay lands the kill inside a transaction or between commit and checkpoint.
                Thread.sleep(random.nextInt(0, 700));
                int run = runs;
                assertTrue(child.isAlive(), () -> "replay run " + run + " ended before it could be killed; exit "
                        + child.exitValue() + ", see " + childLog(run));
                child.destroyForcibly();
                child.waitFor();
                kills++;
                ReplayCheckpoint written = ReplayCheckpoint.read(checkpoint);
                killedAtCheckpoint.add(written.eventsDelivered());
                LOG.info("Killed replay run {} (SIGKILL); checkpoint had {} of {} events", runs,
                        written.eventsDelivered(), expected.size());
                logResumeLines(runs);
                continue;
            }
            assertTrue(child.waitFor(10, TimeUnit.MINUTES), "final replay run did not end");
            logResumeLines(runs);
            assertEquals(0, child.exitValue(), "final replay run failed; see " + childLog(runs));
            break;
        }

        List<String> committedIds = readIds(topic, "read_committed");
        List<String> allIds = readIds(topic, "read_uncommitted");
        ReplayCheckpoint last = ReplayCheckpoint.read(checkpoint);

        assertEquals(REPLAY_KILLS, kills, "kills");
        assertEquals(expected.size(), committedIds.size(), "committed records");
        assertEquals(expected, committedIds, "committed event ids, in order");
        assertEquals(expected.size(), last.eventsDelivered(), "final checkpoint");
        assertEquals(expected.get(expected.size() - 1), last.lastEventId(), "final checkpoint's last event");
        assertTrue(Files.readString(childLog(runs)).contains("REPLAY-FINISHED"), "final run did not finish");
        LOG.info("{} runs, {} kills at checkpoints {}; {} events committed once each in order; {} records in the log"
                        + " including aborted ones", runs, kills, killedAtCheckpoint, committedIds.size(), allIds.size());
    }

    /**
     * Replays a paced trace in this JVM while the broker is gracefully restarted at a third of the events and
     * killed and started again at two thirds.
     */
    private void replayThroughRestarts(String topic, String platform, Path checkpoint) throws Exception {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir.resolve("trace"), PODS / 2, 17);
        broker.createTopics(topic);
        List<String> expected = expectedIds(trace, platform);
        TraceReplayConfig config = new TraceReplayConfig()
                .bootstrapServers(broker.bootstrapServers())
                .schemaRegistryUrl(registry.url())
                .topic(topic)
                .platformId(platform)
                .podListFile(trace.podList())
                .nodeListFile(trace.nodeList())
                .speed(trace.summary().traceEndSeconds() / REPLAY_WALL_SECONDS)
                .checkpointFile(checkpoint)
                .checkpointEveryEvents(500)
                .progressBar(false);

        CompletableFuture<ReplaySummary> replay = CompletableFuture.supplyAsync(() -> new TraceReplayer(config).run());
        awaitEndOffsetAtLeast(topic, expected.size() / 3, replay);
        broker.restart();
        awaitEndOffsetAtLeast(topic, expected.size() * 2 / 3, replay);
        broker.kill();
        broker.start();
        ReplaySummary summary = replay.get();

        List<String> ids = readIds(topic, "read_committed");
        assertEquals(expected.size(), summary.eventsSent(), "events the replay reports as sent");
        assertEquals(expected.size(), ids.size(), "records read");
        assertEquals(expected, ids, "event ids, in order");
        LOG.info("Replay of {} events ({}) survived a broker restart and a broker kill", ids.size(),
                checkpoint == null ? "idempotent" : "transactional");
    }

    private static List<String> expectedIds(AlibabaGpu2023Trace trace, String platform) {
        List<TraceNode> nodes = new ArrayList<>();
        try (NodeListReader reader = trace.openNodes(RowErrorPolicy.FAIL)) {
            reader.forEachRemaining(nodes::add);
        }
        List<String> ids = new ArrayList<>();
        try (PodListReader pods = trace.openPods(RowErrorPolicy.FAIL)) {
            TraceEventGenerator generator = new TraceEventGenerator(platform, TraceReplayConfig.DEFAULT_START_TIME,
                    TraceReplayConfig.SOURCE, nodes, pods);
            generator.forEachRemaining(event -> ids.add(event.getEventId()));
        }
        return ids;
    }

    private Process startChildReplay(AlibabaGpu2023Trace trace, String topic, String platform, Path checkpoint,
                                     double speed, int run) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ReplayChildMain.class.getName(),
                "bootstrap=" + broker.bootstrapServers(), "registry=" + registry.url(), "topic=" + topic,
                "platform=" + platform, "pods=" + trace.podList(), "nodes=" + trace.nodeList(),
                "checkpoint=" + checkpoint, "speed=" + speed, "every=300");
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(childLog(run).toFile()).start();
    }

    /** Copies the child's resume decision into this log, to show how much came from the topic tail. */
    private void logResumeLines(int run) throws IOException {
        for (String line : Files.readAllLines(childLog(run), StandardCharsets.UTF_8)) {
            if (line.contains("resumes after")) {
                LOG.info("Replay run {}: {}", run, line.substring(line.indexOf("Replay of platform")));
            }
        }
    }

    private Path childLog(int run) {
        return dir.resolve("replay-run-" + run + ".log");
    }

    private static void awaitCheckpointAtLeast(Path checkpoint, long events, Process child) throws Exception {
        while (true) {
            ReplayCheckpoint written = Files.exists(checkpoint) ? ReplayCheckpoint.read(checkpoint) : null;
            if (written != null && written.eventsDelivered() >= events) {
                return;
            }
            if (!child.isAlive()) {
                throw new AssertionError("replay child exited with " + child.exitValue() + " before checkpoint "
                        + events);
            }
            Thread.sleep(20);
        }
    }

    private static void awaitEndOffsetAtLeast(String topic, long records, CompletableFuture<?> replay)
            throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            while (admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get()
                    .offset() < records) {
                if (replay.isDone()) {
                    replay.get();
                    throw new AssertionError("replay finished before " + records + " records reached " + topic);
                }
                Thread.sleep(20);
            }
        }
    }

    private static List<String> readIds(String topic, String isolationLevel) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, PlatformEvent> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                PipeTwinSerdes.platformEvent(Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, registry.url()))
                        .deserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, PlatformEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    String header = new String(record.headers().lastHeader(DeliveredPrefix.EVENT_ID_HEADER).value(),
                            StandardCharsets.UTF_8);
                    assertEquals(record.value().getEventId(), header, "event id header");
                    ids.add(record.value().getEventId());
                }
            }
        }
        return ids;
    }
}

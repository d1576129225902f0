package io.pipetwin.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.TraceEventGenerator.EventType;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClientConfig;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Replays traces through a real embedded broker and checks what a consumer reads back. */
class TraceReplayEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(TraceReplayEndToEndTest.class);

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrokerAndRegistry() throws IOException {
        broker = EmbeddedKafkaBroker.builder().build().start();
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
    void syntheticTraceReplayedCompletely() throws IOException {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir, 300, 11);

        replayAndCheck(trace, "replay-synthetic", "synthetic-platform");
    }

    @Test
    void publishedTraceReplayedCompletely() throws IOException {
        String tracesDir = System.getProperty("pipetwin.traces.dir", "");
        Path directory = Path.of(tracesDir.isEmpty() ? "." : tracesDir, "alibaba_gpu_v2023");
        AlibabaGpu2023Trace trace = AlibabaGpu2023Trace.inDirectory(directory);
        assumeTrue(Files.isReadable(trace.podList()) && Files.isReadable(trace.nodeList()),
                "Alibaba GPU 2023 trace not found in " + directory.toAbsolutePath()
                        + "; set -Dpipetwin.traces.dir to the folder containing alibaba_gpu_v2023/ to run this test");

        replayAndCheck(trace, "replay-alibaba-2023", TraceReplayConfig.DEFAULT_PLATFORM_ID);
    }

    @Test
    void rejectedSendStopsReplay() {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir, 20, 3);
        String topic = "replay-rejected";
        broker.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "120"))));
        TraceReplayConfig config = baseConfig(trace, topic, "rejected");

        ReplayException error = assertThrows(ReplayException.class,
                () -> new TraceReplayer(config).run());

        assertTrue(error.getMessage().startsWith("sending event rejected:"), error.getMessage());
        assertTrue(error.getCause() instanceof RecordTooLargeException, String.valueOf(error.getCause()));
    }

    @Test
    void unreachableBrokerFailsAfterRetries() throws IOException {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir, 5, 3);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        TraceReplayConfig config = baseConfig(trace, "unreachable", "p")
                .bootstrapServers("127.0.0.1:" + closedPort)
                .clientProperties(Map.of("max.block.ms", "300"))
                .connectAttempts(2)
                .connectBackoff(Duration.ofMillis(10));

        ReplayException error = assertThrows(ReplayException.class,
                () -> new TraceReplayer(config).run());

        assertTrue(error.getMessage().contains("after 2 attempt(s)"), error.getMessage());
    }

    @Test
    void pacedReplayTakesTraceSpanOverSpeed() {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir, 40, 5);
        long spanSeconds = trace.summary().traceEndSeconds();
        double speed = spanSeconds / 1.5;
        TraceReplayConfig config = baseConfig(trace, "replay-paced", "paced").speed(speed).maxEvents(1_000_000);
        broker.createTopics("replay-paced");

        ReplaySummary summary = new TraceReplayer(config).run();

        long lastEventSeconds = (summary.lastEventTime().toEpochMilli()
                - TraceReplayConfig.DEFAULT_START_TIME.toEpochMilli()) / 1000;
        double minimumWallSeconds = lastEventSeconds / speed;
        assertTrue(summary.wallTime().toNanos() / 1e9 >= minimumWallSeconds - 0.01,
                "wall time " + summary.wallTime() + " is shorter than " + minimumWallSeconds + " s");
    }

    @Test
    void maxEventsStopsEarly() {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir, 50, 9);
        broker.createTopics("replay-limited");
        TraceReplayConfig config = baseConfig(trace, "replay-limited", "limited").maxEvents(25);

        ReplaySummary summary = new TraceReplayer(config).run();

        assertEquals(25, summary.eventsSent());
        assertTrue(summary.stoppedAtMaxEvents());
        assertEquals(25, consumeAll("replay-limited", 25).size());
    }

    private static TraceReplayConfig baseConfig(AlibabaGpu2023Trace trace, String topic, String platformId) {
        return new TraceReplayConfig()
                .bootstrapServers(broker.bootstrapServers())
                .topic(topic)
                .platformId(platformId)
                .schemaRegistryUrl(registry.url())
                .podListFile(trace.podList())
                .nodeListFile(trace.nodeList())
                .progressBar(false);
    }

    private void replayAndCheck(AlibabaGpu2023Trace trace, String topic, String platformId) throws IOException {
        broker.createTopics(topic);
        Map<EventType, Long> expected = expectedCounts(trace);
        long expectedTotal = expected.values().stream().mapToLong(Long::longValue).sum();
        TraceReplayConfig config = baseConfig(trace, topic, platformId);

        long replayStartMillis = System.currentTimeMillis();
        ReplaySummary summary = new TraceReplayer(config).run();
        LOG.info("{}", summary.format());
        List<PlatformEvent> events = consumeAll(topic, expectedTotal);
        long earliestTimestamp = consumeTimestamps(topic).stream().mapToLong(Long::longValue).min().orElseThrow();

        assertEquals(expectedTotal, summary.eventsSent());
        assertEquals(expected, summary.eventsByType());
        assertEquals(expected, countByType(events));
        assertEquals(expectedTotal, events.size());
        assertTrue(earliestTimestamp >= replayStartMillis,
                "record timestamp " + earliestTimestamp + " is not the produce time (replay began at " + replayStartMillis + ")");
        Set<String> ids = new HashSet<>();
        Instant previous = Instant.MIN;
        for (PlatformEvent event : events) {
            assertEquals(platformId, event.getPlatformId());
            assertEquals(TraceReplayConfig.SOURCE, event.getSource());
            assertTrue(ids.add(event.getEventId()), "duplicate event id " + event.getEventId());
            assertTrue(!event.getEventTime().isBefore(previous),
                    "event " + event.getEventId() + " at " + event.getEventTime() + " is before " + previous);
            previous = event.getEventTime();
        }
    }

    /** Counts the events a trace must produce, from the CSV lines, independently of the readers. */
    private static Map<EventType, Long> expectedCounts(AlibabaGpu2023Trace trace) throws IOException {
        List<String> nodeLines = nonBlank(Files.readAllLines(trace.nodeList()));
        List<String> podLines = nonBlank(Files.readAllLines(trace.podList()));
        List<String> header = List.of(podLines.get(0).split(",", -1));
        int phase = header.indexOf("pod_phase");
        int deletion = header.indexOf("deletion_time");
        int creation = header.indexOf("creation_time");
        int scheduled = header.indexOf("scheduled_time");

        long lastInstant = 0;
        for (String line : podLines.subList(1, podLines.size())) {
            String[] fields = line.split(",", -1);
            for (int column : new int[] {deletion, creation, scheduled}) {
                if (!fields[column].isEmpty()) {
                    lastInstant = Math.max(lastInstant, Long.parseLong(fields[column]));
                }
            }
        }
        long pods = podLines.size() - 1;
        long started = 0;
        long finished = 0;
        long cancelled = 0;
        for (String line : podLines.subList(1, podLines.size())) {
            String[] fields = line.split(",", -1);
            if (fields[scheduled].isEmpty()) {
                if (!fields[deletion].isEmpty()) {
                    cancelled++;
                }
                continue;
            }
            started++;
            boolean stillRunning = fields[phase].equals("Running") && Long.parseLong(fields[deletion]) == lastInstant;
            if (!stillRunning) {
                finished++;
            }
        }
        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        counts.put(EventType.NODE_ADDED, (long) nodeLines.size() - 1);
        counts.put(EventType.PIPELINE_SUBMITTED, pods);
        counts.put(EventType.TASK_QUEUED, pods);
        counts.put(EventType.TASK_STARTED, started);
        counts.put(EventType.TASK_FINISHED, finished);
        counts.put(EventType.TASK_CANCELLED, cancelled);
        return counts;
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank()).toList();
    }

    private static Map<EventType, Long> countByType(List<PlatformEvent> events) {
        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        for (PlatformEvent event : events) {
            Object payload = event.getPayload();
            EventType type = payload instanceof NodeAdded ? EventType.NODE_ADDED
                    : payload instanceof PipelineSubmitted ? EventType.PIPELINE_SUBMITTED
                    : payload instanceof TaskQueued ? EventType.TASK_QUEUED
                    : payload instanceof TaskStarted ? EventType.TASK_STARTED
                    : payload instanceof TaskFinished ? EventType.TASK_FINISHED
                    : payload instanceof TaskCancelled ? EventType.TASK_CANCELLED
                    : null;
            counts.merge(type, 1L, Long::sum);
        }
        return counts;
    }

    private static List<Long> consumeTimestamps(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Long> timestamps = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    assertEquals(0, record.value()[0], "Confluent wire format starts with magic byte 0");
                    timestamps.add(record.timestamp());
                }
            }
        }
        return timestamps;
    }

    /** Reads the topic from the beginning up to its end offsets, in partition order. */
    private static List<PlatformEvent> consumeAll(String topic, long expectedTotal) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<PlatformEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, PlatformEvent> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                PipeTwinSerdes.platformEvent(Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, registry.url()))
                        .deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            assertEquals(expectedTotal, end.values().stream().mapToLong(Long::longValue).sum(), "end offsets");
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, PlatformEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(record.value());
                }
            }
        }
        return events;
    }
}

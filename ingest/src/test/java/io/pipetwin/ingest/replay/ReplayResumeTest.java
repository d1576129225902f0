package io.pipetwin.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.trace.alibaba2023.NodeListReader;
import io.pipetwin.core.trace.alibaba2023.PodListReader;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClientConfig;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resumes transactional replays from stale or missing checkpoints, as a kill between a commit and the
 * checkpoint write leaves them, and rejects checkpoints and topics that do not belong to the replay.
 */
class ReplayResumeTest {

    private static final int PODS = 200;
    private static final long FIRST_RUN_EVENTS = 300;
    private static final long SECOND_RUN_EVENTS = 500;

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
    void staleCheckpointCompletedFromTopicTail() throws IOException {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir.resolve("trace"), PODS, 5);
        broker.createTopics("resume-stale");
        List<String> expected = expectedIds(trace, "stale");
        Path checkpoint = dir.resolve("checkpoint.properties");
        Path staleCopy = dir.resolve("stale-checkpoint.properties");

        run(config(trace, "resume-stale", "stale", checkpoint).maxEvents(FIRST_RUN_EVENTS));
        Files.copy(checkpoint, staleCopy);
        run(config(trace, "resume-stale", "stale", checkpoint).resume(true).maxEvents(SECOND_RUN_EVENTS));
        // The second run's commits stay in the topic, but its checkpoint writes are lost.
        Files.copy(staleCopy, checkpoint, StandardCopyOption.REPLACE_EXISTING);
        ReplaySummary last = run(config(trace, "resume-stale", "stale", checkpoint).resume(true));

        assertEquals(SECOND_RUN_EVENTS, last.eventsResumedAfter(), "events skipped by the last run");
        assertEquals(expected.size() - SECOND_RUN_EVENTS, last.eventsSent(), "events sent by the last run");
        assertEquals(expected, readCommittedIds("resume-stale"));
        assertEquals(expected.size(), ReplayCheckpoint.read(checkpoint).eventsDelivered(), "final checkpoint");
    }

    @Test
    void missingCheckpointScansWholeTopic() {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir.resolve("trace"), PODS, 6);
        broker.createTopics("resume-missing");
        List<String> expected = expectedIds(trace, "missing");
        Path checkpoint = dir.resolve("checkpoint.properties");

        run(config(trace, "resume-missing", "missing", checkpoint).maxEvents(FIRST_RUN_EVENTS));
        assertTrue(checkpoint.toFile().delete(), "checkpoint was not written");
        ReplaySummary last = run(config(trace, "resume-missing", "missing", checkpoint).resume(true));

        assertEquals(FIRST_RUN_EVENTS, last.eventsResumedAfter(), "events skipped by the last run");
        assertEquals(expected, readCommittedIds("resume-missing"));
    }

    @Test
    void completedReplayResumesToNothing() {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir.resolve("trace"), PODS, 9);
        broker.createTopics("resume-complete");
        List<String> expected = expectedIds(trace, "complete");
        Path checkpoint = dir.resolve("checkpoint.properties");
        run(config(trace, "resume-complete", "complete", checkpoint));

        ReplaySummary second = run(config(trace, "resume-complete", "complete", checkpoint).resume(true));
        ReplaySummary third = run(config(trace, "resume-complete", "complete", checkpoint).resume(true));

        assertEquals(0, second.eventsSent(), "events sent by the second run");
        assertEquals(0, third.eventsSent(), "events sent by the third run");
        assertEquals(expected.size(), third.eventsResumedAfter(), "events skipped by the third run");
        assertEquals(expected.get(expected.size() - 1), ReplayCheckpoint.read(checkpoint).lastEventId(),
                "last event id kept by runs that sent nothing");
        assertEquals(expected, readCommittedIds("resume-complete"));
    }

    @Test
    void otherPlatformsCheckpointRejected() {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir.resolve("trace"), 20, 7);
        broker.createTopics("resume-other");
        Path checkpoint = dir.resolve("checkpoint.properties");
        run(config(trace, "resume-other", "first", checkpoint).maxEvents(10));

        ReplayException error = assertThrows(ReplayException.class,
                () -> run(config(trace, "resume-other", "second", checkpoint).resume(true)));

        assertTrue(error.getMessage().contains("belongs to topic resume-other, platform first"), error.getMessage());
    }

    @Test
    void topicWithoutEventIdHeadersRejected() {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir.resolve("trace"), 20, 8);
        broker.createTopics("resume-foreign");
        run(config(trace, "resume-foreign", "foreign", null).maxEvents(10));
        // A plain producer of the same platform key writes a record without the event id header.
        List<String> written = readCommittedIds("resume-foreign");
        assertEquals(10, written.size());
        writeRecordWithoutHeader("resume-foreign", "foreign");

        ReplayException error = assertThrows(ReplayException.class,
                () -> run(config(trace, "resume-foreign", "foreign", dir.resolve("none.properties")).resume(true)));

        assertTrue(error.getMessage().contains("has no pipetwin.event-id header"), error.getMessage());
    }

    @Test
    void resumeWithoutCheckpointFileInvalid() {
        TraceReplayConfig config = new TraceReplayConfig().bootstrapServers("127.0.0.1:1").traceDirectory(dir)
                .resume(true);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, config::validate);

        assertTrue(error.getMessage().startsWith("resume needs a checkpoint file"), error.getMessage());
    }

    private static TraceReplayConfig config(AlibabaGpu2023Trace trace, String topic, String platform, Path checkpoint) {
        return new TraceReplayConfig()
                .bootstrapServers(broker.bootstrapServers())
                .schemaRegistryUrl(registry.url())
                .topic(topic)
                .platformId(platform)
                .podListFile(trace.podList())
                .nodeListFile(trace.nodeList())
                .checkpointFile(checkpoint)
                .checkpointEveryEvents(70)
                .progressBar(false);
    }

    private static ReplaySummary run(TraceReplayConfig config) {
        return new TraceReplayer(config).run();
    }

    private static List<String> expectedIds(AlibabaGpu2023Trace trace, String platform) {
        List<TraceNode> nodes = new ArrayList<>();
        try (NodeListReader reader = trace.openNodes(RowErrorPolicy.FAIL)) {
            reader.forEachRemaining(nodes::add);
        }
        List<String> ids = new ArrayList<>();
        try (PodListReader pods = trace.openPods(RowErrorPolicy.FAIL)) {
            new TraceEventGenerator(platform, TraceReplayConfig.DEFAULT_START_TIME, TraceReplayConfig.SOURCE, nodes,
                    pods).forEachRemaining(event -> ids.add(event.getEventId()));
        }
        return ids;
    }

    private static void writeRecordWithoutHeader(String topic, String platform) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, platform, "no header"));
            producer.flush();
        }
    }

    private static List<String> readCommittedIds(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
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
                    ids.add(record.value().getEventId());
                }
            }
        }
        return ids;
    }
}

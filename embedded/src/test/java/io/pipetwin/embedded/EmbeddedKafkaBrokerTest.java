package io.pipetwin.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    private static final int RECORD_COUNT = 5_000;

    @Test
    void producedRecordsConsumedBackAndSurviveRestart(@TempDir Path tempDir) throws Exception {
        Path logDir = tempDir.resolve("kafka");
        String topic = "embedded-test";
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < RECORD_COUNT; i++) {
            expected.add("value-" + i);
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().logDir(logDir).build().start()) {
            broker.createTopics(List.of(new NewTopic(topic, 3, (short) 1)));
            broker.createTopics(topic);
            produceAll(broker.bootstrapServers(), topic, expected);

            assertEquals(expected, consumeSorted(broker.bootstrapServers(), topic, RECORD_COUNT));
        }
        assertTrue(Files.exists(logDir.resolve("meta.properties")), "kept log dir lost meta.properties");

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().logDir(logDir).build().start()) {
            restarted.createTopics(topic);

            assertEquals(expected, consumeSorted(restarted.bootstrapServers(), topic, RECORD_COUNT));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    restarted.bootstrapServers()))) {
                assertEquals(3, admin.describeTopics(List.of(topic)).allTopicNames().get()
                        .get(topic).partitions().size());
            }
        }
    }

    @Test
    void temporaryLogDirDeletedOnClose() {
        Path logDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
            logDir = broker.logDir();
            assertTrue(Files.exists(logDir.resolve("meta.properties")));
        }
        assertFalse(Files.exists(logDir), "temporary log dir still exists: " + logDir);
    }

    private static void produceAll(String bootstrapServers, String topic, List<String> values) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        List<Exception> failures = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i), values.get(i)),
                        (metadata, exception) -> {
                            if (exception != null) {
                                failures.add(exception);
                            }
                        });
            }
            producer.flush();
        }
        assertEquals(List.of(), failures, "send callbacks reported failures");
    }

    /** Reads {@code expectedCount} records from the start of every partition, ordered by value index. */
    private static List<String> consumeSorted(String bootstrapServers, String topic, int expectedCount) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(partitions);
            long total = endOffsets.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(expectedCount, total, "end offsets over all partitions");
            while (values.size() < total) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                if (Set.copyOf(partitions).stream().allMatch(p -> consumer.position(p) >= endOffsets.get(p))) {
                    break;
                }
            }
        }
        values.sort((a, b) -> Integer.compare(indexOf(a), indexOf(b)));
        return values;
    }

    private static int indexOf(String value) {
        return Integer.parseInt(value.substring("value-".length()));
    }
}

package io.pipetwin.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producer and consumer set-up shared by the broker tests. */
final class TestClients {

    private TestClients() {
    }

    /** Returns an idempotent {@code acks=all} producer that waits up to two minutes for an absent broker. */
    static KafkaProducer<String, String> idempotentProducer(String bootstrapServers, Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Reads every record of every partition from the beginning to the end offsets read at the start. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, Map<String, String> security,
                                                        String topic) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    /** Asserts that {@code values} are exactly value-0 .. value-(count-1), each once, in any order. */
    static void assertEachValueOnce(List<String> values, int count) {
        int[] seen = new int[count];
        for (String value : values) {
            seen[Integer.parseInt(value.substring("value-".length()))]++;
        }
        List<Integer> missing = new ArrayList<>();
        List<Integer> duplicated = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (seen[i] == 0) {
                missing.add(i);
            } else if (seen[i] > 1) {
                duplicated.add(i);
            }
        }
        assertEquals(List.of(), missing, "values never read");
        assertEquals(List.of(), duplicated, "values read more than once");
        assertEquals(count, values.size(), "records read");
    }
}

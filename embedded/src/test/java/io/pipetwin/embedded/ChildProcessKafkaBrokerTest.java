package io.pipetwin.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the broker in a child JVM and stops, kills and restarts it under a running producer. */
class ChildProcessKafkaBrokerTest {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessKafkaBrokerTest.class);

    private static final int RECORD_COUNT = 30_000;
    private static final int PARTITIONS = 3;
    private static final int KEYS = 10;

    @Test
    void restartsMidStreamWithoutLossOrDuplicate(@TempDir Path tempDir) throws Exception {
        String topic = "child-restart";
        List<Exception> failures = new CopyOnWriteArrayList<>();

        try (ChildProcessKafkaBroker broker = ChildProcessKafkaBroker.builder().logDir(tempDir.resolve("kafka"))
                .build().start()) {
            broker.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)));
            String bootstrap = broker.bootstrapServers();
            long firstPid = broker.pid();

            try (KafkaProducer<String, String> producer = TestClients.idempotentProducer(bootstrap, Map.of())) {
                int third = RECORD_COUNT / 3;
                send(producer, topic, 0, third, failures);
                producer.flush();

                // Graceful restart while the second third is being sent.
                CompletableFuture<Void> restart = CompletableFuture.runAsync(broker::restart);
                send(producer, topic, third, 2 * third, failures);
                restart.get();
                long secondPid = broker.pid();

                // SIGKILL and start again while the last third is being sent.
                CompletableFuture<Void> crash = CompletableFuture.runAsync(() -> {
                    broker.kill();
                    broker.start();
                });
                send(producer, topic, 2 * third, RECORD_COUNT, failures);
                crash.get();
                producer.flush();

                assertNotEquals(firstPid, secondPid, "restart kept the old process");
                assertNotEquals(secondPid, broker.pid(), "start after kill kept the old process");
            }
            assertEquals(bootstrap, broker.bootstrapServers(), "bootstrap changed across restarts");
            assertEquals(List.of(), failures, "send callbacks reported failures");

            List<ConsumerRecord<String, String>> records = TestClients.readAll(bootstrap, Map.of(), topic);
            TestClients.assertEachValueOnce(records.stream().map(ConsumerRecord::value).toList(), RECORD_COUNT);
            assertKeyOrder(records);
            LOG.info("Read back {} records after one graceful restart and one kill", records.size());

            Path brokerLog = broker.brokerLogFile();
            assertTrue(Files.readString(brokerLog).contains("---- start 3 ----"), "broker log lacks the third start");
        }
        assertTrue(Files.exists(tempDir.resolve("kafka/data/meta.properties")), "kept log dir lost its data");
    }

    @Test
    void temporaryLogDirDeletedOnClose() {
        Path logDir;
        try (ChildProcessKafkaBroker broker = ChildProcessKafkaBroker.builder().build().start()) {
            logDir = broker.logDir();
            assertTrue(broker.isRunning());
            assertTrue(Files.exists(logDir.resolve("data/meta.properties")));
        }
        assertFalse(Files.exists(logDir), "temporary log dir still exists: " + logDir);
    }

    private static void send(KafkaProducer<String, String> producer, String topic, int from, int to,
                             List<Exception> failures) {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(topic, "key-" + (i % KEYS), "value-" + i), (metadata, exception) -> {
                if (exception != null) {
                    failures.add(exception);
                }
            });
        }
    }

    /** Asserts that the records of each key are in send order: one key lives in one partition. */
    private static void assertKeyOrder(List<ConsumerRecord<String, String>> records) {
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            byKey.computeIfAbsent(record.key(), key -> new ArrayList<>())
                    .add(Integer.parseInt(record.value().substring("value-".length())));
        }
        assertEquals(KEYS, byKey.size(), "keys read");
        byKey.forEach((key, indexes) -> {
            List<Integer> sorted = new ArrayList<>(indexes);
            sorted.sort(null);
            assertEquals(sorted, indexes, "records of " + key + " out of send order");
        });
    }
}

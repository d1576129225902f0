package io.pipetwin.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serves clients over TLS with generated certificates and rejects PLAINTEXT clients. */
class BrokerTlsTest {

    private static final int RECORD_COUNT = 2_000;
    private static final int PLAINTEXT_TIMEOUT_MS = 5_000;

    @Test
    void embeddedBrokerServesTls() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().tls(true).build().start()) {
            Map<String, String> security = broker.clientProperties();

            assertEquals("SSL", security.get("security.protocol"));
            roundTrip(broker.bootstrapServers(), security, "tls-embedded", broker::createTopics);
            assertPlaintextRejected(broker.bootstrapServers());
            assertTrue(Files.isRegularFile(broker.tls().truststore()));
        }
    }

    @Test
    void childBrokerServesTlsAcrossRestart(@TempDir Path dir) throws Exception {
        try (ChildProcessKafkaBroker broker = ChildProcessKafkaBroker.builder().logDir(dir).tls(true).build().start()) {
            Map<String, String> security = broker.clientProperties();
            String password = security.get("ssl.truststore.password");

            roundTrip(broker.bootstrapServers(), security, "tls-child", broker::createTopics);
            broker.restart();
            assertEquals(RECORD_COUNT, TestClients.readAll(broker.bootstrapServers(), security, "tls-child").size(),
                    "records read over TLS after restart");
            assertPlaintextRejected(broker.bootstrapServers());
            assertFalse(Files.readString(broker.brokerLogFile()).contains(password),
                    "broker log contains the store password");
        }
    }

    private static void roundTrip(String bootstrap, Map<String, String> security, String topic,
                                  java.util.function.Consumer<String> createTopic) throws Exception {
        createTopic.accept(topic);
        List<Exception> failures = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = TestClients.idempotentProducer(bootstrap, security)) {
            for (int i = 0; i < RECORD_COUNT; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "value-" + i), (metadata, exception) -> {
                    if (exception != null) {
                        failures.add(exception);
                    }
                });
            }
            producer.flush();
        }
        assertEquals(List.of(), failures, "send callbacks reported failures");

        List<ConsumerRecord<String, String>> records = TestClients.readAll(bootstrap, security, topic);

        TestClients.assertEachValueOnce(records.stream().map(ConsumerRecord::value).toList(), RECORD_COUNT);
    }

    /** A PLAINTEXT admin client cannot complete a request against the SSL listener within its API timeout. */
    private static void assertPlaintextRejected(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, PLAINTEXT_TIMEOUT_MS);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, PLAINTEXT_TIMEOUT_MS);
        long startNanos = System.nanoTime();
        try (Admin admin = Admin.create(config)) {
            ExecutionException error = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().nodes().get());

            assertInstanceOf(TimeoutException.class, error.getCause(), String.valueOf(error.getCause()));
        }
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(elapsedMs >= PLAINTEXT_TIMEOUT_MS - 100,
                "PLAINTEXT request ended after " + elapsedMs + " ms, before its timeout: it was not retried");
    }
}

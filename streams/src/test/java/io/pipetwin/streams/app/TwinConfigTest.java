package io.pipetwin.streams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TwinConfigTest {

    private static final String TRANSACTION_TIMEOUT =
            StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);

    @Test
    void transactionTimeoutDefaultsToOneMinute() {
        Properties properties = TwinConfig.of("127.0.0.1:9092", "http://127.0.0.1:8081").toStreamsProperties();

        assertEquals(60_000, properties.get(TRANSACTION_TIMEOUT));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, properties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    @Test
    void clientPropertyOverridesTransactionTimeout() {
        TwinConfig config = TwinConfig.of("127.0.0.1:9092", "http://127.0.0.1:8081")
                .withClientProperties(Map.of(TRANSACTION_TIMEOUT, "300000"));

        assertEquals("300000", config.toStreamsProperties().get(TRANSACTION_TIMEOUT));
    }
}

package io.pipetwin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsumeCommandTest {

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startServices() throws Exception {
        broker = EmbeddedKafkaBroker.builder().build().start();
        registry = new EmbeddedSchemaRegistry().start();
        broker.createTopics(Topics.FORECAST_QUEUE, Topics.PLATFORM_EVENTS_DLQ);

        byte[] forecast = PipeTwinSerdes.queueForecast(Map.of("schema.registry.url", registry.url())).serializer()
                .serialize(Topics.FORECAST_QUEUE, QueueForecast.newBuilder()
                        .setPlatformId("p1").setPool("gpu").setGeneratedAt(Instant.EPOCH)
                        .setStartTime(Instant.parse("2023-01-01T00:05:00Z")).setReplications(10).setQueueLengthNow(7)
                        .setQueueLength(List.of()).build());
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.FORECAST_QUEUE, "p1", forecast)).get();
            ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.PLATFORM_EVENTS_DLQ, "p1",
                    "not avro".getBytes(StandardCharsets.UTF_8));
            dead.headers().add("reason", "undecodable".getBytes(StandardCharsets.UTF_8));
            producer.send(dead).get();
        }
    }

    @AfterAll
    static void stopServices() {
        registry.close();
        broker.close();
    }

    private static JsonNode consumeOne(String topic) throws IOException {
        StringWriter output = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(output, true));

        int exitCode = commandLine.execute("consume", "--topic", topic, "--max", "1", "--from-beginning",
                "--bootstrap-servers", broker.bootstrapServers(), "--schema-registry-url", registry.url());

        assertEquals(0, exitCode, output.toString());
        List<String> lines = output.toString().lines().toList();
        assertEquals(1, lines.size(), output.toString());
        return new ObjectMapper().readTree(lines.get(0));
    }

    @Test
    void forecastPrintedAsAvroJson() throws IOException {
        JsonNode forecast = consumeOne(Topics.FORECAST_QUEUE);

        assertEquals("p1", forecast.get("platformId").asText());
        assertEquals("gpu", forecast.get("pool").asText());
        assertEquals(7, forecast.get("queueLengthNow").asInt());
        assertEquals(Instant.parse("2023-01-01T00:05:00Z").toEpochMilli(), forecast.get("startTime").asLong());
    }

    @Test
    void rawRecordPrintedWithHeaders() throws IOException {
        JsonNode record = consumeOne(Topics.PLATFORM_EVENTS_DLQ);

        assertEquals("p1", record.get("key").asText());
        assertEquals("not avro", new String(Base64.getDecoder().decode(record.get("valueBase64").asText()),
                StandardCharsets.UTF_8));
        assertEquals("undecodable", record.get("headers").get("reason").asText());
    }
}

package io.pipetwin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.HorizonPoint;
import io.pipetwin.schemas.avro.Quantile;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.registry.SchemaRegistryClientConfig;
import io.pipetwin.schemas.serde.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decodes wire-format values through a real in-process registry: a generated type becomes its class,
 * a type without a generated class becomes a generic record, and both get cache keys and JSON.
 */
class AvroRecordDecoderTest {

    /** A forecast type with no generated class on the class path. */
    private static final Schema UNKNOWN_FORECAST = new Schema.Parser().parse("""
            {"type": "record", "name": "FutureForecast", "namespace": "io.pipetwin.schemas.avro.test",
             "fields": [
               {"name": "platformId", "type": "string"},
               {"name": "scenario", "type": "string"},
               {"name": "pipelineId", "type": ["null", "string"]},
               {"name": "completionSeconds", "type": "double"},
               {"name": "replications", "type": "int"}]}""");

    private static EmbeddedSchemaRegistry registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
        client = new SchemaRegistryClient(SchemaRegistryClientConfig.of(registry.url()));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void unknownTypeDecodesGeneric() throws IOException {
        GenericRecord record = new GenericData.Record(UNKNOWN_FORECAST);
        record.put("platformId", "p1");
        record.put("scenario", "baseline");
        record.put("pipelineId", "pipeline-7");
        record.put("completionSeconds", 1234.5);
        record.put("replications", 20);
        int id = client.register("pipetwin.forecast.future-value", UNKNOWN_FORECAST);

        GenericRecord decoded = new AvroRecordDecoder(client).decode("pipetwin.forecast.future", encode(id, record));

        assertInstanceOf(GenericData.Record.class, decoded);
        assertEquals("future/baseline/pipeline-7", ForecastCache.key("future", decoded));
        ObjectNode json = RecordJson.toJson(decoded);
        assertEquals("p1", json.get("platformId").asText());
        assertEquals(1234.5, json.get("completionSeconds").asDouble());
        assertEquals(20, json.get("replications").asInt());
    }

    @Test
    void accuracyKeyIncludesStep() {
        ForecastAccuracy accuracy = ForecastAccuracy.newBuilder()
                .setPlatformId("p3").setScenario("baseline").setSeries("queue-length/gpu").setStep(3)
                .setOffsetSeconds(1200).setWindowEnd(Instant.parse("2023-01-01T06:00:00Z")).setWindowSeconds(21_600)
                .setGeneratedAt(Instant.parse("2026-01-01T00:00:00Z")).setCount(40).setMeanAbsoluteError(1.5)
                .setMeanAbsolutePercentageError(12.0).setPercentageCount(38).setIntervalCoverage(0.8)
                .setPersistenceMeanAbsoluteError(2.0).setPersistenceMeanAbsolutePercentageError(15.0)
                .setRelativeMeanAbsoluteError(0.75)
                .build();

        // The step joins the key, but the count, a long, does not.
        assertEquals("accuracy/baseline/queue-length/gpu/3", ForecastCache.key("accuracy", accuracy));
    }

    @Test
    void generatedTypeDecodesSpecific() throws IOException {
        Instant start = Instant.parse("2023-01-01T00:05:00Z");
        QueueForecast forecast = QueueForecast.newBuilder()
                .setPlatformId("p2").setScenario("baseline").setPool("gpu")
                .setGeneratedAt(Instant.parse("2026-01-01T00:00:00Z")).setStartTime(start)
                .setReplications(10).setQueueLengthNow(3)
                .setQueueLength(List.of(HorizonPoint.newBuilder().setTime(start.plusSeconds(300)).setOffsetSeconds(300)
                        .setValue(4).setMean(4.5).setQuantiles(List.of(new Quantile(0.1, 2.0), new Quantile(0.9, 7.0)))
                        .build()))
                .build();
        int id = client.register("pipetwin.forecast.queue-value", QueueForecast.getClassSchema());

        GenericRecord decoded = new AvroRecordDecoder(client).decode("pipetwin.forecast.queue", encode(id, forecast));

        assertEquals(forecast, decoded);
        assertEquals("queue/baseline/gpu", ForecastCache.key("queue", decoded));
        ObjectNode json = RecordJson.toJson(decoded);
        assertEquals(start.toEpochMilli(), json.get("startTime").asLong());
        assertEquals(start.plusSeconds(300).toEpochMilli(), json.get("queueLength").get(0).get("time").asLong());
        assertEquals(7.0, json.get("queueLength").get(0).get("quantiles").get(1).get("value").asDouble());
    }

    @Test
    void valueWithoutMagicByteRejected() {
        AvroRecordDecoder decoder = new AvroRecordDecoder(client);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode("pipetwin.forecast.queue", new byte[]{1, 0, 0, 0, 1, 2}));

        assertTrue(error.getMessage().contains("pipetwin.forecast.queue"), error.getMessage());
    }

    @Test
    void forecastTopicsFollowTopicsConstants() {
        List<String> topics = ForecastCache.forecastTopics();

        assertTrue(topics.contains("pipetwin.forecast.queue"), topics.toString());
        assertTrue(topics.contains("pipetwin.forecast.resources"), topics.toString());
        assertFalse(topics.contains("pipetwin.platform-events"), topics.toString());
        topics.forEach(topic -> assertTrue(topic.startsWith(ForecastCache.TOPIC_PREFIX), topic));
    }

    @Test
    void sinceAcceptsMillisAndInstants() {
        assertEquals(Long.MIN_VALUE, PlatformApi.parseSince(null));
        assertEquals(1_700_000_000_000L, PlatformApi.parseSince("1700000000000"));
        assertEquals(Instant.parse("2026-12-04T10:00:00Z").toEpochMilli(), PlatformApi.parseSince("2026-12-04T10:00:00Z"));
        assertThrows(IllegalArgumentException.class, () -> PlatformApi.parseSince("yesterday"));
    }

    private static byte[] encode(int schemaId, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        // A generated class needs the specific writer: it converts its Instant fields to timestamp-millis.
        DatumWriter<GenericRecord> writer = record instanceof SpecificRecord
                ? new SpecificDatumWriter<>(record.getSchema()) : new GenericDatumWriter<>(record.getSchema());
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}

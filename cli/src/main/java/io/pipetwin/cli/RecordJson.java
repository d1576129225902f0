package io.pipetwin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.schemas.serde.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Renders a record value of a PipeTwin topic as one line of Avro JSON. Values of topics with a generated
 * class are decoded into that class. Other values in the Confluent wire format are decoded with the writer
 * schema from the registry. Anything else, such as a dead-letter record's original bytes, becomes a JSON
 * object with the value in Base64 and the headers as text.
 */
final class RecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<? extends SpecificRecord>> TYPES = Map.of(
            Topics.PLATFORM_EVENTS, PlatformEvent.class,
            Topics.FORECAST_QUEUE, QueueForecast.class,
            Topics.FORECAST_RESOURCES, ResourceForecast.class);

    private final Map<String, Object> serdeConfig;
    private final SchemaRegistryClient registry;
    private final Map<String, Deserializer<? extends SpecificRecord>> deserializers = new HashMap<>();

    RecordJson(Map<String, Object> serdeConfig) {
        this.serdeConfig = serdeConfig;
        this.registry = SchemaRegistryClient.fromConfig(serdeConfig);
    }

    String render(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value();
        Class<? extends SpecificRecord> type = TYPES.get(record.topic());
        OptionalInt schemaId = WireFormat.schemaIdOf(value);
        if (type != null && schemaId.isPresent()) {
            SpecificRecord decoded = deserializers
                    .computeIfAbsent(record.topic(), topic -> PipeTwinSerdes.forRecord(type, serdeConfig, false).deserializer())
                    .deserialize(record.topic(), value);
            return avroJson(decoded.getSchema(), decoded, true);
        }
        if (schemaId.isPresent()) {
            Schema schema = registry.getById(schemaId.getAsInt());
            try {
                GenericRecord decoded = new GenericDatumReader<GenericRecord>(schema).read(null,
                        DecoderFactory.get().binaryDecoder(value, WireFormat.HEADER_SIZE,
                                value.length - WireFormat.HEADER_SIZE, null));
                return avroJson(schema, decoded, false);
            } catch (IOException e) {
                throw new UncheckedIOException("record at " + record.topic() + "-" + record.partition() + " offset "
                        + record.offset() + " does not match its schema id " + schemaId.getAsInt(), e);
            }
        }
        return raw(record);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String avroJson(Schema schema, Object value, boolean specific) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, bytes, false);
            if (specific) {
                new SpecificDatumWriter(schema).write(value, encoder);
            } else {
                new GenericDatumWriter(schema).write(value, encoder);
            }
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + schema.getFullName() + " as JSON failed", e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String raw(ConsumerRecord<String, byte[]> record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("topic", record.topic());
        node.put("partition", record.partition());
        node.put("offset", record.offset());
        node.put("key", record.key());
        node.put("valueBase64", record.value() == null ? null : Base64.getEncoder().encodeToString(record.value()));
        ObjectNode headers = node.putObject("headers");
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return node.toString();
    }
}

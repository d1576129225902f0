package io.pipetwin.http;

import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.serde.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes Confluent wire-format Avro values without knowing their type in advance: the writer schema
 * comes from the registry by id, and the value becomes the generated {@code SpecificRecord} class when
 * one with the schema's full name is on the class path, a {@code GenericData.Record} otherwise. So a
 * forecast type added to the schemas module is decoded without a change here.
 */
final class AvroRecordDecoder {

    private final SchemaRegistryClient registry;
    private final Map<Integer, SpecificDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

    AvroRecordDecoder(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** Decodes one value; throws {@link IllegalArgumentException} naming the topic when it is not wire format. */
    GenericRecord decode(String topic, byte[] bytes) throws IOException {
        if (bytes == null || bytes.length < WireFormat.HEADER_SIZE || bytes[0] != WireFormat.MAGIC_BYTE) {
            throw new IllegalArgumentException("value on " + topic + " is not Confluent wire-format Avro (magic byte "
                    + WireFormat.MAGIC_BYTE + ", 4-byte schema id); only PipeTwin's serializer should write this topic");
        }
        int schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
        SpecificDatumReader<GenericRecord> reader = readers.computeIfAbsent(schemaId, this::readerFor);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE,
                bytes.length - WireFormat.HEADER_SIZE, null);
        return reader.read(null, decoder);
    }

    private SpecificDatumReader<GenericRecord> readerFor(int schemaId) {
        Schema writer = registry.getById(schemaId);
        SpecificData data = new SpecificData(AvroRecordDecoder.class.getClassLoader());
        Class<?> generated = data.getClass(writer);
        Schema reader = generated == null ? writer : data.getSchema(generated);
        return new SpecificDatumReader<>(writer, reader, data);
    }
}

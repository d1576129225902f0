package io.pipetwin.streams;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Plain Avro binary of one record class, without a schema registry; for topology tests only. */
public final class BinaryAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;

    public BinaryAvroSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            try {
                new SpecificDatumWriter<T>(value.getSchema()).write(value, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new SerializationException("encoding " + type.getSimpleName() + " failed", e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
            try {
                return new SpecificDatumReader<>(type).read(null, decoder);
            } catch (IOException e) {
                throw new SerializationException("decoding " + type.getSimpleName() + " failed", e);
            }
        };
    }
}

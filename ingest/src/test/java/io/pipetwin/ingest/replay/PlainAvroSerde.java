package io.pipetwin.ingest.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.pipetwin.schemas.avro.PlatformEvent;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Avro binary without a schema registry, for tests that only need real Avro bytes. */
final class PlainAvroSerde {

    private PlainAvroSerde() {
    }

    static Serializer<PlatformEvent> serializer() {
        SpecificDatumWriter<PlatformEvent> writer = new SpecificDatumWriter<>(PlatformEvent.class);
        return (topic, event) -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            try {
                writer.write(event, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        };
    }

    static Deserializer<PlatformEvent> deserializer() {
        SpecificDatumReader<PlatformEvent> reader = new SpecificDatumReader<>(PlatformEvent.class);
        return (topic, data) -> {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
            try {
                return reader.read(null, decoder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}

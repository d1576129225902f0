package io.pipetwin.streams.topology;

import io.pipetwin.schemas.avro.PlatformEvent;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Platform events in Avro's single-object encoding, for processor tests that run without a schema
 * registry. The twin itself reads the Confluent wire format.
 */
final class SingleObjectEvents {

    static final Deserializer<PlatformEvent> DESERIALIZER = (topic, bytes) -> {
        try {
            return PlatformEvent.getDecoder().decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("decoding a test event failed", e);
        }
    };

    private SingleObjectEvents() {
    }

    static byte[] encode(PlatformEvent event) {
        try {
            return PlatformEvent.getEncoder().encode(event).array();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a test event failed", e);
        }
    }
}

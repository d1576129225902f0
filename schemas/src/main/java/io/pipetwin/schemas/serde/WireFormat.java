package io.pipetwin.schemas.serde;

import java.util.OptionalInt;

/**
 * The Confluent wire format: byte 0 is the magic byte 0, bytes 1 to 4 are the schema id as a
 * big-endian signed int, and the Avro binary encoding of the record follows.
 */
public final class WireFormat {

    /** First byte of every record in the wire format. */
    public static final byte MAGIC_BYTE = 0;
    /** Bytes before the Avro body: the magic byte and the 4-byte schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** Returns the schema id of a payload in the wire format, or empty when the header is missing or wrong. */
    public static OptionalInt schemaIdOf(byte[] payload) {
        if (payload == null || payload.length < HEADER_SIZE || payload[0] != MAGIC_BYTE) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(readSchemaId(payload));
    }

    /** Reads bytes 1 to 4 as a big-endian int; the caller checks the length. */
    static int readSchemaId(byte[] payload) {
        return ((payload[1] & 0xff) << 24) | ((payload[2] & 0xff) << 16) | ((payload[3] & 0xff) << 8)
                | (payload[4] & 0xff);
    }
}

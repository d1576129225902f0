package io.pipetwin.schemas.serde;

/** The payload is not in the Confluent wire format: empty, shorter than the 5-byte header, or with a first byte other than 0. */
public class NotWireFormatException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public NotWireFormatException(String message, String topic, Integer schemaId, Throwable cause) {
        super(message, topic, schemaId, cause);
    }

    @Override
    public SerdeFailureReason reason() {
        return SerdeFailureReason.NOT_WIRE_FORMAT;
    }
}

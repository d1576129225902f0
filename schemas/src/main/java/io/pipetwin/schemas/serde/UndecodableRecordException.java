package io.pipetwin.schemas.serde;

/** The Avro body does not decode, or its writer schema cannot be resolved against the reader schema. */
public class UndecodableRecordException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public UndecodableRecordException(String message, String topic, Integer schemaId, Throwable cause) {
        super(message, topic, schemaId, cause);
    }

    @Override
    public SerdeFailureReason reason() {
        return SerdeFailureReason.UNDECODABLE;
    }
}

package io.pipetwin.schemas.serde;

/** The schema id in the record header is not in the schema registry. */
public class UnknownSchemaIdException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public UnknownSchemaIdException(String message, String topic, Integer schemaId, Throwable cause) {
        super(message, topic, schemaId, cause);
    }

    @Override
    public SerdeFailureReason reason() {
        return SerdeFailureReason.UNKNOWN_SCHEMA_ID;
    }
}

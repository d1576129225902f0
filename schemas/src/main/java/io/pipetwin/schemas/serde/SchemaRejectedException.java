package io.pipetwin.schemas.serde;

/** The registry rejected the record's schema as invalid or incompatible. */
public class SchemaRejectedException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public SchemaRejectedException(String message, String topic, Integer schemaId, Throwable cause) {
        super(message, topic, schemaId, cause);
    }

    @Override
    public SerdeFailureReason reason() {
        return SerdeFailureReason.SCHEMA_REJECTED;
    }
}

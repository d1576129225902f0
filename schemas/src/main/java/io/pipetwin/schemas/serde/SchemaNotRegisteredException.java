package io.pipetwin.schemas.serde;

/** The serializer may not register schemas, and the subject has no version with the record's schema. */
public class SchemaNotRegisteredException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public SchemaNotRegisteredException(String message, String topic, Integer schemaId, Throwable cause) {
        super(message, topic, schemaId, cause);
    }

    @Override
    public SerdeFailureReason reason() {
        return SerdeFailureReason.SCHEMA_NOT_REGISTERED;
    }
}

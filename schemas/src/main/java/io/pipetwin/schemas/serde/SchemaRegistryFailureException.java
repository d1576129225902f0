package io.pipetwin.schemas.serde;

/** The schema registry could not be reached or failed, so the schema could not be resolved; retrying later may succeed. */
public class SchemaRegistryFailureException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public SchemaRegistryFailureException(String message, String topic, Integer schemaId, Throwable cause) {
        super(message, topic, schemaId, cause);
    }

    @Override
    public SerdeFailureReason reason() {
        return SerdeFailureReason.REGISTRY_FAILURE;
    }
}

package io.pipetwin.schemas.serde;

/** The record could not be encoded with its own schema. */
public class UnencodableRecordException extends AvroSerdeException {

    private static final long serialVersionUID = 1L;

    public UnencodableRecordException(String message, String topic, Integer schemaId, Throwable cause) {
        super(message, topic, schemaId, cause);
    }

    @Override
    public SerdeFailureReason reason() {
        return SerdeFailureReason.UNENCODABLE;
    }
}

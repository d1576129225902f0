package io.pipetwin.schemas.serde;

import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Failure of {@link AvroSerializer} or {@link AvroDeserializer}. Each subclass stands for one
 * {@link SerdeFailureReason}, so a consumer can route a bad record to a dead-letter topic with
 * {@code reason().code()} as the cause.
 */
public abstract class AvroSerdeException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final Integer schemaId;

    protected AvroSerdeException(String message, String topic, Integer schemaId, Throwable cause) {
        super(message, cause);
        this.topic = topic;
        this.schemaId = schemaId;
    }

    /** Cause of the failure, for classification. */
    public abstract SerdeFailureReason reason();

    /** Topic of the record, when the caller passed one. */
    public Optional<String> topic() {
        return Optional.ofNullable(topic);
    }

    /** Schema id from the record header or the registry, when known. */
    public OptionalInt schemaId() {
        return schemaId == null ? OptionalInt.empty() : OptionalInt.of(schemaId);
    }

    static String describeTopic(String topic) {
        return topic == null ? "a record with no topic" : "a record on topic '" + topic + "'";
    }
}

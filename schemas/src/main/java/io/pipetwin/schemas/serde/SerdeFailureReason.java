package io.pipetwin.schemas.serde;

/**
 * Cause of a failed serialization or deserialization, with a short stable code for dead-letter
 * headers and metrics. Published codes must not change, because consumers of those headers match on them.
 */
public enum SerdeFailureReason {
    /** Payload empty, shorter than the 5-byte header, or first byte not 0. */
    NOT_WIRE_FORMAT("not-wire-format"),
    /** The schema id in the header is not in the registry. */
    UNKNOWN_SCHEMA_ID("unknown-schema-id"),
    /** The Avro bytes do not decode with the writer schema, or the writer schema does not resolve against the reader schema. */
    UNDECODABLE("undecodable"),
    /** The record could not be encoded with its schema, for example a null in a non-null field. */
    UNENCODABLE("unencodable"),
    /** The serializer may not register schemas, and the subject has no version with the record's schema. */
    SCHEMA_NOT_REGISTERED("schema-not-registered"),
    /** The registry rejected the record's schema as invalid or incompatible with the subject's versions. */
    SCHEMA_REJECTED("schema-rejected"),
    /** The registry could not be reached or failed; retrying later may succeed. */
    REGISTRY_FAILURE("registry-failure"),
    /** Any failure that did not come from this package's serde. */
    OTHER("other");

    private final String code;

    SerdeFailureReason(String code) {
        this.code = code;
    }

    /** Short stable code, for example {@code not-wire-format}. */
    public String code() {
        return code;
    }

    /**
     * Classifies a failure: the reason of the first {@link AvroSerdeException} in the cause chain,
     * or {@link #OTHER} when there is none.
     */
    public static SerdeFailureReason of(Throwable failure) {
        Throwable current = failure;
        int depth = 0;
        while (current != null && depth < 20) {
            if (current instanceof AvroSerdeException serdeFailure) {
                return serdeFailure.reason();
            }
            current = current.getCause();
            depth++;
        }
        return OTHER;
    }
}

package io.pipetwin.streams.topology;

import org.apache.avro.AvroTypeException;

/**
 * Recognises a decoding failure caused by a payload type this twin's schema does not have: the writer
 * schema's payload union has a branch that Avro schema resolution cannot map to any reader branch. The
 * deserializer checks resolution once per writer schema and reports {@code MISSING_UNION_BRANCH}, so
 * every record of such a writer schema is classified this way, also one whose payload is of a known
 * type; Avro's own resolving decoder reports the branch as an {@link AvroTypeException} naming the union.
 */
final class UnknownPayloads {

    private UnknownPayloads() {
    }

    static boolean isUnknownPayload(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 20; depth++) {
            String message = current.getMessage();
            if (message != null && (message.contains("MISSING_UNION_BRANCH")
                    || current instanceof AvroTypeException && message.contains("union"))) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }
}

package io.pipetwin.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject in the schema registry.
 *
 * @param subject subject name, for example {@code pipetwin.platform-events-value}
 * @param version version number under the subject, starting at 1
 * @param id      global schema id, the one written into the Confluent wire format
 * @param schema  the parsed Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}

package io.pipetwin.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Schema registry compatibility levels with Confluent's meaning. BACKWARD: consumers using the new
 * schema can read data written with the old one. FORWARD: consumers using the old schema can read
 * data written with the new one. FULL: both. A level without {@code _TRANSITIVE} compares the new
 * schema with the latest version only; a transitive level compares it with every version.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /**
     * Parses a level name, ignoring case.
     *
     * @throws IllegalArgumentException naming the value and the valid names
     */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid compatibility level '" + name + "'; use one of "
                    + List.of(values()), e);
        }
    }

    public boolean isTransitive() {
        return transitive;
    }

    /**
     * Checks a candidate schema against the existing versions of a subject.
     *
     * @param candidate          the schema to be registered
     * @param existingOldestFirst the subject's versions, oldest first; may be empty
     * @return one line per incompatibility, naming the version it conflicts with; empty when compatible
     */
    public List<String> incompatibilities(Schema candidate, List<RegisteredSchema> existingOldestFirst) {
        List<String> problems = new ArrayList<>();
        if (this == NONE || existingOldestFirst.isEmpty()) {
            return problems;
        }

        List<RegisteredSchema> compared = transitive
                ? existingOldestFirst
                : List.of(existingOldestFirst.get(existingOldestFirst.size() - 1));
        for (RegisteredSchema existing : compared) {
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing.schema()),
                        "new schema cannot read data written with version " + existing.version(), problems);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(existing.schema(), candidate),
                        "version " + existing.version() + " cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, String direction, List<String> problems) {
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                    + " (" + incompatibility.getMessage() + ")");
        }
    }
}

package io.pipetwin.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * In-memory data of {@link EmbeddedSchemaRegistry}: subjects with their versions, global schema
 * ids and compatibility levels. Every method is synchronized, so the HTTP threads may share it.
 * Failures are {@link RegistryError}s that carry the HTTP status and Confluent error code to send.
 */
final class RegistryStore {

    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<String, Integer> lastVersionBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int lastId;

    /** Registers the schema under the subject, or returns the version that already has it. */
    synchronized RegisteredSchema register(String subject, Schema schema) {
        List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        String text = schema.toString();
        for (RegisteredSchema existing : versions) {
            if (existing.schema().toString().equals(text)) {
                return existing;
            }
        }

        CompatibilityLevel level = effectiveLevel(subject);
        List<String> problems = level.incompatibilities(schema, versions);
        if (!problems.isEmpty()) {
            throw new RegistryError(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with earlier versions of subject '" + subject
                            + "' under compatibility level " + level + ": " + String.join("; ", problems));
        }

        Integer id = idsBySchemaText.get(text);
        if (id == null) {
            id = ++lastId;
            idsBySchemaText.put(text, id);
            schemasById.put(id, schema);
        }
        int version = lastVersionBySubject.merge(subject, 1, Integer::sum);
        RegisteredSchema registered = new RegisteredSchema(subject, version, id, schemasById.get(id));
        subjects.computeIfAbsent(subject, key -> new ArrayList<>()).add(registered);
        return registered;
    }

    /** Returns the version of the subject that has exactly this schema. */
    synchronized RegisteredSchema lookup(String subject, Schema schema) {
        String text = schema.toString();
        for (RegisteredSchema existing : versionsOf(subject)) {
            if (existing.schema().toString().equals(text)) {
                return existing;
            }
        }
        throw new RegistryError(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                "Schema not found under subject '" + subject + "'");
    }

    synchronized List<String> subjects() {
        return new ArrayList<>(subjects.keySet());
    }

    synchronized List<Integer> versionNumbers(String subject) {
        List<Integer> numbers = new ArrayList<>();
        versionsOf(subject).forEach(version -> numbers.add(version.version()));
        return numbers;
    }

    /** Returns one version; {@code latest} and {@code -1} name the newest. */
    synchronized RegisteredSchema version(String subject, String versionText) {
        List<RegisteredSchema> versions = versionsOf(subject);
        int number = parseVersion(versionText);
        if (number == -1) {
            return versions.get(versions.size() - 1);
        }
        for (RegisteredSchema version : versions) {
            if (version.version() == number) {
                return version;
            }
        }
        throw new RegistryError(404, SchemaRegistryException.VERSION_NOT_FOUND,
                "Version " + number + " not found under subject '" + subject + "'");
    }

    synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new RegistryError(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    /**
     * Checks the schema against one version of the subject, or, for a null version, against the
     * versions that the subject's compatibility level compares with.
     */
    synchronized List<String> incompatibilities(String subject, String versionText, Schema schema) {
        CompatibilityLevel level = effectiveLevel(subject);
        List<RegisteredSchema> compared = versionText == null
                ? versionsOf(subject)
                : List.of(version(subject, versionText));
        return level.incompatibilities(schema, compared);
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized void setGlobalLevel(CompatibilityLevel level) {
        globalLevel = level;
    }

    /** Returns the subject's own level, or null when it has none. */
    synchronized CompatibilityLevel subjectLevel(String subject) {
        return subjectLevels.get(subject);
    }

    synchronized void setSubjectLevel(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    /** Removes the subject's own level and returns it, or null when it had none. */
    synchronized CompatibilityLevel removeSubjectLevel(String subject) {
        return subjectLevels.remove(subject);
    }

    /**
     * Deletes every version of the subject and returns their numbers. Schema ids stay resolvable.
     * Without {@code permanent}, version numbering continues where it stopped, as in Confluent's
     * soft delete; with it, the subject is forgotten entirely.
     */
    synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
        List<Integer> numbers = versionNumbers(subject);
        subjects.remove(subject);
        if (permanent) {
            lastVersionBySubject.remove(subject);
            subjectLevels.remove(subject);
        }
        return numbers;
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<RegisteredSchema> versionsOf(String subject) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new RegistryError(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found");
        }
        return versions;
    }

    private static int parseVersion(String versionText) {
        if ("latest".equals(versionText)) {
            return -1;
        }
        try {
            int number = Integer.parseInt(versionText);
            if (number == -1 || number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below together with the out-of-range case.
        }
        throw new RegistryError(422, SchemaRegistryException.INVALID_VERSION, "The specified version '"
                + versionText + "' is not a valid version id; use a positive integer, -1 or latest");
    }

    /** Failure to report to the HTTP client with the given status and error code. */
    static final class RegistryError extends RuntimeException {

        private static final long serialVersionUID = 1L;

        final int httpStatus;
        final int errorCode;

        RegistryError(int httpStatus, int errorCode, String message) {
            super(message);
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
        }
    }
}

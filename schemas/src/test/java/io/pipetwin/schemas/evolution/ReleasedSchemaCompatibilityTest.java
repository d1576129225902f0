package io.pipetwin.schemas.evolution;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks every schema change against the released schemas in {@code schemas/released/<version>/}: the
 * current generated class must read data written with each released version (BACKWARD compatibility,
 * the default rule of a Confluent Schema Registry), so a consumer upgraded first still reads what old
 * producers wrote. A release adds its full schemas there; see the module README.
 */
class ReleasedSchemaCompatibilityTest {

    private static final Path RELEASED = Path.of("released");

    @Test
    void currentSchemasReadReleasedData() throws IOException {
        List<Path> releasedFiles = releasedSchemaFiles();
        assertFalse(releasedFiles.isEmpty(), "no released schema found under " + RELEASED.toAbsolutePath());

        List<String> failures = new ArrayList<>();
        for (Path file : releasedFiles) {
            Schema released = new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
            Schema current = currentSchema(released.getFullName());
            assertNotNull(current, file + ": no generated class " + released.getFullName()
                    + " in the current build; a released record type must not be removed or renamed");
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, released);
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                failures.add(file + ": " + result.getResult().getIncompatibilities());
            }
        }

        assertTrue(failures.isEmpty(), "schema changes that cannot read released data (add a default to a new field,"
                + " add union branches at the end, never remove a symbol): " + failures);
    }

    @Test
    void releasedSnapshotCoversTopicValues() throws IOException {
        List<String> names = new ArrayList<>();
        for (Path file : releasedSchemaFiles()) {
            names.add(new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8)).getFullName());
        }

        assertTrue(names.contains("io.pipetwin.schemas.avro.PlatformEvent"), names.toString());
        assertTrue(names.contains("io.pipetwin.schemas.avro.QueueForecast"), names.toString());
        assertTrue(names.contains("io.pipetwin.schemas.avro.ResourceForecast"), names.toString());
    }

    @Test
    void incompatibleChangeIsDetected() {
        Schema released = SchemaParsing.record("{\"name\":\"id\",\"type\":\"string\"}");
        Schema withRequiredField = SchemaParsing.record(
                "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"size\",\"type\":\"long\"}");

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(withRequiredField, released);

        assertEquals(SchemaCompatibilityType.INCOMPATIBLE, result.getType());
    }

    private static List<Path> releasedSchemaFiles() throws IOException {
        if (!Files.isDirectory(RELEASED)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(RELEASED)) {
            return files.filter(file -> file.toString().endsWith(".avsc")).sorted().toList();
        }
    }

    private static Schema currentSchema(String fullName) {
        try {
            Class<?> type = Class.forName(fullName);
            return SpecificData.get().getSchema(type);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Builds small record schemas for the self-check of the compatibility rule. */
    private static final class SchemaParsing {
        static Schema record(String fields) {
            return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"test\",\"fields\":["
                    + fields + "]}");
        }
    }
}

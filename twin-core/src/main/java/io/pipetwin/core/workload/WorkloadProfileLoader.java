package io.pipetwin.core.workload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Reads and validates workload profile files (JSON). */
public final class WorkloadProfileLoader {

    /** Class-path location of the built-in profile. */
    public static final String DEFAULT_PROFILE_RESOURCE = "/profiles/default.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private WorkloadProfileLoader() {
    }

    /** Loads the built-in profile. */
    public static WorkloadProfile loadDefault() {
        try (InputStream in = WorkloadProfileLoader.class.getResourceAsStream(DEFAULT_PROFILE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in workload profile " + DEFAULT_PROFILE_RESOURCE
                        + " is missing from the class path; rebuild twin-core");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    DEFAULT_PROFILE_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in workload profile " + DEFAULT_PROFILE_RESOURCE, e);
        }
    }

    /** Loads a profile file, or the built-in profile when {@code path} is null. */
    public static WorkloadProfile load(Path path) throws IOException {
        if (path == null) {
            return loadDefault();
        }
        return parse(Files.readString(path), path.toString());
    }

    /**
     * Parses and validates profile JSON.
     *
     * @param source name of the input used in error messages, for example the file path
     * @throws InvalidProfileException when the JSON is malformed, has unknown or missing fields, or a
     *                                 value is out of range
     */
    public static WorkloadProfile parse(String json, String source) {
        WorkloadProfile profile;
        try {
            profile = MAPPER.readValue(json, WorkloadProfile.class);
        } catch (JsonMappingException e) {
            throw new InvalidProfileException(source, List.of(jsonPath(e) + ": " + describe(e)
                    + "; see the workload profile schema in docs/model.md"), e);
        } catch (JsonProcessingException e) {
            throw new InvalidProfileException(source, List.of("$: malformed JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage()), e);
        }
        if (profile == null) {
            throw new InvalidProfileException(source, List.of("$: the file is empty; give a JSON object"), null);
        }
        List<String> problems = WorkloadProfileValidator.validate(profile);
        if (!problems.isEmpty()) {
            throw new InvalidProfileException(source, problems, null);
        }
        return profile;
    }

    /** Serialises a profile as indented JSON, the format {@link #parse} reads. */
    public static String toJson(WorkloadProfile profile) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise workload profile " + profile.name(), e);
        }
    }

    /** Describes a mapping error in JSON terms, without the Java class names of Jackson's own message. */
    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return "unknown field \"" + unknown.getPropertyName() + "\"; the fields here are " + String.join(", ", known);
        }
        if (e instanceof InvalidFormatException format && !isJsonArray(format.getTargetType())) {
            Object value = format.getValue();
            String quoted = value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
            return "value " + quoted + " is not " + jsonType(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "expected " + jsonType(mismatched.getTargetType()) + " here";
        }
        // Other mapping errors (for example a missing constructor argument) can name Java classes.
        return e.getOriginalMessage().replaceAll("\\s*\\((class|through reference chain)[^)]*\\)", "");
    }

    private static String jsonType(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (isJsonArray(type)) {
            return "an array";
        }
        return "an object";
    }

    private static boolean isJsonArray(Class<?> type) {
        return type != null && (type.isArray() || Collection.class.isAssignableFrom(type));
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append('.').append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}

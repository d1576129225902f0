package io.pipetwin.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka client properties (security, SASL, tuning) merged from a properties file, environment variables
 * and explicit overrides such as command-line flags. Precedence: overrides over environment over file.
 *
 * <p>Environment variables named {@value #ENV_PREFIX}{@code <NAME>} map to a property key by the rule of
 * Confluent's Docker images: strip the prefix, lower-case, then {@code ___} becomes {@code -}, {@code __}
 * becomes {@code _} and a single {@code _} becomes {@code .}. So {@code PIPETWIN_KAFKA_SECURITY_PROTOCOL}
 * sets {@code security.protocol} and {@code PIPETWIN_KAFKA_SASL_JAAS_CONFIG} sets {@code sasl.jaas.config}.
 *
 * <p>Values of keys that look secret are masked by {@link #redacted()} and {@link #toString()}; log only those.
 *
 * <pre>{@code
 * KafkaClientProperties client = KafkaClientProperties.load(Path.of("client.properties"), System.getenv(), flags);
 * LOG.info("Kafka client properties: {}", client.redacted());
 * producerConfig.putAll(client.asMap());
 * }</pre>
 */
public final class KafkaClientProperties {

    /** Prefix of the environment variables that set client properties. */
    public static final String ENV_PREFIX = "PIPETWIN_KAFKA_";

    /** Value shown in place of a secret. */
    public static final String MASK = "[redacted]";

    /** Key fragments whose values are masked: passwords, secrets, JAAS configs and key material. */
    private static final List<String> SENSITIVE_FRAGMENTS = List.of("password", "secret", "jaas", "key");

    private static final KafkaClientProperties EMPTY = new KafkaClientProperties(Map.of());

    private final Map<String, String> properties;

    private KafkaClientProperties(Map<String, String> properties) {
        this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** Returns an empty set of properties. */
    public static KafkaClientProperties empty() {
        return EMPTY;
    }

    /** Returns the given properties as they are. */
    public static KafkaClientProperties of(Map<String, String> properties) {
        return new KafkaClientProperties(Objects.requireNonNull(properties, "properties"));
    }

    /**
     * Merges the file, the environment and the overrides, later sources winning per key.
     *
     * @param file        a Java properties file, or {@code null} for none
     * @param environment environment variables, usually {@code System.getenv()}; only those starting with
     *                    {@value #ENV_PREFIX} are used
     * @param overrides   properties that win over both, for example from command-line flags
     * @throws UncheckedIOException when the file is given but cannot be read
     */
    public static KafkaClientProperties load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (file != null) {
            merged.putAll(fromFile(file));
        }
        merged.putAll(fromEnvironment(environment));
        merged.putAll(overrides);
        return new KafkaClientProperties(merged);
    }

    /**
     * Reads a Java properties file ({@code key=value} lines; {@code #} comments).
     *
     * @throws UncheckedIOException naming the file when it is missing or unreadable
     */
    public static Map<String, String> fromFile(Path file) {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Kafka client properties file " + file.toAbsolutePath()
                    + ": " + e.getMessage() + "; pass an existing, readable properties file", e);
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (String key : loaded.stringPropertyNames()) {
            result.put(key.trim(), loaded.getProperty(key).trim());
        }
        return result;
    }

    /** Maps the variables that start with {@value #ENV_PREFIX} to property keys; others are ignored. */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                result.put(propertyKey(name), entry.getValue());
            }
        }
        return result;
    }

    /**
     * Converts an environment variable name to a property key, for example
     * {@code PIPETWIN_KAFKA_SSL_TRUSTSTORE_LOCATION} to {@code ssl.truststore.location}.
     *
     * @throws IllegalArgumentException when the name does not start with {@value #ENV_PREFIX}
     */
    public static String propertyKey(String environmentVariable) {
        if (!environmentVariable.startsWith(ENV_PREFIX)) {
            throw new IllegalArgumentException("environment variable " + environmentVariable
                    + " does not start with " + ENV_PREFIX + "; only such variables set Kafka client properties");
        }
        String raw = environmentVariable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
        // Placeholders keep the longer underscore runs from being split by the shorter rules.
        return raw.replace("___", "\u0000")
                .replace("__", "\u0001")
                .replace('_', '.')
                .replace('\u0000', '-')
                .replace('\u0001', '_');
    }

    /** Returns whether the value of {@code key} is masked in logs: its name contains password, secret, jaas or key. */
    public static boolean isSensitive(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SENSITIVE_FRAGMENTS.stream().anyMatch(lower::contains);
    }

    /** Returns the properties, sorted by key; unmodifiable. */
    public Map<String, String> asMap() {
        return properties;
    }

    /** Returns the value of {@code key}, or {@code null} when it is not set. */
    public String get(String key) {
        return properties.get(key);
    }

    /** Returns whether no property is set. */
    public boolean isEmpty() {
        return properties.isEmpty();
    }

    /** Returns these properties with {@code overrides} applied on top. */
    public KafkaClientProperties with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(overrides);
        return new KafkaClientProperties(merged);
    }

    /** Returns a copy for logging: values of {@linkplain #isSensitive sensitive} keys are replaced by {@value #MASK}. */
    public Map<String, String> redacted() {
        Map<String, String> result = new TreeMap<>();
        properties.forEach((key, value) -> result.put(key, isSensitive(key) ? MASK : value));
        return Collections.unmodifiableMap(result);
    }

    /** Returns the {@linkplain #redacted() redacted} properties, so printing this object leaks no secret. */
    @Override
    public String toString() {
        return redacted().toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaClientProperties that && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }
}

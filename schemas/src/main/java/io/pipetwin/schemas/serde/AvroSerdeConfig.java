package io.pipetwin.schemas.serde;

import io.pipetwin.schemas.registry.SchemaRegistryClientConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serializer settings of {@link AvroSerializer}, read from a Kafka-style config map with
 * Confluent's key names. The registry connection keys ({@code schema.registry.url},
 * {@code basic.auth.*}, timeouts, retries) are those of {@link SchemaRegistryClientConfig} and are
 * read by {@link #registryConfig}.
 *
 * @param autoRegisterSchemas register the record's schema under the subject when it is missing
 * @param useLatestVersion    write with the subject's latest version instead of the record's own
 *                            schema; applies only when {@code autoRegisterSchemas} is false
 */
public record AvroSerdeConfig(boolean autoRegisterSchemas, boolean useLatestVersion) {

    /** Register missing schemas from the serializer; default true. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /** Serialize with the latest version of the subject; default false. */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** Subject naming for keys; only TopicNameStrategy ({@code <topic>-key}) is supported. */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    /** Subject naming for values; only TopicNameStrategy ({@code <topic>-value}) is supported. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

    /**
     * Reads the serializer settings; the registry connection keys are ignored here.
     *
     * @throws ConfigException naming the key, the invalid value (never a credential) and the fix
     */
    public static AvroSerdeConfig fromMap(Map<String, ?> config) {
        requireTopicNameStrategy(config, KEY_SUBJECT_NAME_STRATEGY);
        requireTopicNameStrategy(config, VALUE_SUBJECT_NAME_STRATEGY);
        return new AvroSerdeConfig(
                booleanValue(config, AUTO_REGISTER_SCHEMAS, true),
                booleanValue(config, USE_LATEST_VERSION, false));
    }

    /**
     * Reads the registry connection settings.
     *
     * @throws ConfigException naming the key, the invalid value (never a credential) and the fix
     */
    public static SchemaRegistryClientConfig registryConfig(Map<String, ?> config) {
        try {
            return SchemaRegistryClientConfig.fromMap(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Subject under TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subjectName(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    private static boolean booleanValue(Map<String, ?> config, String key, boolean defaultValue) {
        Object value = config.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "expected true or false");
    }

    private static void requireTopicNameStrategy(Map<String, ?> config, String key) {
        Object value = config.get(key);
        if (value == null) {
            return;
        }
        String name = value instanceof Class<?> type ? type.getName() : value.toString().trim();
        if (!name.endsWith("TopicNameStrategy")) {
            throw new ConfigException(key, value, "only TopicNameStrategy (subjects <topic>-key and <topic>-value) "
                    + "is supported; remove the setting");
        }
    }
}

package io.pipetwin.cli;

import io.pipetwin.schemas.config.KafkaClientProperties;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves a {@link Setting} from a flag value, the environment and a properties file, in that order of
 * precedence, and loads Kafka client properties files.
 */
final class SettingsResolver {

    private final Map<String, String> environment;
    private final Properties file;
    private final Path filePath;

    SettingsResolver(Path configFile, Map<String, String> environment) {
        this.environment = environment;
        this.filePath = configFile;
        this.file = configFile == null ? new Properties() : loadProperties(configFile, "--config");
    }

    /** Returns the flag value if given, else the environment's, else the file's, else the default (maybe null). */
    String resolve(Setting setting, String flagValue) {
        if (flagValue != null && !flagValue.isBlank()) {
            return flagValue;
        }
        String fromEnvironment = environment.get(setting.environmentVariable());
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        String fromFile = file.getProperty(setting.key());
        if (fromFile != null && !fromFile.isBlank()) {
            return fromFile.trim();
        }
        return setting.defaultValue();
    }

    /** Resolves a setting that has no default and must be given somewhere. */
    String require(Setting setting, String flagValue, String flag) {
        String value = resolve(setting, flagValue);
        if (value == null) {
            throw new IllegalArgumentException(setting.key() + " is missing; pass " + flag + ", set "
                    + setting.environmentVariable() + ", or put " + setting.key() + " in the --config file"
                    + (filePath == null ? "" : " " + filePath));
        }
        return value;
    }

    /**
     * Loads the Kafka client properties named by {@link Setting#CLIENT_CONFIG}, then applies the
     * {@code PIPETWIN_KAFKA_*} environment variables; empty when neither is set.
     */
    Map<String, String> clientProperties(String flagValue) {
        String path = resolve(Setting.CLIENT_CONFIG, flagValue);
        Map<String, String> fromFile = new HashMap<>();
        if (path != null) {
            loadProperties(Path.of(path), "--client-config").forEach((key, value) -> fromFile.put((String) key, (String) value));
        }
        // PIPETWIN_KAFKA_* variables (for example PIPETWIN_KAFKA_SECURITY_PROTOCOL) override the file per key.
        return new HashMap<>(KafkaClientProperties.of(fromFile).with(KafkaClientProperties.fromEnvironment(environment))
                .asMap());
    }

    private static Properties loadProperties(Path path, String option) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(option + " file " + path + " cannot be read (" + e.getMessage()
                    + "); pass a readable properties file", e);
        }
        return properties;
    }
}

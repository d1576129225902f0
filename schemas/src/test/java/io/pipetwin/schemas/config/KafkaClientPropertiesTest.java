package io.pipetwin.schemas.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"replay\" password=\"s3cr3t-jaas\";";

    @TempDir
    Path dir;

    @Test
    void environmentNamesMapByDockerRule() {
        assertEquals("security.protocol", KafkaClientProperties.propertyKey("PIPETWIN_KAFKA_SECURITY_PROTOCOL"));
        assertEquals("sasl.jaas.config", KafkaClientProperties.propertyKey("PIPETWIN_KAFKA_SASL_JAAS_CONFIG"));
        assertEquals("ssl.truststore.location",
                KafkaClientProperties.propertyKey("PIPETWIN_KAFKA_SSL_TRUSTSTORE_LOCATION"));
        assertEquals("a_b", KafkaClientProperties.propertyKey("PIPETWIN_KAFKA_A__B"));
        assertEquals("a-b.c", KafkaClientProperties.propertyKey("PIPETWIN_KAFKA_A___B_C"));
        assertThrows(IllegalArgumentException.class, () -> KafkaClientProperties.propertyKey("KAFKA_SECURITY_PROTOCOL"));
    }

    @Test
    void environmentWithoutPrefixIgnored() {
        Map<String, String> env = Map.of(
                "PIPETWIN_KAFKA_SECURITY_PROTOCOL", "SSL",
                "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT",
                "PIPETWIN_KAFKA_", "empty name",
                "HOME", "/root");

        assertEquals(Map.of("security.protocol", "SSL"), KafkaClientProperties.fromEnvironment(env));
    }

    @Test
    void flagsOverEnvironmentOverFile() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n",
                "# client settings",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=PLAIN",
                "ssl.truststore.location=/etc/file-truststore.p12",
                "client.id = from-file",
                ""));
        Map<String, String> env = Map.of(
                "PIPETWIN_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "PIPETWIN_KAFKA_CLIENT_ID", "from-env");
        Map<String, String> flags = Map.of("client.id", "from-flag");

        KafkaClientProperties merged = KafkaClientProperties.load(file, env, flags);

        assertEquals(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/file-truststore.p12",
                "client.id", "from-flag"), merged.asMap());
    }

    @Test
    void noFileUsesEnvironmentAndFlags() {
        KafkaClientProperties merged = KafkaClientProperties.load(null,
                Map.of("PIPETWIN_KAFKA_SECURITY_PROTOCOL", "SSL"), Map.of());

        assertEquals("SSL", merged.get("security.protocol"));
        assertEquals(1, merged.asMap().size());
    }

    @Test
    void missingFileNamesPath() {
        Path missing = dir.resolve("absent.properties");

        UncheckedIOException error = assertThrows(UncheckedIOException.class,
                () -> KafkaClientProperties.load(missing, Map.of(), Map.of()));

        assertTrue(error.getMessage().contains(missing.toAbsolutePath().toString()), error.getMessage());
    }

    @Test
    void redactedMasksSecretValues() {
        KafkaClientProperties properties = KafkaClientProperties.of(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.password", "trust-pass",
                "ssl.key.password", "key-pass",
                "ssl.keystore.location", "/etc/keystore.p12",
                "sasl.oauthbearer.client.secret", "oauth-secret",
                "sasl.mechanism", "PLAIN"));

        Map<String, String> redacted = properties.redacted();
        String printed = properties.toString();

        assertEquals("SASL_SSL", redacted.get("security.protocol"));
        assertEquals("PLAIN", redacted.get("sasl.mechanism"));
        for (String key : List.of("sasl.jaas.config", "ssl.truststore.password", "ssl.key.password",
                "ssl.keystore.location", "sasl.oauthbearer.client.secret")) {
            assertEquals(KafkaClientProperties.MASK, redacted.get(key), key);
        }
        for (String secret : List.of("s3cr3t-jaas", "trust-pass", "key-pass", "oauth-secret")) {
            assertFalse(printed.contains(secret), "toString leaks " + secret + ": " + printed);
        }
        assertEquals(JAAS, properties.get("sasl.jaas.config"), "asMap keeps the real value");
    }

    @Test
    void withAppliesOverrides() {
        KafkaClientProperties base = KafkaClientProperties.of(Map.of("security.protocol", "SSL", "client.id", "a"));

        KafkaClientProperties changed = base.with(Map.of("client.id", "b"));

        assertEquals(Map.of("security.protocol", "SSL", "client.id", "b"), changed.asMap());
        assertEquals("a", base.get("client.id"));
    }
}

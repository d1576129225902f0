package io.pipetwin.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsResolverTest {

    @TempDir
    Path dir;

    private SettingsResolver resolver(Map<String, String> environment) throws IOException {
        Path file = dir.resolve("pipetwin.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\nschema.registry.url=http://file:8081\n");
        return new SettingsResolver(file, environment);
    }

    @Test
    void flagWinsOverEnvironmentAndFile() throws IOException {
        SettingsResolver resolver = resolver(Map.of("PIPETWIN_BOOTSTRAP_SERVERS", "env:9092"));

        assertEquals("flag:9092", resolver.resolve(Setting.BOOTSTRAP_SERVERS, "flag:9092"));
    }

    @Test
    void environmentWinsOverFile() throws IOException {
        SettingsResolver resolver = resolver(Map.of("PIPETWIN_BOOTSTRAP_SERVERS", "env:9092"));

        assertEquals("env:9092", resolver.resolve(Setting.BOOTSTRAP_SERVERS, null));
        assertEquals("http://file:8081", resolver.resolve(Setting.SCHEMA_REGISTRY_URL, null));
    }

    @Test
    void defaultWhenNothingIsSet() throws IOException {
        SettingsResolver resolver = resolver(Map.of());

        assertEquals("pipetwin-twin", resolver.resolve(Setting.APPLICATION_ID, null));
        assertNull(resolver.resolve(Setting.TRACE_DIR, null));
        assertThrows(IllegalArgumentException.class, () -> resolver.require(Setting.TRACE_DIR, null, "--trace-dir"));
    }

    @Test
    void clientEnvironmentOverridesClientFile() throws IOException {
        Path clientFile = dir.resolve("client.properties");
        Files.writeString(clientFile, "security.protocol=SSL\nssl.truststore.location=/file/truststore.p12\n");
        SettingsResolver resolver = resolver(Map.of("PIPETWIN_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "PIPETWIN_KAFKA_SASL_MECHANISM", "PLAIN"));

        Map<String, String> client = resolver.clientProperties(clientFile.toString());

        assertEquals("SASL_SSL", client.get("security.protocol"));
        assertEquals("PLAIN", client.get("sasl.mechanism"));
        assertEquals("/file/truststore.p12", client.get("ssl.truststore.location"));
    }

    @Test
    void durationsInShortAndIsoForm() {
        assertEquals(Duration.ofSeconds(60), DurationConverter.parse("60s"));
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("5m"));
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofMinutes(5), DurationConverter.parse("PT5M"));
    }
}

package io.pipetwin.cli;

import io.pipetwin.schemas.config.KafkaClientProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** Options shared by the commands that talk to an external Kafka and schema registry. */
final class ConnectionOptions {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionOptions.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with settings such as bootstrap.servers and schema.registry.url; flags and"
                    + " PIPETWIN_* environment variables override it. Default: none.")
    Path configFile;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers. Env PIPETWIN_BOOTSTRAP_SERVERS, key bootstrap.servers. No default.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Base URL of a Confluent-compatible schema registry. Env PIPETWIN_SCHEMA_REGISTRY_URL,"
                    + " key schema.registry.url. No default.")
    String schemaRegistryUrl;

    @Option(names = "--client-config", paramLabel = "FILE",
            description = "Properties file of extra Kafka client settings, for example security.protocol and"
                    + " sasl.jaas.config; applied to every producer, consumer and the twin. PIPETWIN_KAFKA_<KEY> environment"
                    + " variables (for example PIPETWIN_KAFKA_SECURITY_PROTOCOL) override its keys; only redacted"
                    + " values are logged. Env PIPETWIN_CLIENT_CONFIG, key client.config. Default: none.")
    String clientConfig;

    SettingsResolver resolver() {
        return new SettingsResolver(configFile, System.getenv());
    }

    String bootstrapServers(SettingsResolver resolver) {
        return resolver.require(Setting.BOOTSTRAP_SERVERS, bootstrapServers, "--bootstrap-servers");
    }

    String schemaRegistryUrl(SettingsResolver resolver) {
        return resolver.require(Setting.SCHEMA_REGISTRY_URL, schemaRegistryUrl, "--schema-registry-url");
    }

    /**
     * Returns the Kafka client properties for every client: the {@code --client-config} file, then
     * {@code PIPETWIN_KAFKA_*} environment variables, through {@link KafkaClientProperties#load}. Only the
     * redacted form is logged.
     */
    Map<String, String> clientProperties(SettingsResolver resolver) {
        String file = resolver.resolve(Setting.CLIENT_CONFIG, clientConfig);
        KafkaClientProperties properties = KafkaClientProperties.load(file == null ? null : Path.of(file),
                System.getenv(), Map.of());
        if (!properties.asMap().isEmpty()) {
            LOG.info("Kafka client properties: {}", properties.redacted());
        }
        return properties.asMap();
    }
}

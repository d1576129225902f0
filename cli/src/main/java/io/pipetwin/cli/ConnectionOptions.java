package io.pipetwin.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** Options shared by the commands that talk to an external Kafka and schema registry. */
final class ConnectionOptions {

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
                    + " sasl.jaas.config; applied to every producer, consumer and the twin. Env PIPETWIN_CLIENT_CONFIG,"
                    + " key client.config. Default: none.")
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

    Map<String, String> clientProperties(SettingsResolver resolver) {
        return resolver.clientProperties(clientConfig);
    }
}

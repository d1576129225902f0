package io.pipetwin.cli;

import io.pipetwin.core.forecast.scenario.Scenario;
import io.pipetwin.core.forecast.scenario.ScenarioJson;
import io.pipetwin.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Manages the what-if scenarios on the compacted topic {@code pipetwin.scenarios}: key
 * {@code platformId|scenarioName}, value the scenario JSON as a UTF-8 string, a tombstone deletes. The twin
 * forecasts every scenario of a platform at each cadence boundary from the same live state as the baseline.
 */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Put, delete or list what-if scenarios on " + Topics.SCENARIOS + ".",
        subcommands = {ScenarioCommand.Put.class, ScenarioCommand.Delete.class, ScenarioCommand.ListScenarios.class})
final class ScenarioCommand implements Runnable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Returns the topic key of a scenario, checking both parts. */
    static String key(String platformId, String name) {
        requireKeyPart("--platform", platformId);
        requireKeyPart("--name", name);
        return platformId + "|" + name;
    }

    private static void requireKeyPart(String option, String value) {
        if (value == null || value.isBlank() || value.indexOf('|') >= 0) {
            throw new IllegalArgumentException(option + " '" + value + "' is invalid; pass a non-empty value"
                    + " without '|', which separates platform and scenario in the topic key");
        }
    }

    private static void send(ConnectionOptions connection, String key, String value) throws Exception {
        SettingsResolver resolver = connection.resolver();
        Properties properties = new Properties();
        properties.putAll(connection.clientProperties(resolver));
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(resolver));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // delivery.timeout.ms must be at least linger.ms plus request.timeout.ms (30 s by default).
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SCENARIOS, key, value))
                    .get(SEND_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("writing scenario " + key + " to " + Topics.SCENARIOS + " at "
                    + connection.bootstrapServers(resolver) + " failed: " + cause.getMessage()
                    + "; check that the broker is reachable and the topic exists", cause);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Validate a scenario JSON file and write it; the twin forecasts it from the next boundary.")
    static final class Put implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--platform", paramLabel = "ID", required = true, description = "Platform id. Required.")
        String platformId;

        @Option(names = "--name", paramLabel = "NAME", required = true,
                description = "Scenario name; must equal the file's name field. Required.")
        String name;

        @Option(names = "--file", paramLabel = "FILE", required = true,
                description = "Scenario JSON, for example {\"name\": \"add-a100\", \"nodes\": [{\"gpuModel\": \"A100\","
                        + " \"count\": 4, \"cpuMilli\": 96000, \"memoryMib\": 786432, \"gpusPerNode\": 8}]}. Required.")
        Path file;

        @Override
        public Integer call() throws Exception {
            String key = key(platformId, name);
            String json = read(file);
            Scenario scenario = parse(file, json);
            if (!name.equals(scenario.name())) {
                throw new IllegalArgumentException("scenario field name: '" + scenario.name() + "' in " + file
                        + " differs from --name '" + name + "'; make them equal");
            }
            send(connection, key, json);
            spec.commandLine().getOut().printf("Put scenario %s of platform %s%n", name, platformId);
            return 0;
        }

        static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("scenario file " + file + " cannot be read: " + e.getMessage()
                        + "; pass a readable JSON file with --file", e);
            }
        }

        static Scenario parse(Path file, String json) {
            try {
                return ScenarioJson.parse(json);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario file " + file + " is invalid: " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a scenario (write a tombstone); the twin stops forecasting it from the next boundary.")
    static final class Delete implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--platform", paramLabel = "ID", required = true, description = "Platform id. Required.")
        String platformId;

        @Option(names = "--name", paramLabel = "NAME", required = true, description = "Scenario name. Required.")
        String name;

        @Override
        public Integer call() throws Exception {
            send(connection, key(platformId, name), null);
            spec.commandLine().getOut().printf("Deleted scenario %s of platform %s%n", name, platformId);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Read " + Topics.SCENARIOS + " to its end and print the live scenarios, one per line:"
                    + " platform, name, JSON.")
    static final class ListScenarios implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = "--platform", paramLabel = "ID", description = "Only this platform's scenarios. Default: all.")
        String platformId;

        @Override
        public Integer call() {
            Map<String, String> live = readAll(connection);
            PrintWriter out = spec.commandLine().getOut();
            for (Map.Entry<String, String> entry : live.entrySet()) {
                int separator = entry.getKey().indexOf('|');
                String platform = entry.getKey().substring(0, separator);
                if (platformId == null || platformId.equals(platform)) {
                    out.printf("%s\t%s\t%s%n", platform, entry.getKey().substring(separator + 1),
                            entry.getValue().replaceAll("\\s*\\n\\s*", " ").strip());
                }
            }
            out.flush();
            return 0;
        }

        /** Reads the topic from the beginning to the end offsets taken at the start; later puts win. */
        static Map<String, String> readAll(ConnectionOptions connection) {
            SettingsResolver resolver = connection.resolver();
            Properties properties = new Properties();
            properties.putAll(connection.clientProperties(resolver));
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(resolver));
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            Map<String, String> live = new TreeMap<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                    new StringDeserializer())) {
                List<PartitionInfo> infos = consumer.partitionsFor(Topics.SCENARIOS, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalArgumentException("topic " + Topics.SCENARIOS + " does not exist at "
                            + connection.bootstrapServers(resolver) + "; create it compacted (cleanup.policy=compact)"
                            + " or start the demo, which creates it");
                }
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(info -> partitions.add(new TopicPartition(Topics.SCENARIOS, info.partition())));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.key() == null || record.key().indexOf('|') <= 0) {
                            continue;
                        }
                        if (record.value() == null) {
                            live.remove(record.key());
                        } else {
                            live.put(record.key(), record.value());
                        }
                    }
                }
            }
            return live;
        }
    }
}

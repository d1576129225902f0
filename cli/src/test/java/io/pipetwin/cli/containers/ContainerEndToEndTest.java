package io.pipetwin.cli.containers;

import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.ConfluentKafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays a generated trace into a Kafka broker and a Confluent Schema Registry running in containers,
 * and checks that the twin mirrors every event and publishes forecasts there. It shows that nothing in
 * the Kafka path depends on the embedded broker or the in-process registry. JUnit skips the class on
 * machines without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerEndToEndTest {

    private static final String PLATFORM = "containers";
    private static final Duration PROCESSING_WAIT = Duration.ofMinutes(10);

    private static Network network;
    private static ConfluentKafkaContainer kafka;
    private static GenericContainer<?> registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startContainers() {
        network = Network.newNetwork();
        kafka = new ConfluentKafkaContainer(DockerImageName.parse("confluentinc/cp-kafka:7.9.0"))
                .withNetwork(network)
                .withListener("kafka:19092");
        kafka.start();
        registry = new GenericContainer<>(DockerImageName.parse("confluentinc/cp-schema-registry:7.9.0"))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
        registry.start();
    }

    @AfterAll
    static void stopContainers() {
        if (registry != null) {
            registry.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void replayMirroredAgainstContainers() throws Exception {
        String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
        createTopics();
        Path traceDir = dir.resolve("trace");
        SyntheticAlibabaTrace.write(traceDir, 200, 11);

        ReplaySummary replay = new TraceReplayer(new TraceReplayConfig()
                .bootstrapServers(kafka.getBootstrapServers())
                .schemaRegistryUrl(registryUrl)
                .traceDirectory(traceDir)
                .platformId(PLATFORM)
                .progressBar(false)).run();

        TwinConfig config = TwinConfig.of(kafka.getBootstrapServers(), registryUrl)
                .withApplicationId("twin-containers")
                .withStateDir(dir.resolve("state"))
                .withForecast(ForecastSettings.defaults().withReplications(10));
        MirrorCounters counters;
        try (TwinApplication twin = TwinApplication.create(config)) {
            twin.start();
            counters = awaitAllApplied(twin, replay.eventsSent());
        }
        List<QueueForecast> forecasts = readQueueForecasts(registryUrl);

        assertEquals(replay.eventsSent(), counters.count(MirrorCounter.EVENTS_APPLIED));
        assertEquals(0, counters.count(MirrorCounter.EVENTS_REJECTED));
        assertFalse(forecasts.isEmpty(), "no queue forecast was published to the container broker");
        forecasts.forEach(forecast -> assertEquals(PLATFORM, forecast.getPlatformId()));
    }

    private static void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                topics.add(new NewTopic(topic, 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
    }

    private static MirrorCounters awaitAllApplied(TwinApplication twin, long events) throws InterruptedException {
        long deadline = System.nanoTime() + PROCESSING_WAIT.toNanos();
        Optional<MirrorCounters> counters = Optional.empty();
        while (System.nanoTime() < deadline) {
            counters = twin.counters(PLATFORM);
            if (counters.isPresent() && counters.get().count(MirrorCounter.EVENTS_APPLIED)
                    + counters.get().count(MirrorCounter.EVENTS_REJECTED) >= events) {
                return counters.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the twin did not apply " + events + " events within " + PROCESSING_WAIT
                + "; last counters " + counters);
    }

    private static List<QueueForecast> readQueueForecasts(String registryUrl) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "container-test-reader");
        List<QueueForecast> forecasts = new ArrayList<>();
        try (KafkaConsumer<String, QueueForecast> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                PipeTwinSerdes.queueForecast(Map.of("schema.registry.url", registryUrl)).deserializer())) {
            consumer.subscribe(List.of(Topics.FORECAST_QUEUE));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, QueueForecast> record : consumer.poll(Duration.ofMillis(500))) {
                    forecasts.add(record.value());
                }
                if (!forecasts.isEmpty() && consumer.assignment().stream()
                        .allMatch(partition -> consumer.position(partition)
                                >= consumer.endOffsets(List.of(partition)).get(partition))) {
                    break;
                }
            }
        }
        assertTrue(forecasts.stream().allMatch(forecast -> forecast.getReplications() == 10),
                "forecasts were not computed with the configured 10 replications");
        return forecasts;
    }
}

package io.pipetwin.streams.reliability;

import io.pipetwin.streams.forecast.PlatformForecaster;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.serde.AvroSerde;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.RecordComparison;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.LiveOptions;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.topology.RateLimitedRejectionLog;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.topology.TwinTopology;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Shared steps of the twin's reliability tests: the reference output of an uninterrupted run, producing
 * the events, and reading the committed queue, resource and accuracy records. Records are compared as their
 * Avro text with the wall-clock {@code generatedAt} set to the epoch, per platform in partition order.
 */
final class TwinRuns {

    private TwinRuns() {
    }

    /** Topics whose records the reliability tests compare. */
    static final List<String> COMPARED_TOPICS = List.of(Topics.FORECAST_QUEUE, Topics.FORECAST_RESOURCES,
            Topics.FORECAST_ACCURACY);

    /** Records of one run: per output topic, per platform, in the order they were written. */
    record Output(Map<String, Map<String, List<String>>> byTopic) {

        int size(String topic) {
            return byTopic.getOrDefault(topic, Map.of()).values().stream().mapToInt(List::size).sum();
        }

        /** Returns the records of every compared topic. */
        int size() {
            return COMPARED_TOPICS.stream().mapToInt(this::size).sum();
        }
    }

    /**
     * Asserts that {@code actual} has the records of {@code expected} on every compared topic, per platform and
     * in order; a failure names the topic, the platform and the first differing record only.
     */
    static void assertSameOutput(Output expected, Output actual) {
        for (String topic : COMPARED_TOPICS) {
            Map<String, List<String>> expectedByPlatform = expected.byTopic().getOrDefault(topic, Map.of());
            Map<String, List<String>> actualByPlatform = actual.byTopic().getOrDefault(topic, Map.of());
            TreeSet<String> platforms = new TreeSet<>(expectedByPlatform.keySet());
            platforms.addAll(actualByPlatform.keySet());
            for (String platform : platforms) {
                RecordComparison.assertSameRecords(topic + " of platform " + platform,
                        expectedByPlatform.getOrDefault(platform, List.of()),
                        actualByPlatform.getOrDefault(platform, List.of()), platform);
            }
        }
    }

    /** Runs the events through the topology in-process, without interruption, and returns its records. */
    static Output reference(List<PlatformEvent> events, ForecastSettings settings, String registryUrl, Path stateDir) {
        Map<String, String> serdeConfig = Map.of("schema.registry.url", registryUrl);
        AvroSerde<PlatformEvent> eventSerde = PipeTwinSerdes.platformEvent(serdeConfig);
        AvroSerde<QueueForecast> queueSerde = PipeTwinSerdes.queueForecast(serdeConfig);
        AvroSerde<ResourceForecast> resourceSerde = PipeTwinSerdes.resourceForecast(serdeConfig);
        AvroSerde<ForecastAccuracy> accuracySerde = PipeTwinSerdes.forRecord(ForecastAccuracy.class, serdeConfig, false);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "reference-run");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        PlatformForecaster forecaster = TwinApplication.defaultForecaster(settings);
        Output output = new Output(new TreeMap<>());
        try (TopologyTestDriver driver = new TopologyTestDriver(TwinTopology.build(settings, MirrorLimits.defaults(),
                forecaster, new RateLimitedRejectionLog(10_000), eventSerde.deserializer(),
                queueSerde.serializer(), resourceSerde.serializer(),
                LiveOptions.withAccuracy(accuracySerde.serializer())), properties)) {
            TestInputTopic<String, PlatformEvent> input = driver.createInputTopic(Topics.PLATFORM_EVENTS,
                    new StringSerializer(), eventSerde.serializer());
            for (PlatformEvent event : events) {
                input.pipeInput(event.getPlatformId(), event);
            }
            driver.createOutputTopic(Topics.FORECAST_QUEUE, new StringDeserializer(), queueSerde.deserializer())
                    .readKeyValuesToList().forEach(kv -> add(output, Topics.FORECAST_QUEUE, kv.key, kv.value));
            driver.createOutputTopic(Topics.FORECAST_RESOURCES, new StringDeserializer(), resourceSerde.deserializer())
                    .readKeyValuesToList().forEach(kv -> add(output, Topics.FORECAST_RESOURCES, kv.key, kv.value));
            driver.createOutputTopic(Topics.FORECAST_ACCURACY, new StringDeserializer(), accuracySerde.deserializer())
                    .readKeyValuesToList().forEach(kv -> add(output, Topics.FORECAST_ACCURACY, kv.key, kv.value));
        }
        return output;
    }

    private static void add(Output output, String topic, String platformId, Object forecast) {
        if (forecast instanceof QueueForecast queue) {
            queue.setGeneratedAt(Instant.EPOCH);
        } else if (forecast instanceof ResourceForecast resources) {
            resources.setGeneratedAt(Instant.EPOCH);
        } else if (forecast instanceof ForecastAccuracy accuracy) {
            accuracy.setGeneratedAt(Instant.EPOCH);
        }
        output.byTopic().computeIfAbsent(topic, t -> new TreeMap<>())
                .computeIfAbsent(platformId, p -> new ArrayList<>()).add(String.valueOf(forecast));
    }

    /** Produces the events keyed by platform id with an idempotent producer and checks every send. */
    static void produce(String bootstrapServers, Map<String, String> clientProperties, String registryUrl,
                        List<PlatformEvent> events) throws ExecutionException, InterruptedException {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registryUrl));
        List<Future<?>> sends = new ArrayList<>();
        try (KafkaProducer<String, PlatformEvent> producer = new KafkaProducer<>(config, new StringSerializer(),
                serde.serializer())) {
            for (PlatformEvent event : events) {
                sends.add(producer.send(new ProducerRecord<>(Topics.PLATFORM_EVENTS, event.getPlatformId(), event)));
            }
            producer.flush();
        }
        for (Future<?> send : sends) {
            send.get();
        }
    }

    /**
     * Produces the events like {@link #produce}, spread evenly over {@code duration} of wall time, in batches
     * of 100; fails with an unchecked exception when a send fails.
     */
    static void producePaced(String bootstrapServers, Map<String, String> clientProperties, String registryUrl,
                             List<PlatformEvent> events, Duration duration) {
        int batches = (events.size() + 99) / 100;
        long pauseMillis = duration.toMillis() / Math.max(1, batches);
        try {
            for (int from = 0; from < events.size(); from += 100) {
                produce(bootstrapServers, clientProperties, registryUrl,
                        events.subList(from, Math.min(events.size(), from + 100)));
                Thread.sleep(pauseMillis);
            }
        } catch (ExecutionException | InterruptedException e) {
            throw new IllegalStateException("producing the replay failed", e);
        }
    }

    /** Reads the committed records of the compared topics from the beginning; call {@link #poll} repeatedly. */
    static final class CommittedForecasts implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final AvroSerde<QueueForecast> queueSerde;
        private final AvroSerde<ResourceForecast> resourceSerde;
        private final AvroSerde<ForecastAccuracy> accuracySerde;
        final Output output = new Output(new TreeMap<>());

        CommittedForecasts(String bootstrapServers, Map<String, String> clientProperties, String registryUrl) {
            Map<String, Object> config = new HashMap<>(clientProperties);
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
            // Assigned partitions, no group: a group rebalance during a broker restart would reset the position
            // to the earliest offset (no offsets are committed) and read records twice.
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : COMPARED_TOPICS) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<String, String> serdeConfig = Map.of("schema.registry.url", registryUrl);
            queueSerde = PipeTwinSerdes.queueForecast(serdeConfig);
            resourceSerde = PipeTwinSerdes.resourceForecast(serdeConfig);
            accuracySerde = PipeTwinSerdes.forRecord(ForecastAccuracy.class, serdeConfig, false);
        }

        /** Polls once and returns the number of records read so far. */
        int poll(Duration timeout) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
                Object value = switch (record.topic()) {
                    case Topics.FORECAST_QUEUE -> queueSerde.deserializer().deserialize(record.topic(), record.value());
                    case Topics.FORECAST_RESOURCES ->
                            resourceSerde.deserializer().deserialize(record.topic(), record.value());
                    default -> accuracySerde.deserializer().deserialize(record.topic(), record.value());
                };
                add(output, record.topic(), record.key(), value);
            }
            return output.size();
        }

        /** Polls until {@code expected} records were read or {@code wait} has passed; returns the count. */
        int pollUntil(int expected, Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            int count = output.size();
            while (count < expected && System.nanoTime() < deadline) {
                count = poll(Duration.ofMillis(500));
            }
            // One more poll after the count is reached, so duplicates written after it would show.
            return poll(Duration.ofSeconds(2));
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}

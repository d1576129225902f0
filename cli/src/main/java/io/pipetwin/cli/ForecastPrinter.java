package io.pipetwin.cli;

import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.avro.ResourceKind;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes the queue and resource forecast topics (committed records only) and prints one
 * {@link ForecastLine} per platform and boundary. The line waits for the GPU (or CPU) utilisation of pool
 * {@code all} of the same boundary.
 */
final class ForecastPrinter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastPrinter.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<QueueForecast> queueDeserializer;
    private final Deserializer<ResourceForecast> resourceDeserializer;
    private final PrintWriter out;
    private final Thread thread;
    private final AtomicLong linesPrinted = new AtomicLong();
    private final Map<String, Pending> waiting = new HashMap<>();
    private final Map<String, Long> latestResourceMillis = new HashMap<>();
    private boolean started;

    ForecastPrinter(String bootstrapServers, String schemaRegistryUrl, Map<String, String> clientProperties,
                    PrintWriter out) {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> serdeConfig = new HashMap<>(clientProperties);
        serdeConfig.put("schema.registry.url", schemaRegistryUrl);
        this.queueDeserializer = PipeTwinSerdes.queueForecast(serdeConfig).deserializer();
        this.resourceDeserializer = PipeTwinSerdes.resourceForecast(serdeConfig).deserializer();
        this.out = out;
        this.thread = new Thread(this::run, "forecast-printer");
    }

    /** Starts printing from the beginning of both topics, on a thread of its own. */
    void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.FORECAST_QUEUE, Topics.FORECAST_RESOURCES)) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        started = true;
        thread.start();
    }

    long linesPrinted() {
        return linesPrinted.get();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                }
                out.flush();
            }
        } catch (WakeupException e) {
            LOG.debug("Forecast printer woken up to stop");
        } catch (RuntimeException e) {
            LOG.error("Forecast printer stopped after an error; the twin keeps running", e);
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        SpecificRecord value = Topics.FORECAST_QUEUE.equals(record.topic())
                ? queueDeserializer.deserialize(record.topic(), record.value())
                : resourceDeserializer.deserialize(record.topic(), record.value());
        if (value instanceof QueueForecast queue && "gpu".equals(queue.getPool())) {
            Pending pending = pending(queue.getPlatformId(), queue.getStartTime().toEpochMilli());
            pending.queue = queue;
            printIfComplete(queue.getPlatformId(), pending);
        } else if (value instanceof ResourceForecast resource && "all".equals(resource.getPool())) {
            String platformId = resource.getPlatformId();
            long startMillis = resource.getStartTime().toEpochMilli();
            Pending pending = pending(platformId, startMillis);
            if (resource.getResource() == ResourceKind.GPU) {
                pending.gpu = resource;
            } else if (resource.getResource() == ResourceKind.CPU) {
                pending.cpu = resource;
            }
            latestResourceMillis.merge(platformId, startMillis, Math::max);
            for (Pending candidate : new ArrayList<>(waiting.values())) {
                printIfComplete(platformId, candidate);
            }
        }
    }

    private Pending pending(String platformId, long startMillis) {
        return waiting.computeIfAbsent(platformId + "@" + startMillis, key -> new Pending(platformId, startMillis));
    }

    /**
     * Prints a line once its queue forecast and its GPU utilisation are in. Resource forecasts arrive in
     * boundary order, so once a later boundary's resources arrived, a line still without GPU (a platform
     * without GPUs) is printed with the CPU utilisation instead.
     */
    private void printIfComplete(String platformId, Pending pending) {
        if (pending.queue == null || !pending.platformId.equals(platformId)) {
            return;
        }
        boolean resourcesPassed = latestResourceMillis.getOrDefault(platformId, Long.MIN_VALUE) > pending.startMillis;
        if (pending.gpu != null || resourcesPassed) {
            waiting.remove(platformId + "@" + pending.startMillis);
            print(pending.queue, pending.gpu != null ? pending.gpu : pending.cpu);
        }
    }

    /** The parts of one line collected so far. */
    private static final class Pending {
        final String platformId;
        final long startMillis;
        QueueForecast queue;
        ResourceForecast gpu;
        ResourceForecast cpu;

        Pending(String platformId, long startMillis) {
            this.platformId = platformId;
            this.startMillis = startMillis;
        }
    }

    private void print(QueueForecast queue, ResourceForecast utilisation) {
        out.println(ForecastLine.format(queue, utilisation));
        linesPrinted.incrementAndGet();
    }

    /** Stops the printing thread and waits for it. */
    @Override
    public void close() throws InterruptedException {
        if (!started) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        thread.join();
        out.flush();
    }
}

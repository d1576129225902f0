package io.pipetwin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The latest record per key and a bounded history per platform of every forecast topic, kept by an
 * internal consumer that reads committed records only and belongs to no consumer group (it assigns
 * every partition itself, so each HTTP server sees every platform).
 *
 * <p>The topics are the {@code FORECAST_*} constants of {@link Topics}; values are decoded through the
 * registry by schema id, so a forecast type added later appears under its own series without a change
 * here. A record without a {@code platformId} field is skipped.
 */
public final class ForecastCache implements AutoCloseable {

    /** Int field that joins the latest-key: the horizon step of an accuracy record. */
    static final String STEP_FIELD = "step";
    /** Prefix stripped from a topic name to form its series name. */
    public static final String TOPIC_PREFIX = "pipetwin.forecast.";
    /** Default bound of the history per platform, in records. */
    public static final int DEFAULT_HISTORY_PER_PLATFORM = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(ForecastCache.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long TOPIC_REFRESH_MILLIS = 10_000;

    private final Properties consumerProperties;
    private final AvroRecordDecoder decoder;
    private final List<String> topics;
    private final int historyPerPlatform;
    private final Map<String, Map<String, ForecastEntry>> latest = new ConcurrentHashMap<>();
    private final Map<String, Deque<ForecastEntry>> history = new ConcurrentHashMap<>();
    private final List<Consumer<ForecastEntry>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closed;
    private long decodeFailures;

    /**
     * @param bootstrapServers   Kafka bootstrap servers
     * @param registry           registry the forecast values' schema ids resolve against
     * @param clientProperties   extra consumer properties (security settings); they override these defaults
     * @param historyPerPlatform records kept per platform across all series; older ones are dropped
     */
    public ForecastCache(String bootstrapServers, SchemaRegistryClient registry, Map<String, String> clientProperties,
                         int historyPerPlatform) {
        if (historyPerPlatform < 1) {
            throw new IllegalArgumentException("history per platform " + historyPerPlatform + " is invalid; use 1 or more");
        }
        this.decoder = new AvroRecordDecoder(registry);
        this.topics = forecastTopics();
        this.historyPerPlatform = historyPerPlatform;
        this.consumerProperties = new Properties();
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipetwin-http-forecast-cache");
        consumerProperties.putAll(clientProperties);
        consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.thread = new Thread(this::run, "pipetwin-forecast-cache");
        thread.setDaemon(true);
    }

    /** Returns the forecast topics: every {@code FORECAST_*} constant of {@link Topics}. */
    static List<String> forecastTopics() {
        List<String> names = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && field.getName().startsWith("FORECAST_")) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Topics." + field.getName() + " is not readable", e);
                }
            }
        }
        return List.copyOf(names);
    }

    /** Starts the consumer thread; returns at once. */
    public void start() {
        LOG.info("Starting the forecast cache on {} (history {} records per platform)", topics, historyPerPlatform);
        thread.start();
    }

    public List<String> topics() {
        return topics;
    }

    /** Registers a listener called on the consumer thread for each new record; it must not block. */
    public void addListener(Consumer<ForecastEntry> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ForecastEntry> listener) {
        listeners.remove(listener);
    }

    int listenerCount() {
        return listeners.size();
    }

    /** Returns the ids of the platforms with at least one forecast, sorted. */
    public Set<String> platformIds() {
        return new TreeSet<>(latest.keySet());
    }

    /** Returns the latest record per key of one platform, sorted by key; empty when none arrived. */
    public List<ForecastEntry> latest(String platformId) {
        Map<String, ForecastEntry> entries = latest.getOrDefault(platformId, Map.of());
        return entries.values().stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
    }

    /**
     * Returns the kept records of one platform published at or after {@code sinceMillis}, oldest first,
     * limited to the given series when {@code series} is not empty.
     */
    public List<ForecastEntry> history(String platformId, Collection<String> series, long sinceMillis) {
        Deque<ForecastEntry> entries = history.get(platformId);
        if (entries == null) {
            return List.of();
        }
        List<ForecastEntry> result = new ArrayList<>();
        synchronized (entries) {
            for (ForecastEntry entry : entries) {
                if (entry.publishedAtMillis() >= sinceMillis && (series.isEmpty() || series.contains(entry.series()))) {
                    result.add(entry);
                }
            }
        }
        return result;
    }

    /** Returns the number of records kept over all platforms. */
    public long size() {
        long total = 0;
        for (Deque<ForecastEntry> entries : history.values()) {
            synchronized (entries) {
                total += entries.size();
            }
        }
        return total;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            if (closed) {
                return;
            }
            Set<TopicPartition> assigned = new java.util.HashSet<>();
            long nextRefreshMillis = 0;
            while (!closed) {
                if (System.currentTimeMillis() >= nextRefreshMillis) {
                    assignNewPartitions(kafka, assigned);
                    nextRefreshMillis = System.currentTimeMillis() + TOPIC_REFRESH_MILLIS;
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(POLL.toMillis());
                    continue;
                }
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                for (ConsumerRecord<String, byte[]> record : records) {
                    accept(record);
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                LOG.error("Forecast cache consumer woke up unexpectedly; the cache stops updating", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Forecast cache consumer on {} failed; the cache stops updating", topics, e);
        }
        LOG.info("Forecast cache stopped");
    }

    /** Assigns the partitions of forecast topics that appeared since the last call, from their start. */
    private void assignNewPartitions(KafkaConsumer<String, byte[]> kafka, Set<TopicPartition> assigned) {
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> partitions = kafka.partitionsFor(topic);
            if (partitions == null) {
                continue;
            }
            for (PartitionInfo info : partitions) {
                TopicPartition partition = new TopicPartition(info.topic(), info.partition());
                if (assigned.add(partition)) {
                    added.add(partition);
                }
            }
        }
        if (added.isEmpty()) {
            return;
        }
        kafka.assign(assigned);
        Map<TopicPartition, Long> ends = kafka.endOffsets(added);
        Map<TopicPartition, Long> begins = kafka.beginningOffsets(added);
        for (TopicPartition partition : added) {
            // Read at most the last historyPerPlatform records of each new partition: older ones would be dropped.
            long start = Math.max(begins.getOrDefault(partition, 0L), ends.getOrDefault(partition, 0L) - historyPerPlatform);
            kafka.seek(partition, start);
        }
        LOG.info("Forecast cache assigned {} new partitions: {}", added.size(), added);
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        GenericRecord value;
        try {
            value = decoder.decode(record.topic(), record.value());
        } catch (Exception e) {
            decodeFailures++;
            if (decodeFailures == 1 || decodeFailures % 1000 == 0) {
                LOG.warn("Forecast cache skipped an undecodable record at {}-{} offset {} ({} so far)", record.topic(),
                        record.partition(), record.offset(), decodeFailures, e);
            }
            return;
        }
        Schema.Field platformField = value.getSchema().getField("platformId");
        if (platformField == null || value.get(platformField.pos()) == null) {
            return;
        }
        String platformId = value.get(platformField.pos()).toString();
        String series = record.topic().startsWith(TOPIC_PREFIX)
                ? record.topic().substring(TOPIC_PREFIX.length()) : record.topic();
        ObjectNode json = RecordJson.toJson(value);
        ForecastEntry entry = new ForecastEntry(series, key(series, value), platformId, record.timestamp(), json);

        latest.computeIfAbsent(platformId, id -> new ConcurrentHashMap<>()).put(entry.key(), entry);
        Deque<ForecastEntry> entries = history.computeIfAbsent(platformId, id -> new ArrayDeque<>());
        synchronized (entries) {
            entries.addLast(entry);
            while (entries.size() > historyPerPlatform) {
                entries.removeFirst();
            }
        }
        for (Consumer<ForecastEntry> listener : listeners) {
            try {
                listener.accept(entry);
            } catch (RuntimeException e) {
                LOG.warn("Forecast listener failed on {} of platform {}; removing it", entry.key(), platformId, e);
                listeners.remove(listener);
            }
        }
    }

    /**
     * Builds the latest-key: the series and every string or enum field except the platform id, plus an int
     * field named {@code step}, in schema order. The step is a horizon index that names a record rather than
     * measures something, so accuracy records keep one latest entry per series and step.
     */
    static String key(String series, GenericRecord value) {
        StringBuilder key = new StringBuilder(series);
        for (Schema.Field field : value.getSchema().getFields()) {
            Schema.Type type = nonNullType(field.schema());
            boolean named = (type == Schema.Type.STRING || type == Schema.Type.ENUM) && !field.name().equals("platformId");
            boolean step = type == Schema.Type.INT && field.name().equals(STEP_FIELD);
            if (named || step) {
                Object fieldValue = value.get(field.pos());
                key.append('/').append(fieldValue == null ? "-" : fieldValue.toString());
            }
        }
        return key.toString();
    }

    private static Schema.Type nonNullType(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema.getType();
        }
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch.getType();
            }
        }
        return Schema.Type.NULL;
    }

    /** Stops the consumer thread and waits for it. */
    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

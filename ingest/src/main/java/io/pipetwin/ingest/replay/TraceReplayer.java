package io.pipetwin.ingest.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.trace.alibaba2023.NodeListReader;
import io.pipetwin.core.trace.alibaba2023.PodListReader;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.registry.SchemaRegistryClientConfig;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays an Alibaba GPU 2023 trace onto Kafka as {@link PlatformEvent}s of one platform, keyed by the
 * platform id, in event-time order.
 *
 * <p>Delivery: the producer uses {@code acks=all} and idempotence, and every send callback is checked.
 * The first failed send stops the replay with a {@link ReplayException}; no event is dropped silently.
 * The producer retries transient errors itself until {@code delivery.timeout.ms}. Before the first send
 * the replayer fetches the topic's metadata, retrying {@code connectAttempts} times with doubling backoff.
 *
 * <p>Record timestamps are the wall-clock produce time (the producer's default CreateTime); the event
 * time is only in the payload, because a Kafka 4 broker rejects records timestamped more than an hour
 * ahead and time-based retention would delete records with old timestamps at once.
 *
 * <p>Pacing: with speed X, an event at trace second t is sent no earlier than t / X wall seconds after
 * the start; with speed 0 events are sent as fast as the producer accepts them.
 */
public final class TraceReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(TraceReplayer.class);

    /** Maximum single sleep while pacing, so the progress display stays current during idle stretches. */
    private static final long MAX_SLEEP_MILLIS = 500;

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final TraceReplayConfig config;
    private final Serializer<PlatformEvent> valueSerializer;

    /**
     * Creates a replayer whose values are Avro in the Confluent wire format, registered with the schema
     * registry at {@link TraceReplayConfig#schemaRegistryUrl()}. The client properties are passed to the
     * serializer too, so registry credentials ({@code basic.auth.*}) go there.
     *
     * @throws IllegalArgumentException when an option is invalid or the schema registry URL is missing
     */
    public TraceReplayer(TraceReplayConfig config) {
        this(config, registrySerializer(config));
    }

    /**
     * Creates a replayer with a given value serializer, for example one sharing a registry client.
     *
     * @param config          replay options; validated here
     * @param valueSerializer serializer of the event values, configured for values; the replayer closes it
     */
    public TraceReplayer(TraceReplayConfig config, Serializer<PlatformEvent> valueSerializer) {
        this.config = Objects.requireNonNull(config, "config").validate();
        this.valueSerializer = Objects.requireNonNull(valueSerializer, "valueSerializer");
    }

    /**
     * Reads the trace, produces its events and waits for every acknowledgement.
     *
     * @return counts and timing of the replay
     * @throws ReplayException when a send fails, the broker is unreachable or the thread is interrupted
     * @throws io.pipetwin.core.trace.TraceFormatException when a trace row is invalid and invalid rows are
     *         not skipped. The trace is validated first, so no event has been sent then.
     */
    public ReplaySummary run() {
        RowErrorPolicy policy = config.skipInvalidRows() ? RowErrorPolicy.SKIP : RowErrorPolicy.FAIL;
        AlibabaGpu2023Trace trace = AlibabaGpu2023Trace.of(config.podListFile(), config.nodeListFile());
        LOG.info("Trace replay starting: {}", config);

        List<TraceNode> nodes;
        long nodeRowsSkipped;
        try (NodeListReader reader = trace.openNodes(policy)) {
            nodes = new ArrayList<>();
            reader.forEachRemaining(nodes::add);
            nodeRowsSkipped = reader.rowsSkipped();
        }
        long totalEvents = Math.min(config.maxEvents(), countEvents(trace, policy, nodes.size()));
        LOG.info("Trace {} validated: {} nodes, {} events to send", config.podListFile(), nodes.size(), totalEvents);

        Producer<String, PlatformEvent> producer = createProducer();
        try (PodListReader pods = trace.openPods(policy)) {
            awaitTopicMetadata(producer);
            TraceEventGenerator generator = new TraceEventGenerator(config.platformId(), config.startTime(),
                    TraceReplayConfig.SOURCE, nodes, pods);
            ReplaySummary summary = produce(producer, generator, totalEvents, nodeRowsSkipped, pods);
            LOG.info("Trace replay finished: platform {}, {} events in {} ms, {} invalid rows skipped, {} fallback"
                            + " placements", summary.platformId(), summary.eventsSent(), summary.wallTime().toMillis(),
                    summary.invalidRowsSkipped(), summary.fallbackPlacements());
            return summary;
        } finally {
            // Bounded, so a replay that failed because the broker is gone does not wait the full delivery timeout.
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private static Serializer<PlatformEvent> registrySerializer(TraceReplayConfig config) {
        config.validate();
        String url = config.schemaRegistryUrl();
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema registry URL is missing; set it, for example"
                    + " http://127.0.0.1:8081, or pass a value serializer");
        }
        Map<String, Object> serdeConfig = new HashMap<>(config.clientProperties());
        serdeConfig.put(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, url);
        return PipeTwinSerdes.platformEvent(serdeConfig).serializer();
    }

    private ReplaySummary produce(Producer<String, PlatformEvent> producer, TraceEventGenerator generator,
                                  long totalEvents, long nodeRowsSkipped, PodListReader pods) {
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        AtomicReference<String> failedEventId = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        Map<TraceEventGenerator.EventType, Long> sentByType = new EnumMap<>(TraceEventGenerator.EventType.class);
        for (TraceEventGenerator.EventType type : TraceEventGenerator.EventType.values()) {
            sentByType.put(type, 0L);
        }
        PrintStream terminal = ReplayProgress.terminalOrNull(config.progressBar());
        ReplayProgress progress = new ReplayProgress(config.platformId(), totalEvents, terminal);

        long startNanos = System.nanoTime();
        long sent = 0;
        Instant firstEventTime = null;
        Instant lastEventTime = null;
        while (sent < config.maxEvents() && generator.hasNext()) {
            PlatformEvent event = generator.next();
            pace(event, startNanos, progress, acknowledged);
            checkFailure(firstFailure, failedEventId);

            String eventId = event.getEventId();
            producer.send(new ProducerRecord<>(config.topic(), config.platformId(), event), (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.incrementAndGet();
                } else if (firstFailure.compareAndSet(null, exception)) {
                    failedEventId.set(eventId);
                }
            });
            sent++;
            sentByType.merge(typeOf(event), 1L, Long::sum);
            if (firstEventTime == null) {
                firstEventTime = event.getEventTime();
            }
            lastEventTime = event.getEventTime();
            progress.update(acknowledged.get(), lastEventTime);
        }
        producer.flush();
        checkFailure(firstFailure, failedEventId);
        Duration wallTime = Duration.ofNanos(System.nanoTime() - startNanos);
        progress.finish(acknowledged.get(), lastEventTime);

        if (acknowledged.get() != sent) {
            throw new ReplayException("replay of platform " + config.platformId() + " sent " + sent
                    + " events but only " + acknowledged.get() + " were acknowledged; rerun the replay");
        }
        return new ReplaySummary(config.platformId(), sent, Collections.unmodifiableMap(sentByType),
                nodeRowsSkipped + pods.rowsSkipped(), generator.fallbackPlacements(), firstEventTime, lastEventTime,
                generator.hasNext(), wallTime);
    }

    /** Sleeps until the event is due at the configured speed; returns at once for speed 0. */
    private void pace(PlatformEvent event, long startNanos, ReplayProgress progress, AtomicLong acknowledged) {
        if (config.speed() <= 0) {
            return;
        }
        double traceSeconds = (event.getEventTime().toEpochMilli() - config.startTime().toEpochMilli()) / 1000.0;
        long dueNanos = startNanos + (long) (traceSeconds / config.speed() * 1e9);
        while (true) {
            long waitMillis = (dueNanos - System.nanoTime()) / 1_000_000;
            if (waitMillis <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(waitMillis, MAX_SLEEP_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayException("replay of platform " + config.platformId() + " interrupted", e);
            }
            Instant simulated = config.startTime().plusMillis(
                    (long) ((System.nanoTime() - startNanos) / 1e6 * config.speed()));
            progress.update(acknowledged.get(), simulated);
        }
    }

    private void checkFailure(AtomicReference<Exception> firstFailure, AtomicReference<String> failedEventId) {
        Exception failure = firstFailure.get();
        if (failure != null) {
            LOG.error("Send of event {} to topic {} failed; stopping the replay of platform {}",
                    failedEventId.get(), config.topic(), config.platformId(), failure);
            throw new ReplayException("sending event " + failedEventId.get() + " to topic " + config.topic()
                    + " failed: " + failure + "; check the broker and rerun the replay (event ids are"
                    + " deterministic, so consumers can drop duplicates)", failure);
        }
    }

    /** Fetches the topic's partitions, retrying with doubling backoff, so a missing broker fails early. */
    private void awaitTopicMetadata(Producer<String, PlatformEvent> producer) {
        Duration backoff = config.connectBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                int partitions = producer.partitionsFor(config.topic()).size();
                LOG.info("Topic {} has {} partition(s); producing", config.topic(), partitions);
                return;
            } catch (KafkaException e) {
                boolean retriable = e instanceof RetriableException;
                if (!retriable || attempt >= config.connectAttempts()) {
                    throw new ReplayException("cannot fetch metadata of topic " + config.topic() + " from "
                            + config.bootstrapServers() + " after " + attempt + " attempt(s): " + e
                            + "; check that the broker runs and the topic exists", e);
                }
                LOG.warn("Fetching metadata of topic {} failed (attempt {} of {}): {}; retrying in {} ms",
                        config.topic(), attempt, config.connectAttempts(), e.toString(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private Producer<String, PlatformEvent> createProducer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "pipetwin-trace-replay-" + config.platformId());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        props.putAll(config.clientProperties());
        enforce(props, ProducerConfig.ACKS_CONFIG, "all");
        enforce(props, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new StringSerializer(), valueSerializer);
    }

    private static void enforce(Map<String, Object> props, String key, String value) {
        Object previous = props.put(key, value);
        if (previous != null && !value.equals(previous.toString())) {
            LOG.warn("Ignoring client property {}={}: the replay requires {}={}", key, previous, key, value);
        }
    }

    /** Counts the events the trace produces, reading it once; invalid rows raise or are skipped here too. */
    private static long countEvents(AlibabaGpu2023Trace trace, RowErrorPolicy policy, int nodeCount) {
        long events = nodeCount;
        try (PodListReader pods = trace.openPods(policy)) {
            while (pods.hasNext()) {
                TraceTask task = pods.next();
                events += 2;
                if (task.started()) {
                    events++;
                    if (TraceEventGenerator.finishStatus(task.status()) != null && task.endTimeSeconds().isPresent()) {
                        events++;
                    }
                } else if (task.endTimeSeconds().isPresent()) {
                    events++;
                }
            }
        }
        return events;
    }

    private static TraceEventGenerator.EventType typeOf(PlatformEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof NodeAdded) {
            return TraceEventGenerator.EventType.NODE_ADDED;
        } else if (payload instanceof PipelineSubmitted) {
            return TraceEventGenerator.EventType.PIPELINE_SUBMITTED;
        } else if (payload instanceof TaskQueued) {
            return TraceEventGenerator.EventType.TASK_QUEUED;
        } else if (payload instanceof TaskStarted) {
            return TraceEventGenerator.EventType.TASK_STARTED;
        } else if (payload instanceof TaskFinished) {
            return TraceEventGenerator.EventType.TASK_FINISHED;
        } else if (payload instanceof TaskCancelled) {
            return TraceEventGenerator.EventType.TASK_CANCELLED;
        }
        throw new IllegalStateException("unexpected payload " + payload.getClass().getName());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("interrupted while waiting for the broker", e);
        }
    }
}

package io.pipetwin.ingest.replay;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.trace.alibaba2023.NodeListReader;
import io.pipetwin.core.trace.emulation.EmulatedClusters;
import io.pipetwin.core.trace.emulation.EmulatedPlatform;
import io.pipetwin.core.trace.formats.TraceFormat;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.config.KafkaClientProperties;
import io.pipetwin.schemas.registry.SchemaRegistryClientConfig;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a trace onto Kafka as {@link PlatformEvent}s of one platform, keyed by the platform id, in
 * event-time order. Any {@link TraceFormat} is read: formats that record start and finish times go
 * straight to the {@link TraceEventGenerator}; the others run through an {@link EmulatedPlatform} (FIFO,
 * first-fit) on the configured cluster first, so the full stream of submissions, queueing, starts and
 * finishes is published. An Avro container file of platform events ({@code pipetwin-avro}) is sent as
 * stored. {@link #stop()} ends a replay early and cleanly.
 *
 * <p>Delivery: the producer uses {@code acks=all} and idempotence, and every send callback is checked.
 * The first failed send stops the replay with a {@link ReplayException}; no event is dropped silently.
 * The producer retries transient errors itself until {@code delivery.timeout.ms} (default 2 minutes), which
 * covers a broker restart; sending pauses while {@code maxUnacknowledgedEvents} wait. Before the first send
 * the replayer fetches the topic's metadata, retrying {@code connectAttempts} times with doubling backoff.
 * Every record carries its event id in the header {@code pipetwin.event-id}.
 *
 * <p>Resume: with a checkpoint file, events are sent in transactions of the transactional id
 * {@code pipetwin-replay-<platformId>}, and the file records the committed count after each commit. A
 * resumed run first calls {@code initTransactions()}, which aborts the open transaction of a killed run,
 * then skips the checkpoint's count plus the platform's committed records after the checkpoint's offset
 * (a kill between a commit and the checkpoint write leaves such records). A {@code read_committed}
 * consumer then reads each event once, in order. Transactions were chosen over deduplicating by event id
 * on resume because fencing also stops a half-dead earlier run from appending after the resumed run has
 * read the topic tail, and because records of an aborted transaction stay invisible to such consumers.
 *
 * <p>Record timestamps are the wall-clock produce time (the producer's default CreateTime); the event
 * time is only in the payload, because a Kafka 4 broker rejects records timestamped more than an hour
 * ahead and time-based retention would delete records with old timestamps at once.
 *
 * <p>Pacing: with speed X, an event at trace second t is sent no earlier than t / X wall seconds after
 * the start; with speed 0 events are sent as fast as the producer accepts them. A resumed run measures t
 * from its first event, so it does not wait through the part an earlier run sent.
 */
public final class TraceReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(TraceReplayer.class);

    /** Maximum single sleep while pacing, so the progress display stays current during idle stretches. */
    private static final long MAX_SLEEP_MILLIS = 500;

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final TraceReplayConfig config;
    private final Serializer<PlatformEvent> valueSerializer;
    private volatile boolean stopRequested;
    private final Iterator<PlatformEvent> liveEvents;

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
        this(config, valueSerializer, null);
    }

    /**
     * Creates a replayer that sends {@code events} (for example a
     * {@link io.pipetwin.ingest.synthetic.SyntheticPlatform}) instead of reading a trace: the format, input,
     * node and GPU options are ignored, and pacing, limits, checkpoints and {@link #stop()} apply as for a
     * trace. An unbounded iterator is replayed until {@link #stop()} or the maximum number of events.
     *
     * @param events events in event-time order, or null to read the configured trace
     */
    public TraceReplayer(TraceReplayConfig config, Serializer<PlatformEvent> valueSerializer,
                         Iterator<PlatformEvent> events) {
        Objects.requireNonNull(config, "config");
        if (events != null) {
            config.inputOptional();
        }
        this.liveEvents = events;
        this.config = config.validate();
        if (events == null && config.avroEvents() && !config.platformIdSet()) {
            String first = PlatformEventAvroFile.firstPlatformId(config.input());
            config.platformId(first != null ? first : TraceReplayConfig.PIPETWIN_AVRO);
        }
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
        LOG.info("Trace replay starting: {}; client properties {}", config,
                KafkaClientProperties.of(config.clientProperties()).redacted());
        EventSource source = liveEvents != null ? iteratorSource(liveEvents, null)
                : config.avroEvents() ? null : traceSource(policy);
        long totalEvents = liveEvents != null ? (config.maxEvents() == Long.MAX_VALUE ? 0 : config.maxEvents())
                : source == null ? Math.min(config.maxEvents(), PlatformEventAvroFile.count(config.input()))
                : countEvents(source, policy, config.maxEvents());
        if (liveEvents == null) {
            LOG.info("Trace {} ({}) validated: {} events to send", config.input(), config.format(), totalEvents);
        }

        boolean transactional = config.checkpointFile() != null;
        Producer<String, PlatformEvent> producer = createProducer(transactional);
        try (EventSource events = source == null ? avroSource() : source.open(policy)) {
            awaitTopicMetadata(producer);
            DeliveredPrefix delivered = DeliveredPrefix.NONE;
            if (transactional) {
                initTransactions(producer);
                if (config.resume()) {
                    delivered = DeliveredPrefix.find(config, readMatchingCheckpoint());
                }
            }
            skipDelivered(events, delivered);
            EventSender sender = new EventSender(config, producer, transactional, delivered);
            ReplaySummary summary = produce(sender, events, totalEvents, delivered.events());
            LOG.info("Trace replay {}: platform {}, {} events in {} ms ({} skipped as already delivered),"
                            + " {} invalid rows skipped, {} fallback placements",
                    stopRequested ? "stopped" : "finished", summary.platformId(),
                    summary.eventsSent(), summary.wallTime().toMillis(), summary.eventsResumedAfter(),
                    summary.invalidRowsSkipped(), summary.fallbackPlacements());
            return summary;
        } finally {
            // Bounded, so a replay that failed because the broker is gone does not wait the full delivery timeout.
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * Asks a running {@link #run()} to stop after the event it is sending: it stops pacing, waits for the
     * acknowledgements (and commits the open transaction) and returns its summary. Safe from any thread,
     * for example a shutdown hook, and instead of interrupting the replay thread.
     */
    public void stop() {
        if (!stopRequested) {
            stopRequested = true;
            LOG.info("Stop requested for the replay of platform {}", config.platformId());
        }
    }

    /** Events of one replay and the reader counts its summary reports. */
    private interface EventSource extends Iterator<PlatformEvent>, AutoCloseable {
        long rowsSkipped();

        long fallbackPlacements();

        @Override
        void close();

        /** Opens a fresh pass over the same events; sources that are already open return themselves. */
        default EventSource open(RowErrorPolicy policy) {
            return this;
        }
    }

    private EventSource avroSource() {
        PlatformEventAvroFile file = new PlatformEventAvroFile(config.input());
        return iteratorSource(file, file::close);
    }

    private static EventSource iteratorSource(Iterator<PlatformEvent> events, Runnable onClose) {
        return new EventSource() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public PlatformEvent next() {
                return events.next();
            }

            @Override
            public long rowsSkipped() {
                return 0;
            }

            @Override
            public long fallbackPlacements() {
                return 0;
            }

            @Override
            public void close() {
                if (onClose != null) {
                    onClose.run();
                }
            }
        };
    }

    /** A trace format's cluster and tasks; {@link EventSource#open} starts a pass of the event generator. */
    private final class TraceSource implements EventSource {
        private final TraceFormat format;
        private final List<TraceNode> nodes;
        private final List<NodeSpec> nodeSpecs;
        private final long nodeRowsSkipped;
        private TraceReader<TraceTask> tasks;
        private TraceEventGenerator generator;

        TraceSource(TraceFormat format, List<TraceNode> nodes, long nodeRowsSkipped) {
            this.format = format;
            this.nodes = nodes;
            this.nodeSpecs = EmulatedClusters.fromTrace(nodes);
            this.nodeRowsSkipped = nodeRowsSkipped;
        }

        /** Opens the tasks in submit order, through an emulated platform when the format has no start times. */
        TraceReader<TraceTask> openTasks(RowErrorPolicy policy) {
            TraceReader<TraceTask> read = format.openTasks(config.input(), policy);
            return format.recordsStartTimes() ? read : new EmulatedPlatform(read, nodeSpecs);
        }

        @Override
        public EventSource open(RowErrorPolicy policy) {
            TraceSource pass = new TraceSource(format, nodes, nodeRowsSkipped);
            pass.tasks = pass.openTasks(policy);
            pass.generator = new TraceEventGenerator(config.platformId(), config.startTime(), config.source(),
                    nodes, pass.tasks);
            return pass;
        }

        @Override
        public boolean hasNext() {
            return generator.hasNext();
        }

        @Override
        public PlatformEvent next() {
            return generator.next();
        }

        @Override
        public long rowsSkipped() {
            return nodeRowsSkipped + (tasks == null ? 0 : tasks.rowsSkipped());
        }

        @Override
        public long fallbackPlacements() {
            return generator == null ? 0 : generator.fallbackPlacements();
        }

        @Override
        public void close() {
            if (tasks != null) {
                tasks.close();
            }
        }
    }

    /**
     * Reads the cluster of a trace format: for {@code alibaba-gpu-2023} its node list (rows skipped counted),
     * else {@link EmulatedClusters#forTrace}: {@code gpus} GPUs, the node list, or nodes sized for the load.
     */
    private TraceSource traceSource(RowErrorPolicy policy) {
        TraceFormat format = config.traceFormat().orElseThrow();
        if (format == TraceFormat.ALIBABA_GPU_2023 && config.gpus() == 0) {
            Path input = config.input();
            Path pods = Files.isDirectory(input) ? input.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST) : input;
            Path nodeList = config.nodesFile() != null ? config.nodesFile()
                    : pods.resolveSibling(AlibabaGpu2023Trace.DEFAULT_NODE_LIST);
            try (NodeListReader reader = AlibabaGpu2023Trace.of(pods, nodeList).openNodes(policy)) {
                List<TraceNode> nodes = new ArrayList<>();
                reader.forEachRemaining(nodes::add);
                return new TraceSource(format, nodes, reader.rowsSkipped());
            }
        }
        List<NodeSpec> specs = EmulatedClusters.forTrace(format, config.input(), config.nodesFile(), policy,
                config.gpus());
        List<TraceNode> nodes = new ArrayList<>(specs.size());
        for (NodeSpec spec : specs) {
            nodes.add(new TraceNode(spec.nodeId(), spec.cpuMilli(), spec.memoryMib(), spec.gpuCount(),
                    spec.gpuModel()));
        }
        LOG.info("Cluster of the {} replay: {} nodes, {} GPUs{}", format, nodes.size(),
                nodes.stream().mapToLong(TraceNode::gpuCount).sum(),
                format.recordsStartTimes() ? "" : "; starts and finishes emulated with FIFO and first-fit");
        return new TraceSource(format, nodes, 0);
    }

    /** Reads the checkpoint and rejects one written for another topic, platform or trace. */
    private ReplayCheckpoint readMatchingCheckpoint() {
        ReplayCheckpoint checkpoint = ReplayCheckpoint.read(config.checkpointFile());
        if (checkpoint == null) {
            LOG.info("Checkpoint {} does not exist; resuming after the events of platform {} already in topic {}",
                    config.checkpointFile(), config.platformId(), config.topic());
            return null;
        }
        String podList = config.inputName();
        if (!checkpoint.topic().equals(config.topic()) || !checkpoint.platformId().equals(config.platformId())
                || !checkpoint.podListFile().equals(podList)) {
            throw new ReplayException("checkpoint " + config.checkpointFile() + " belongs to topic "
                    + checkpoint.topic() + ", platform " + checkpoint.platformId() + " and trace "
                    + checkpoint.podListFile() + ", not topic " + config.topic() + ", platform " + config.platformId()
                    + " and trace " + podList + "; pass the matching options or another checkpoint file");
        }
        LOG.info("Checkpoint {}: {} events committed, last {} at {}-{}@{}", config.checkpointFile(),
                checkpoint.eventsDelivered(), checkpoint.lastEventId(), checkpoint.topic(), checkpoint.partition(),
                checkpoint.offset());
        return checkpoint;
    }

    /** Advances the generator past the delivered prefix and checks that its last event matches the topic. */
    private void skipDelivered(Iterator<PlatformEvent> generator, DeliveredPrefix delivered) {
        String lastId = "";
        for (long i = 0; i < delivered.events(); i++) {
            if (!generator.hasNext()) {
                throw new ReplayException("topic " + config.topic() + " contains " + delivered.events() + " events of"
                        + " platform " + config.platformId() + " but the trace produces only " + i
                        + "; resume only with the trace of the earlier run");
            }
            lastId = generator.next().getEventId();
        }
        if (!lastId.equals(delivered.lastEventId())) {
            throw new ReplayException("event " + delivered.events() + " of the trace is " + lastId + " but the last"
                    + " committed event of platform " + config.platformId() + " is " + delivered.lastEventId()
                    + "; the topic was written by another replay, so use a new topic or replay without resume");
        }
    }

    /** Registers the transactional id, retrying time-outs; this aborts a transaction a killed run left open. */
    private void initTransactions(Producer<String, PlatformEvent> producer) {
        Duration backoff = config.connectBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                producer.initTransactions();
                LOG.info("Transactional id {} initialised", config.transactionalId());
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (attempt >= config.connectAttempts()) {
                    throw new ReplayException("initialising transactional id " + config.transactionalId()
                            + " timed out " + attempt + " times: " + e.getMessage() + "; check the broker", e);
                }
                LOG.warn("Initialising transactional id {} timed out (attempt {} of {}); retrying in {} ms",
                        config.transactionalId(), attempt, config.connectAttempts(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
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

    private ReplaySummary produce(EventSender sender, EventSource events, long totalEvents, long eventsBefore) {
        Map<TraceEventGenerator.EventType, Long> sentByType = new EnumMap<>(TraceEventGenerator.EventType.class);
        for (TraceEventGenerator.EventType type : TraceEventGenerator.EventType.values()) {
            if (type != TraceEventGenerator.EventType.OTHER) {
                sentByType.put(type, 0L);
            }
        }
        PrintStream terminal = ReplayProgress.terminalOrNull(config.progressBar());
        ReplayProgress progress = new ReplayProgress(config.platformId(), Math.max(totalEvents - eventsBefore, 0),
                terminal);

        long startNanos = System.nanoTime();
        long position = eventsBefore;
        long sent = 0;
        Instant pacingOrigin = null;
        Instant firstEventTime = null;
        Instant lastEventTime = null;
        while (!stopRequested && position < config.maxEvents() && events.hasNext()) {
            PlatformEvent event = events.next();
            if (firstEventTime == null) {
                firstEventTime = event.getEventTime();
                // Pacing counts from the first event: trace time 0 for a new replay of a trace format, the
                // first remaining event for a resumed run or an Avro file.
                pacingOrigin = firstEventTime;
            }
            if (!pace(event, pacingOrigin, startNanos, progress, sender)) {
                break;
            }
            sender.send(event);
            position++;
            sent++;
            sentByType.merge(typeOf(event), 1L, Long::sum);
            lastEventTime = event.getEventTime();
            progress.update(sender.acknowledged(), lastEventTime);
        }
        sender.finish();
        Duration wallTime = Duration.ofNanos(System.nanoTime() - startNanos);
        progress.finish(sender.acknowledged(), lastEventTime);

        return new ReplaySummary(config.platformId(), sent, Collections.unmodifiableMap(sentByType),
                events.rowsSkipped(), events.fallbackPlacements(), firstEventTime, lastEventTime,
                !stopRequested && events.hasNext(), wallTime, eventsBefore);
    }

    /**
     * Sleeps until the event is due at the configured speed; returns at once for speed 0.
     *
     * @return false when {@link #stop()} was called while waiting, so the event is not sent
     */
    private boolean pace(PlatformEvent event, Instant origin, long startNanos, ReplayProgress progress,
                         EventSender sender) {
        if (config.speed() <= 0) {
            return true;
        }
        double traceSeconds = (event.getEventTime().toEpochMilli() - origin.toEpochMilli()) / 1000.0;
        long dueNanos = startNanos + (long) (traceSeconds / config.speed() * 1e9);
        while (true) {
            long waitMillis = (dueNanos - System.nanoTime()) / 1_000_000;
            if (waitMillis <= 0) {
                return true;
            }
            if (stopRequested) {
                return false;
            }
            try {
                Thread.sleep(Math.min(waitMillis, MAX_SLEEP_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReplayException("replay of platform " + config.platformId() + " interrupted", e);
            }
            sender.commitIfDue();
            Instant simulated = origin.plusMillis((long) ((System.nanoTime() - startNanos) / 1e6 * config.speed()));
            progress.update(sender.acknowledged(), simulated);
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

    /**
     * Creates the producer. The retry settings are explicit so their effect can be read here: the producer
     * retries a failed request without limit ({@code retries}), backing off from 100 ms to 1 s, each request
     * waiting up to 30 s, and reconnects from 50 ms to 1 s apart, until {@code delivery.timeout.ms} after the
     * send; {@code send()} itself waits for metadata up to that timeout too. Idempotence with at most 5 requests in flight keeps the order and writes each record once across
     * those retries and broker restarts. Client properties override everything but acks and idempotence.
     */
    private Producer<String, PlatformEvent> createProducer(boolean transactional) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "pipetwin-trace-replay-" + config.platformId());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // send() waits for topic metadata up to max.block.ms. A restarted broker can answer metadata requests
        // before it has loaded its partitions, so the producer drops the topic and waits for it again; a
        // shorter wait than the delivery timeout failed replays across broker restarts of about 15 s.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        props.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1_000);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        if (transactional) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
            props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        }
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

    /**
     * Counts the events the trace produces, up to {@code limit}, reading it once (through the emulation for
     * formats without start times); invalid rows raise or are skipped here too.
     */
    private static long countEvents(EventSource source, RowErrorPolicy policy, long limit) {
        TraceSource trace = (TraceSource) source;
        long events = trace.nodes.size();
        try (TraceReader<TraceTask> tasks = trace.openTasks(policy)) {
            while (events < limit && tasks.hasNext()) {
                TraceTask task = tasks.next();
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
        return Math.min(events, limit);
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
        return TraceEventGenerator.EventType.OTHER;
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

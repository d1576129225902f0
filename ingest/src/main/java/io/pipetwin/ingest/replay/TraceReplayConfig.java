package io.pipetwin.ingest.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.trace.formats.TraceFormat;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.config.KafkaClientProperties;

/**
 * Options of a {@link TraceReplayer}. Setters return {@code this}; {@link #validate()} checks the whole
 * object before a replay starts.
 */
public final class TraceReplayConfig {

    /**
     * Instant that trace time 0 maps to when no start time is set. Traces give only offsets from their own
     * start. A fixed instant keeps replays of one trace identical, and this one lies in the past, so no
     * event time is ahead of the wall clock.
     */
    public static final Instant DEFAULT_START_TIME = Instant.parse("2023-01-01T00:00:00Z");

    /** Platform id used when none is set. */
    public static final String DEFAULT_PLATFORM_ID = "alibaba-gpu-2023";

    /** Producer {@code delivery.timeout.ms} when none is set: how long one send may be retried. */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Events allowed to wait for an acknowledgement when no limit is set. At about 300 bytes per serialized
     * event that is about 6 MB, well below the producer's default 32 MiB {@code buffer.memory}.
     */
    public static final int DEFAULT_MAX_UNACKNOWLEDGED_EVENTS = 20_000;

    /** Events per transaction, and so per checkpoint write, when none is set. */
    public static final int DEFAULT_CHECKPOINT_EVERY_EVENTS = 5_000;

    /** Maximum age of a transaction, and so time between checkpoint writes, when none is set. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    /** Value of the events' {@code source} field in a replay of the default format. */
    public static final String SOURCE = "trace-replay:alibaba-gpu-2023";

    /** Format replayed when none is set. */
    public static final String DEFAULT_FORMAT = "alibaba-gpu-2023";

    /**
     * Format name of an Avro object container file of {@link io.pipetwin.schemas.avro.PlatformEvent}s,
     * replayed as-is; the other names are those of {@link TraceFormat}.
     */
    public static final String PIPETWIN_AVRO = "pipetwin-avro";

    private String bootstrapServers;
    private String schemaRegistryUrl;
    private final Map<String, String> clientProperties = new LinkedHashMap<>();
    private String topic = Topics.PLATFORM_EVENTS;
    private String platformId;
    private String format = DEFAULT_FORMAT;
    private Path podListFile;
    private Path nodeListFile;
    private int gpus;
    private boolean inputOptional;
    private double speed;
    private Instant startTime = DEFAULT_START_TIME;
    private boolean skipInvalidRows;
    private long maxEvents = Long.MAX_VALUE;
    private boolean progressBar = true;
    private int connectAttempts = 5;
    private Duration connectBackoff = Duration.ofSeconds(1);
    private Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
    private int maxUnacknowledgedEvents = DEFAULT_MAX_UNACKNOWLEDGED_EVENTS;
    private Path checkpointFile;
    private boolean resume;
    private int checkpointEveryEvents = DEFAULT_CHECKPOINT_EVERY_EVENTS;
    private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;

    /** Sets the Kafka {@code bootstrap.servers}, for example {@code 127.0.0.1:9092}. Required. */
    public TraceReplayConfig bootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        return this;
    }

    /** Sets the base URL of the Confluent-compatible schema registry the value serializer registers with. */
    public TraceReplayConfig schemaRegistryUrl(String schemaRegistryUrl) {
        this.schemaRegistryUrl = schemaRegistryUrl;
        return this;
    }

    /**
     * Adds producer properties, for example {@code security.protocol} or SASL settings. They override the
     * replayer's defaults except {@code acks=all} and {@code enable.idempotence=true}, which are enforced.
     */
    public TraceReplayConfig clientProperties(Map<String, String> properties) {
        clientProperties.putAll(properties);
        return this;
    }

    /**
     * Adds producer properties loaded from a file, the environment and flags; the one-line path from
     * {@link KafkaClientProperties#load} to the replay.
     */
    public TraceReplayConfig clientProperties(KafkaClientProperties properties) {
        return clientProperties(properties.asMap());
    }

    /** Sets the topic to produce to; default {@value io.pipetwin.schemas.Topics#PLATFORM_EVENTS}. */
    public TraceReplayConfig topic(String topic) {
        this.topic = topic;
        return this;
    }

    /**
     * Sets the platform id: record key and {@code platformId} of every trace event; default the format name
     * ({@value #DEFAULT_PLATFORM_ID} for the default format), and for {@value #PIPETWIN_AVRO} the platform id
     * of the file's first event. Events of an Avro file keep their own {@code platformId}; this is their key.
     */
    public TraceReplayConfig platformId(String platformId) {
        this.platformId = platformId;
        return this;
    }

    /**
     * Sets the trace format by its command-line name: one of {@link TraceFormat#validNames()} or
     * {@value #PIPETWIN_AVRO}; default {@value #DEFAULT_FORMAT}.
     */
    public TraceReplayConfig format(String format) {
        this.format = format;
        return this;
    }

    /**
     * Sets the trace input: the file (or folder, for {@code alibaba-gpu-2023}) that the format reads. Same
     * field as {@link #podListFile(Path)}.
     */
    public TraceReplayConfig input(Path input) {
        this.podListFile = input;
        return this;
    }

    /**
     * Sets the node list file of the cluster: the format's own node list ({@code pai_machine_spec.csv} for
     * {@code alibaba-pai-2020}) or an Alibaba 2023-style CSV {@code sn,cpu_milli,memory_mib,gpu,model}.
     * Default: the trace's own node list where it has one, else a cluster sized for the trace's load.
     */
    public TraceReplayConfig nodesFile(Path nodes) {
        this.nodeListFile = nodes;
        return this;
    }

    /**
     * Sets the GPU count of the emulated cluster (8-GPU nodes, see
     * {@link io.pipetwin.core.trace.emulation.EmulatedClusters#homogeneous}); it replaces the node list.
     * Default 0: the node list, or a cluster sized for about 70 % GPU utilisation.
     */
    public TraceReplayConfig gpus(int gpus) {
        this.gpus = gpus;
        return this;
    }

    /** Sets format {@value #DEFAULT_FORMAT} with the pod list and node list of their published names in {@code directory}. */
    public TraceReplayConfig traceDirectory(Path directory) {
        this.format = DEFAULT_FORMAT;
        this.podListFile = directory.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST);
        this.nodeListFile = directory.resolve(AlibabaGpu2023Trace.DEFAULT_NODE_LIST);
        return this;
    }

    /** Sets the pod list file ({@code openb_pod_list_*.csv}). */
    public TraceReplayConfig podListFile(Path podListFile) {
        this.podListFile = podListFile;
        return this;
    }

    /** Sets the node list file ({@code openb_node_list_*.csv}). */
    public TraceReplayConfig nodeListFile(Path nodeListFile) {
        this.nodeListFile = nodeListFile;
        return this;
    }

    /**
     * Sets the replay speed in simulated seconds per wall-clock second, for example 3600 for one trace
     * hour per second; 0 (the default) replays as fast as the broker accepts.
     */
    public TraceReplayConfig speed(double speed) {
        this.speed = speed;
        return this;
    }

    /** Sets the instant that trace time 0 maps to; default {@link #DEFAULT_START_TIME}. */
    public TraceReplayConfig startTime(Instant startTime) {
        this.startTime = startTime;
        return this;
    }

    /** Sets whether invalid trace rows are skipped and counted (true) or stop the replay (false, default). */
    public TraceReplayConfig skipInvalidRows(boolean skipInvalidRows) {
        this.skipInvalidRows = skipInvalidRows;
        return this;
    }

    /** Sets the number of events after which the replay stops; default unlimited. */
    public TraceReplayConfig maxEvents(long maxEvents) {
        this.maxEvents = maxEvents;
        return this;
    }

    /**
     * Sets whether progress is drawn as a bar on stderr when stderr is a terminal (default true). Otherwise,
     * and when false, progress is logged every 10 seconds.
     */
    public TraceReplayConfig progressBar(boolean progressBar) {
        this.progressBar = progressBar;
        return this;
    }

    /** Sets how often the replayer tries to fetch the topic's metadata before giving up; default 5. */
    public TraceReplayConfig connectAttempts(int connectAttempts) {
        this.connectAttempts = connectAttempts;
        return this;
    }

    /** Sets the wait before the first metadata retry; it doubles per retry; default 1 s. */
    public TraceReplayConfig connectBackoff(Duration connectBackoff) {
        this.connectBackoff = connectBackoff;
        return this;
    }

    /**
     * Sets the producer's {@code delivery.timeout.ms}: how long a send is retried while the broker is
     * unavailable before the replay fails; default 2 minutes. A {@code delivery.timeout.ms} client property
     * overrides it.
     */
    public TraceReplayConfig deliveryTimeout(Duration deliveryTimeout) {
        this.deliveryTimeout = deliveryTimeout;
        return this;
    }

    /** Sets how many events may wait for an acknowledgement before sending pauses; default 20,000. */
    public TraceReplayConfig maxUnacknowledgedEvents(int maxUnacknowledgedEvents) {
        this.maxUnacknowledgedEvents = maxUnacknowledgedEvents;
        return this;
    }

    /**
     * Sets the checkpoint file and turns on transactional sends: events go in transactions with the
     * transactional id {@code pipetwin-replay-<platformId>}, and after each commit the file records how many
     * events are committed. Consumers must read with {@code isolation.level=read_committed} to see each
     * event once. Default: none, plain idempotent sends.
     */
    public TraceReplayConfig checkpointFile(Path checkpointFile) {
        this.checkpointFile = checkpointFile;
        return this;
    }

    /**
     * Sets whether the replay continues after the events already committed by an earlier run with the same
     * checkpoint file, topic and platform; default false (start at the first event). Needs a checkpoint file.
     */
    public TraceReplayConfig resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** Sets the maximum events per transaction, so per checkpoint write; default 5,000. */
    public TraceReplayConfig checkpointEveryEvents(int checkpointEveryEvents) {
        this.checkpointEveryEvents = checkpointEveryEvents;
        return this;
    }

    /** Sets the maximum age of a transaction, so the time between checkpoint writes; default 2 s. */
    public TraceReplayConfig checkpointInterval(Duration checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
        return this;
    }

    /**
     * Checks every option.
     *
     * @throws IllegalArgumentException naming the invalid option, its value and the fix
     */
    public TraceReplayConfig validate() {
        require(bootstrapServers != null && !bootstrapServers.isBlank(),
                "bootstrap servers are missing; set them, for example 127.0.0.1:9092");
        require(topic != null && !topic.isBlank(), "topic is missing; set a topic name");
        require(platformId == null || !platformId.isBlank(), "platform id is blank; set a non-empty platform id");
        require(format != null && (PIPETWIN_AVRO.equalsIgnoreCase(format) || TraceFormat.find(format).isPresent()),
                "trace format '" + format + "' is unknown; use one of " + formatNames());
        require(inputOptional || podListFile != null, "trace input is missing; set the input file or the trace directory");
        require(gpus >= 0, "GPU count " + gpus + " is invalid; use 0 for the node list or a positive number");
        require(Double.isFinite(speed) && speed >= 0,
                "speed " + speed + " is invalid; use 0 for as fast as possible or a positive number of simulated seconds per second");
        require(startTime != null, "start time is missing");
        require(maxEvents > 0, "max events " + maxEvents + " is invalid; use a positive number");
        require(connectAttempts > 0, "connect attempts " + connectAttempts + " is invalid; use 1 or more");
        require(connectBackoff != null && !connectBackoff.isNegative(),
                "connect backoff " + connectBackoff + " is invalid; use zero or a positive duration");
        require(deliveryTimeout != null && deliveryTimeout.toMillis() > 0 && deliveryTimeout.toMillis() <= Integer.MAX_VALUE,
                "delivery timeout " + deliveryTimeout + " is invalid; use a positive duration, for example 2 minutes");
        require(maxUnacknowledgedEvents > 0,
                "max unacknowledged events " + maxUnacknowledgedEvents + " is invalid; use 1 or more");
        require(!resume || checkpointFile != null,
                "resume needs a checkpoint file; set the checkpoint file that the earlier run wrote");
        require(checkpointEveryEvents > 0,
                "checkpoint every " + checkpointEveryEvents + " events is invalid; use 1 or more");
        require(checkpointInterval != null && checkpointInterval.toMillis() > 0,
                "checkpoint interval " + checkpointInterval + " is invalid; use a positive duration");
        return this;
    }

    /** Marks the input as not needed, for a replayer given its events directly. */
    void inputOptional() {
        this.inputOptional = true;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    /** Returns a copy of the extra producer properties. */
    public Map<String, String> clientProperties() {
        return Map.copyOf(clientProperties);
    }

    public String topic() {
        return topic;
    }

    /** Returns the platform id that was set, else the default described at {@link #platformId(String)} for trace formats. */
    public String platformId() {
        if (platformId != null) {
            return platformId;
        }
        return DEFAULT_FORMAT.equalsIgnoreCase(format) ? DEFAULT_PLATFORM_ID : format.toLowerCase(java.util.Locale.ROOT);
    }

    /** Returns whether a platform id was set explicitly. */
    public boolean platformIdSet() {
        return platformId != null;
    }

    /** Returns the format's command-line name, lower case. */
    public String format() {
        return format.toLowerCase(java.util.Locale.ROOT);
    }

    /** Returns whether the format is {@value #PIPETWIN_AVRO}. */
    public boolean avroEvents() {
        return PIPETWIN_AVRO.equalsIgnoreCase(format);
    }

    /** Returns the trace format, or empty for {@value #PIPETWIN_AVRO}. */
    public java.util.Optional<TraceFormat> traceFormat() {
        return TraceFormat.find(format);
    }

    /** Returns the value of the events' {@code source} field: {@code trace-replay:<format>}. */
    public String source() {
        return "trace-replay:" + format();
    }

    /** Returns the trace input (same as {@link #podListFile()}). */
    public Path input() {
        return podListFile;
    }

    /** Returns the input's file name, recorded in checkpoints; {@code events} for a replayer given its events. */
    public String inputName() {
        return podListFile == null ? "events" : podListFile.getFileName().toString();
    }

    /** Returns the node list file, or {@code null} for the trace's own. */
    public Path nodesFile() {
        return nodeListFile;
    }

    public int gpus() {
        return gpus;
    }

    /** Returns every accepted format name, comma-separated. */
    public static String formatNames() {
        return TraceFormat.validNames() + ", " + PIPETWIN_AVRO;
    }

    public Path podListFile() {
        return podListFile;
    }

    public Path nodeListFile() {
        return nodeListFile;
    }

    public double speed() {
        return speed;
    }

    public Instant startTime() {
        return startTime;
    }

    public boolean skipInvalidRows() {
        return skipInvalidRows;
    }

    public long maxEvents() {
        return maxEvents;
    }

    public boolean progressBar() {
        return progressBar;
    }

    public int connectAttempts() {
        return connectAttempts;
    }

    public Duration connectBackoff() {
        return connectBackoff;
    }

    public Duration deliveryTimeout() {
        return deliveryTimeout;
    }

    public int maxUnacknowledgedEvents() {
        return maxUnacknowledgedEvents;
    }

    /** Returns the checkpoint file, or {@code null} for plain idempotent sends without checkpoints. */
    public Path checkpointFile() {
        return checkpointFile;
    }

    public boolean resume() {
        return resume;
    }

    public int checkpointEveryEvents() {
        return checkpointEveryEvents;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** Returns the transactional id used with a checkpoint file: {@code pipetwin-replay-<platformId>}. */
    public String transactionalId() {
        return "pipetwin-replay-" + platformId();
    }

    @Override
    public String toString() {
        // Client properties may contain credentials, so only their keys are shown.
        return "TraceReplayConfig{bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", clientPropertyKeys=" + clientProperties.keySet() + ", topic=" + topic + ", platformId="
                + platformId() + ", format=" + format + ", input=" + podListFile + ", nodes=" + nodeListFile
                + ", gpus=" + gpus + ", speed=" + speed
                + ", startTime=" + startTime + ", skipInvalidRows=" + skipInvalidRows + ", maxEvents="
                + (maxEvents == Long.MAX_VALUE ? "unlimited" : Long.toString(maxEvents)) + ", deliveryTimeout="
                + deliveryTimeout + ", checkpointFile=" + checkpointFile + ", resume=" + resume + "}";
    }
}

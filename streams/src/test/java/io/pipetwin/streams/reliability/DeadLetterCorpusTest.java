package io.pipetwin.streams.reliability;

import io.pipetwin.core.forecast.Forecaster;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.NodeRemovalCause;
import io.pipetwin.schemas.avro.NodeRemoved;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PipelineTrigger;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.avro.TaskStatus;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.serde.AvroSerde;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.schemas.serde.WireFormat;
import io.pipetwin.streams.deadletter.DeadLetterCounts;
import io.pipetwin.streams.deadletter.DeadLetterHeaders;
import io.pipetwin.streams.deadletter.DeadLetterRecords;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.mirror.RejectReason;
import io.pipetwin.streams.topology.RateLimitedRejectionLog;
import io.pipetwin.streams.topology.TwinTopology;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mixes a generated corpus of bad records of every kind into the replay of a synthetic trace and runs
 * both the clean and the mixed stream through the twin topology with the Monte Carlo forecaster and real
 * wire-format Avro bytes. Every bad record must come out of the dead-letter topic with the reason its
 * kind implies and its original key, value and headers, or be counted as a duplicate; the forecasts of
 * the mixed run must equal those of the clean run.
 */
class DeadLetterCorpusTest {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterCorpusTest.class);
    private static final String PLATFORM = "corpus-platform";
    private static final String APPLICATION_ID = "dead-letter-corpus-test";
    /** Original header carrying the corpus index of each injected record, to match dead letters to injections. */
    private static final String CORPUS_INDEX = "corpus-index";
    private static final int BAD_PER_KIND = 80;
    private static final Duration LATENESS = MirrorLimits.defaults().allowedLateness();

    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private final Map<String, String> serdeConfig = Map.of("schema.registry.url", registry.url());
    private final AvroSerde<PlatformEvent> eventSerde = PipeTwinSerdes.platformEvent(serdeConfig);
    private final AvroSerde<QueueForecast> queueSerde = PipeTwinSerdes.queueForecast(serdeConfig);
    private final AvroSerde<ResourceForecast> resourceSerde = PipeTwinSerdes.resourceForecast(serdeConfig);

    /** Kinds of bad records; each maps to the reason the twin must give, or to DUPLICATE_EVENT (dropped). */
    private enum Kind {
        NOT_WIRE_FORMAT(RejectReason.NOT_WIRE_FORMAT),
        UNKNOWN_SCHEMA_ID(RejectReason.UNKNOWN_SCHEMA_ID),
        TRUNCATED_AVRO(RejectReason.UNDECODABLE),
        UNKNOWN_PAYLOAD(RejectReason.UNKNOWN_PAYLOAD),
        TOMBSTONE(RejectReason.MISSING_VALUE),
        KEY_MISMATCH(RejectReason.INVALID_PLATFORM_ID),
        UNKNOWN_NODE(RejectReason.UNKNOWN_NODE),
        UNKNOWN_TASK(RejectReason.UNKNOWN_TASK),
        WRONG_PIPELINE(RejectReason.UNKNOWN_PIPELINE),
        FINISH_BEFORE_START(RejectReason.FINISH_BEFORE_START),
        TOO_LATE(RejectReason.TOO_LATE),
        NEGATIVE_RESOURCES(RejectReason.INVALID_RESOURCES),
        ABSURD_RESOURCES(RejectReason.INVALID_RESOURCES),
        DUPLICATE(RejectReason.DUPLICATE_EVENT);

        final RejectReason reason;

        Kind(RejectReason reason) {
            this.reason = reason;
        }
    }

    private record Injected(int corpusIndex, Kind kind, byte[] key, byte[] value) {
    }

    /** A task of the valid stream that is known to the mirror at some point: its pipeline and whether it runs. */
    private static final class LiveTask {
        final String pipelineId;
        boolean running;

        LiveTask(String pipelineId) {
            this.pipelineId = pipelineId;
        }
    }

    @Test
    void everyBadRecordIsDeadLetteredOrCountedAndForecastsMatchCleanRun() throws IOException {
        List<PlatformEvent> valid = SyntheticEvents.generate(dir.resolve("trace"), PLATFORM, 300, 11);
        byte[] platformKey = PLATFORM.getBytes(StandardCharsets.UTF_8);
        List<byte[]> validBytes = new ArrayList<>();
        for (PlatformEvent event : valid) {
            validBytes.add(eventSerde.serializer().serialize(Topics.PLATFORM_EVENTS, event));
        }
        int schemaId = WireFormat.schemaIdOf(validBytes.get(0)).orElseThrow();
        int evolvedSchemaId = registerEvolvedSchema();

        // Plan the mixed stream: bad records go after random valid events past the first 20, spread over the trace.
        SplittableRandom random = new SplittableRandom(42);
        int kinds = Kind.values().length;
        List<Kind> plan = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < BAD_PER_KIND; i++) {
                plan.add(kind);
            }
        }
        Map<Integer, List<Kind>> afterValidIndex = new HashMap<>();
        for (Kind kind : plan) {
            afterValidIndex.computeIfAbsent(20 + random.nextInt(valid.size() - 20), i -> new ArrayList<>()).add(kind);
        }

        List<TestRecord<byte[], byte[]>> mixed = new ArrayList<>();
        List<Injected> injected = new ArrayList<>();
        Map<String, LiveTask> live = new LinkedHashMap<>();
        long latestMillis = Long.MIN_VALUE;
        for (int i = 0; i < valid.size(); i++) {
            PlatformEvent event = valid.get(i);
            mixed.add(new TestRecord<>(platformKey, validBytes.get(i), new RecordHeaders(), 0L));
            track(live, event);
            latestMillis = Math.max(latestMillis, event.getEventTime().toEpochMilli());
            for (Kind kind : afterValidIndex.getOrDefault(i, List.of())) {
                int index = injected.size();
                byte[][] keyAndValue = badRecord(kind, index, event, validBytes.get(i), latestMillis, live, random,
                        schemaId, evolvedSchemaId);
                if (keyAndValue == null) {
                    continue;
                }
                RecordHeaders headers = new RecordHeaders();
                headers.add(CORPUS_INDEX, Integer.toString(index).getBytes(StandardCharsets.UTF_8));
                headers.add("origin", "corpus".getBytes(StandardCharsets.UTF_8));
                injected.add(new Injected(index, kind, keyAndValue[0], keyAndValue[1]));
                mixed.add(new TestRecord<>(keyAndValue[0], keyAndValue[1], headers, 0L));
            }
        }
        Map<Kind, Integer> injectedPerKind = new EnumMap<>(Kind.class);
        injected.forEach(record -> injectedPerKind.merge(record.kind(), 1, Integer::sum));
        LOG.info("Corpus: {} valid events, {} bad records: {}", valid.size(), injected.size(), injectedPerKind);
        assertTrue(injected.size() >= 1_000, "the corpus has only " + injected.size() + " bad records");
        assertEquals(kinds, injectedPerKind.size(), "every kind must be in the corpus: " + injectedPerKind);

        List<TestRecord<byte[], byte[]>> clean = new ArrayList<>();
        for (byte[] bytes : validBytes) {
            clean.add(new TestRecord<>(platformKey, bytes, new RecordHeaders(), 0L));
        }
        Run cleanRun = run(clean, "clean");
        Run mixedRun = run(mixed, "mixed");

        // Nothing of the clean run is rejected, so the comparison is between two complete runs.
        assertEquals(0, cleanRun.counters.count(MirrorCounter.EVENTS_REJECTED), cleanRun.counters.toString());
        assertTrue(cleanRun.deadLetters.isEmpty());
        assertTrue(cleanRun.queue.size() > 50, "only " + cleanRun.queue.size() + " queue forecasts");
        assertEquals(cleanRun.queue, mixedRun.queue);
        assertEquals(cleanRun.resources, mixedRun.resources);
        assertEquals(valid.size(), mixedRun.counters.count(MirrorCounter.EVENTS_APPLIED));

        // Every dead letter matches one injected record: reason, key, value and original headers.
        Map<Integer, Injected> byIndex = new HashMap<>();
        injected.forEach(record -> byIndex.put(record.corpusIndex(), record));
        Map<RejectReason, Integer> deadLettersPerReason = new EnumMap<>(RejectReason.class);
        for (TestRecord<byte[], byte[]> deadLetter : mixedRun.deadLetters) {
            int index = Integer.parseInt(DeadLetterRecords.header(deadLetter.headers(), CORPUS_INDEX));
            Injected origin = byIndex.remove(index);
            assertNotNull(origin, "dead letter of corpus index " + index + " appears twice or was never injected");
            assertEquals(origin.kind().reason.code(), DeadLetterRecords.header(deadLetter.headers(), DeadLetterHeaders.REASON),
                    "reason of corpus record " + index + " of kind " + origin.kind());
            assertArrayEquals(origin.key(), deadLetter.key());
            assertArrayEquals(origin.value(), deadLetter.value());
            assertEquals("corpus", DeadLetterRecords.header(deadLetter.headers(), "origin"));
            assertEquals(Topics.PLATFORM_EVENTS, DeadLetterRecords.header(deadLetter.headers(), DeadLetterHeaders.SOURCE_TOPIC));
            assertEquals("0", DeadLetterRecords.header(deadLetter.headers(), DeadLetterHeaders.SOURCE_PARTITION));
            long offset = Long.parseLong(DeadLetterRecords.header(deadLetter.headers(), DeadLetterHeaders.SOURCE_OFFSET));
            assertEquals(index, Integer.parseInt(DeadLetterRecords.header(mixed.get((int) offset).headers(), CORPUS_INDEX)),
                    "source offset of corpus record " + index);
            assertEquals(APPLICATION_ID, DeadLetterRecords.header(deadLetter.headers(), DeadLetterHeaders.APPLICATION_ID));
            assertFalse(DeadLetterRecords.header(deadLetter.headers(), DeadLetterHeaders.DETAIL).isBlank());
            Instant.parse(DeadLetterRecords.header(deadLetter.headers(), DeadLetterHeaders.TIME));
            deadLettersPerReason.merge(origin.kind().reason, 1, Integer::sum);
        }
        // What is left are the duplicates, which are counted and not dead-lettered.
        assertTrue(byIndex.values().stream().allMatch(record -> record.kind() == Kind.DUPLICATE),
                "records neither dead-lettered nor duplicates: " + byIndex.values().stream()
                        .filter(record -> record.kind() != Kind.DUPLICATE).map(Injected::kind).toList());
        int duplicates = injectedPerKind.get(Kind.DUPLICATE);
        assertEquals(duplicates, byIndex.size());
        assertEquals(duplicates, mixedRun.counters.rejectedCount(RejectReason.DUPLICATE_EVENT));
        assertEquals(injected.size() - duplicates, mixedRun.deadLetters.size());

        // Counts: the instance counts every reason; the platform summary counts the records keyed by the platform.
        Map<RejectReason, Long> expected = new EnumMap<>(RejectReason.class);
        injectedPerKind.forEach((kind, count) -> expected.merge(kind.reason, (long) count, Long::sum));
        assertEquals(expected, mixedRun.instanceCounts.snapshot());
        for (Map.Entry<RejectReason, Long> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), mixedRun.counters.rejectedCount(entry.getKey()),
                    "platform count of " + entry.getKey());
        }
        LOG.info("Dead letters per reason: {}; duplicates counted: {}; forecasts compared: {} queue, {} resource",
                deadLettersPerReason, duplicates, cleanRun.queue.size(), cleanRun.resources.size());
    }

    /** Keeps the pipeline and phase of each task the mirror knows after {@code event}. */
    private static void track(Map<String, LiveTask> live, PlatformEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof PipelineSubmitted submitted) {
            for (TaskSpec spec : submitted.getTasks()) {
                live.put(spec.getTaskId(), new LiveTask(submitted.getPipelineId()));
            }
        } else if (payload instanceof TaskStarted started) {
            live.get(started.getTaskId()).running = true;
        } else if (payload instanceof TaskFinished finished) {
            live.remove(finished.getTaskId());
        } else if (payload instanceof TaskCancelled cancelled) {
            live.remove(cancelled.getTaskId());
        } else if (payload instanceof NodeRemoved) {
            throw new IllegalStateException("the synthetic trace removes no node; tracking would need the node's tasks");
        }
    }

    /** Returns key and value of a bad record of {@code kind}, or null when the stream has no task to refer to. */
    private byte[][] badRecord(Kind kind, int index, PlatformEvent previous, byte[] previousBytes, long latestMillis,
                               Map<String, LiveTask> live, SplittableRandom random, int schemaId, int evolvedSchemaId) {
        byte[] key = PLATFORM.getBytes(StandardCharsets.UTF_8);
        long time = previous.getEventTime().toEpochMilli();
        String id = "bad-" + index;
        return switch (kind) {
            case NOT_WIRE_FORMAT -> new byte[][]{key, switch (index % 3) {
                case 0 -> new byte[0];
                case 1 -> new byte[]{0, 0, 1};
                default -> ("{\"eventId\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
            }};
            case UNKNOWN_SCHEMA_ID -> new byte[][]{key, withSchemaId(previousBytes, 1_000_000 + index)};
            case TRUNCATED_AVRO -> new byte[][]{key, Arrays.copyOf(previousBytes,
                    WireFormat.HEADER_SIZE + random.nextInt(previousBytes.length - WireFormat.HEADER_SIZE))};
            case UNKNOWN_PAYLOAD -> new byte[][]{key, evolvedEvent(evolvedSchemaId, id, time)};
            case TOMBSTONE -> new byte[][]{key, null};
            case KEY_MISMATCH -> new byte[][]{key, encode(PlatformEvent.newBuilder(previous).setEventId(id)
                    .setPlatformId("other-platform").build())};
            case UNKNOWN_NODE -> new byte[][]{key, encode(event(id, time,
                    new NodeRemoved("ghost-node-" + index, NodeRemovalCause.FAILED)))};
            case UNKNOWN_TASK -> new byte[][]{key, encode(event(id, time, new TaskQueued("ghost-pipeline", "ghost-task-" + index)))};
            case WRONG_PIPELINE -> pick(live, random, false) == null ? null : new byte[][]{key, encode(event(id, time,
                    new TaskCancelled("wrong-pipeline-" + index, pick(live, random, false), "corpus")))};
            case FINISH_BEFORE_START -> {
                String task = pick(live, random, true);
                yield task == null ? null : new byte[][]{key, encode(event(id, time,
                        new TaskFinished(live.get(task).pipelineId, task, TaskStatus.SUCCEEDED)))};
            }
            case TOO_LATE -> new byte[][]{key, encode(event(id, latestMillis - LATENESS.toMillis() - 1 - random.nextInt(3_600_000),
                    new NodeAdded("late-node-" + index, "cpu", 1_000L, 1_024L, 0, null)))};
            case NEGATIVE_RESOURCES -> new byte[][]{key, encode(event(id, time,
                    new NodeAdded("negative-node-" + index, "cpu", -1_000L, 1_024L, 0, null)))};
            case ABSURD_RESOURCES -> new byte[][]{key, encode(event(id, time, index % 2 == 0
                    ? new NodeAdded("absurd-node-" + index, "gpu", 64_000L, 1_024L, 1_000_000, "V100")
                    : pipeline("absurd-pipeline-" + index, "absurd-task-" + index, Long.MAX_VALUE / 2)))};
            case DUPLICATE -> new byte[][]{key, previousBytes};
        };
    }

    /** Picks a known task; when {@code notRunning} only one that is submitted or waiting. */
    private static String pick(Map<String, LiveTask> live, SplittableRandom random, boolean notRunning) {
        List<String> candidates = new ArrayList<>();
        live.forEach((taskId, task) -> {
            if (!notRunning || !task.running) {
                candidates.add(taskId);
            }
        });
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private static PlatformEvent event(String eventId, long timeMillis, Object payload) {
        return PlatformEvent.newBuilder().setEventId(eventId).setPlatformId(PLATFORM)
                .setEventTime(Instant.ofEpochMilli(timeMillis)).setSource("corpus").setPayload(payload).build();
    }

    private static PipelineSubmitted pipeline(String pipelineId, String taskId, long memoryMib) {
        ResourceRequest request = ResourceRequest.newBuilder().setCpuMilli(1_000).setMemoryMib(memoryMib)
                .setGpuCount(0).setGpuMilli(0).build();
        TaskSpec spec = TaskSpec.newBuilder().setTaskId(taskId).setTaskType("train").setRequest(request).build();
        return PipelineSubmitted.newBuilder().setPipelineId(pipelineId).setTenant("tenant").setModelId("model")
                .setFramework("pytorch").setDatasetSizeBytes(1L).setTrigger(PipelineTrigger.MANUAL)
                .setTasks(new ArrayList<>(List.of(spec))).build();
    }

    private byte[] encode(PlatformEvent event) {
        return eventSerde.serializer().serialize(Topics.PLATFORM_EVENTS, event);
    }

    private static byte[] withSchemaId(byte[] payload, int schemaId) {
        byte[] copy = payload.clone();
        ByteBuffer.wrap(copy, 1, 4).putInt(schemaId);
        return copy;
    }

    /**
     * Registers a newer PlatformEvent schema whose payload union has one more branch, {@code GpuThrottled},
     * under a subject of its own, and returns its id.
     */
    private static int registerEvolvedSchema() {
        Schema evolved = evolvedSchema();
        SchemaRegistryClient client = SchemaRegistryClient.fromConfig(Map.of("schema.registry.url", registry.url()));
        return client.register("corpus-evolved-value", evolved);
    }

    private static Schema evolvedSchema() {
        Schema current = PlatformEvent.getClassSchema();
        String json = current.toString();
        String throttled = "{\"type\":\"record\",\"name\":\"GpuThrottled\",\"namespace\":\"io.pipetwin.schemas.avro\","
                + "\"fields\":[{\"name\":\"nodeId\",\"type\":\"string\"},{\"name\":\"clockMhz\",\"type\":\"int\"}]}";
        Schema payload = current.getField("payload").schema();
        List<Schema> branches = new ArrayList<>(payload.getTypes());
        branches.add(new Schema.Parser().parse(throttled));
        Schema union = Schema.createUnion(branches);
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            Schema type = field.name().equals("payload") ? union : field.schema();
            fields.add(new Schema.Field(field.name(), type, field.doc(), field.defaultVal()));
        }
        Schema record = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        if (record.toString().equals(json)) {
            throw new IllegalStateException("the evolved schema equals the current one");
        }
        return record;
    }

    private static byte[] evolvedEvent(int schemaId, String eventId, long timeMillis) {
        Schema schema = evolvedSchema();
        Schema throttledSchema = schema.getField("payload").schema().getTypes().get(
                schema.getField("payload").schema().getTypes().size() - 1);
        GenericRecord throttled = new GenericData.Record(throttledSchema);
        throttled.put("nodeId", "synthetic-node-0");
        throttled.put("clockMhz", 900);
        GenericRecord event = new GenericData.Record(schema);
        event.put("eventId", eventId);
        event.put("platformId", PLATFORM);
        event.put("eventTime", timeMillis);
        event.put("source", "corpus");
        event.put("payload", throttled);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(WireFormat.MAGIC_BYTE);
        bytes.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException("encoding the evolved event failed", e);
        }
        return bytes.toByteArray();
    }

    private record Run(List<String> queue, List<String> resources, List<TestRecord<byte[], byte[]>> deadLetters,
                       MirrorCounters counters, DeadLetterCounts instanceCounts) {
    }

    private Run run(List<TestRecord<byte[], byte[]>> records, String name) {
        DeadLetterCounts counts = new DeadLetterCounts();
        ForecastSettings settings = ForecastSettings.defaults().withReplications(5);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state-" + name).toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        Forecaster forecaster = new Forecaster();
        try (TopologyTestDriver driver = new TopologyTestDriver(TwinTopology.build(settings, MirrorLimits.defaults(),
                forecaster::forecast, new RateLimitedRejectionLog(10_000), eventSerde.deserializer(),
                queueSerde.serializer(), resourceSerde.serializer(), counts), properties)) {
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(Topics.PLATFORM_EVENTS,
                    new ByteArraySerializer(), new ByteArraySerializer());
            input.pipeRecordList(records);
            TestOutputTopic<String, QueueForecast> queue = driver.createOutputTopic(Topics.FORECAST_QUEUE,
                    new StringDeserializer(), queueSerde.deserializer());
            TestOutputTopic<String, ResourceForecast> resources = driver.createOutputTopic(Topics.FORECAST_RESOURCES,
                    new StringDeserializer(), resourceSerde.deserializer());
            TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(Topics.PLATFORM_EVENTS_DLQ,
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<String> queueForecasts = queue.readValuesToList().stream()
                    .map(forecast -> { forecast.setGeneratedAt(Instant.EPOCH); return forecast.toString(); }).toList();
            List<String> resourceForecasts = resources.readValuesToList().stream()
                    .map(forecast -> { forecast.setGeneratedAt(Instant.EPOCH); return forecast.toString(); }).toList();
            MirrorCounters counters = MirrorStores.decodeCounters(
                    driver.<String, byte[]>getKeyValueStore(MirrorStores.PLATFORMS).get(PLATFORM));
            return new Run(queueForecasts, resourceForecasts, deadLetters.readRecordsToList(), counters, counts);
        }
    }
}

package io.pipetwin.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.TraceEventGenerator.EventType;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.avro.ModelDeployed;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.registry.SchemaRegistryClientConfig;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays every trace format through a real embedded broker and schema registry and checks what a
 * consumer reads back: counts per event type (derived by hand from small fixture files, or from the real
 * files' rows), the source, and that each task is queued, started and finished in that order.
 */
class TraceFormatReplayTest {

    private static final Logger LOG = LoggerFactory.getLogger(TraceFormatReplayTest.class);
    private static final DateTimeFormatter PHILLY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        broker = EmbeddedKafkaBroker.builder().build().start();
        registry = new EmbeddedSchemaRegistry().start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void phillyCsvIsEmulatedWithFifoOnTheGivenGpus() throws IOException {
        Path file = write("philly.csv", "timestamp,duration,num_gpus,gpu_time,cluster",
                "2017-10-09 07:01:55,66.0,1,66.0,c1",
                "2017-10-09 06:13:03,2951.0,16,47216.0,c2",
                "2017-10-09 06:13:03,0.0,0,0.0,c1",
                "2017-10-09 08:00:00,100,4,400,c3");
        // 16 GPUs are two 8-GPU nodes; every job fits, so each is submitted, queued, started and finished.
        List<PlatformEvent> events = replay("philly-csv", file, null, 16, counts(2, 4, 4, 4, 4, 0));

        // The 16-GPU job holds both nodes for 2951 s, so the 1-GPU job submitted meanwhile starts when it ends.
        Instant bigStart = timeOf(events, TaskStarted.class, "philly-3");
        Instant smallStart = timeOf(events, TaskStarted.class, "philly-2");
        assertEquals(bigStart.plusSeconds(2951), smallStart);
        assertEquals(timeOf(events, TaskQueued.class, "philly-3"), bigStart);
    }

    @Test
    void paiTaskTableIsEmulatedOnItsMachineSpec() throws IOException {
        Path tasks = write("pai_task_table.csv",
                "j1,worker,2,Terminated,1000,1600,600,29.3,100,V100",
                "j2,ps,1,Terminated,1100,1200,200,2,,MISC",
                "j3,ps,1,Running,2000,,100,2,,MISC");
        Path machines = write("pai_machine_spec.csv", "m7,V100,96,512,8", "m9,V100,96,512,8");
        // j3 has no end, so no run time: it is submitted and queued but never starts.
        List<PlatformEvent> events = replay("alibaba-pai-2020", tasks, machines, 0, counts(2, 3, 3, 2, 2, 0));

        assertEquals(Duration.ofSeconds(600), Duration.between(timeOf(events, TaskStarted.class, "j1"),
                timeOf(events, TaskFinished.class, "j1")));
    }

    @Test
    void heliosLogKeepsItsRecordedTimes() throws IOException {
        Path file = write("cluster_log.csv",
                "job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,start_time,end_time,duration,queue",
                "7,u3,vcA,16,32,2,COMPLETED,2020-03-30 01:00:00,2020-03-30 01:00:10,2020-03-30 02:00:10,3600,10",
                "8,u3,vcA,0,4,1,CANCELLED,2020-03-30 03:00:00,,,0,0",
                "9,u1,vcB,1,4,1,FAILED,2020-03-30 01:30:00,2020-03-30 01:30:05,2020-03-30 01:40:00,595,5");
        List<PlatformEvent> events = replay("helios", file, null, 16, counts(2, 3, 3, 2, 2, 0));

        assertEquals(Duration.ofSeconds(10), Duration.between(timeOf(events, TaskQueued.class, "7"),
                timeOf(events, TaskStarted.class, "7")));
    }

    @Test
    void phillyJobLogKeepsItsAttempts() throws IOException {
        Path file = write("cluster_job_log", """
                [
                  {"status": "Pass", "vc": "vc01", "jobid": "application_1_0001", "user": "u1",
                   "submitted_time": "2017-10-02 10:00:00",
                   "attempts": [
                     {"start_time": "2017-10-02 10:05:00", "end_time": "2017-10-02 10:06:00",
                      "detail": [{"ip": "m1", "gpus": ["gpu0"]}]},
                     {"start_time": "2017-10-02 10:10:00", "end_time": "2017-10-02 11:10:00",
                      "detail": [{"ip": "m2", "gpus": ["gpu0", "gpu1", "gpu2", "gpu3"]},
                                 {"ip": "m3", "gpus": ["gpu0", "gpu1", "gpu2", "gpu3"]}]}
                   ]},
                  {"status": "Killed", "vc": "vc01", "jobid": "application_1_0002", "user": "u2",
                   "submitted_time": "2017-10-02 12:00:00", "attempts": []}
                ]
                """);
        List<PlatformEvent> events = replay("philly-json", file, null, 16, counts(2, 2, 2, 1, 1, 0));

        // First attempt's start to last attempt's end.
        assertEquals(Duration.ofMinutes(65), Duration.between(timeOf(events, TaskStarted.class, "application_1_0001"),
                timeOf(events, TaskFinished.class, "application_1_0001")));
    }

    @Test
    void dlrmInstancesStartFinishOrCancel() throws IOException {
        Path file = write("disaggregated_DLRM_trace.csv", "instance_sn,role,app_name,cpu_request,cpu_limit,"
                        + "gpu_request,gpu_limit,rdma_request,rdma_limit,memory_request,memory_limit,disk_request,"
                        + "disk_limit,max_instance_per_node,creation_time,scheduled_time,deletion_time",
                "i0,HN,app_0,12,12,1,1,25,25,120.0,120.0,640.0,800.0,8,,,",
                "i1,CN,app_1,64,64,0,0,0,0,256.0,256.0,100.0,100.0,-1,500.0,530.0,NaN",
                "i2,CN,app_1,48,48,0,0,0,0,128.0,128.0,100.0,100.0,-1,100.0,100.0,9000.0",
                "i3,CN,app_1,8,8,0,0,0,0,16.0,16.0,1.0,1.0,-1,200.0,,300.0");
        // i0 existed before the window and i1 outlives it: started, never finished. i2 is deleted after
        // starting (finished), i3 while still waiting (cancelled).
        replay("alibaba-dlrm-2025", file, null, 16, counts(2, 4, 4, 3, 1, 1));
    }

    @Test
    void pipetwinJsonlRoundTrips() throws IOException {
        long monday = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
        Path file = write("events.jsonl",
                jsonEvent("e0", monday, "{\"NodeAdded\":{\"nodeId\":\"n1\",\"pool\":null,\"cpuMilli\":8000,"
                        + "\"memoryMib\":1024,\"gpuCount\":2,\"gpuModel\":\"A10\"}}"),
                jsonEvent("e1", monday + 10_000, "{\"PipelineSubmitted\":{\"pipelineId\":\"p1\",\"tenant\":\"t1\","
                        + "\"modelId\":\"m\",\"framework\":\"pytorch\",\"datasetSizeBytes\":1,\"trigger\":\"MANUAL\","
                        + "\"priority\":2,\"tasks\":[{\"taskId\":\"p1/train\",\"taskType\":\"train\",\"request\":"
                        + "{\"cpuMilli\":4000,\"memoryMib\":512,\"gpuCount\":1,\"gpuMilli\":1000,\"gpuModel\":null},"
                        + "\"dependsOn\":[],\"nodeCount\":1},{\"taskId\":\"p1/deploy\",\"taskType\":\"deploy\","
                        + "\"request\":{\"cpuMilli\":1000,\"memoryMib\":256,\"gpuCount\":0,\"gpuMilli\":0,"
                        + "\"gpuModel\":null},\"dependsOn\":[\"p1/train\"],\"nodeCount\":1}]}}"),
                jsonEvent("e2", monday + 12_000, "{\"TaskStarted\":{\"pipelineId\":\"p1\",\"taskId\":\"p1/train\","
                        + "\"nodeId\":\"n1\",\"extraNodeIds\":[]}}"),
                jsonEvent("e3", monday + 112_000, "{\"TaskFinished\":{\"pipelineId\":\"p1\",\"taskId\":\"p1/train\","
                        + "\"status\":\"FAILED\"}}"));
        // The node from its NodeAdded; two tasks, of which only the training ran.
        List<PlatformEvent> events = replay("pipetwin-jsonl", file, null, 0, counts(1, 2, 2, 1, 1, 0));

        NodeAdded node = (NodeAdded) events.get(0).getPayload();
        assertEquals("n1", node.getNodeId());
        assertEquals(2, node.getGpuCount());
    }

    @Test
    void avroEventFileIsReplayedAsStored() {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir, 60, 4);
        List<PlatformEvent> stored = new ArrayList<>();
        try (var pods = trace.openPods(io.pipetwin.core.trace.RowErrorPolicy.FAIL)) {
            new TraceEventGenerator("exported", Instant.parse("2026-01-05T00:00:00Z"), "export",
                    SyntheticAlibabaTrace.nodes(), pods).forEachRemaining(stored::add);
        }
        PlatformEvent last = stored.get(stored.size() - 1);
        stored.add(PlatformEvent.newBuilder().setEventId("exported:model-1:deployed").setPlatformId("exported")
                .setEventTime(last.getEventTime()).setSource("export")
                .setPayload(ModelDeployed.newBuilder().setModelId("model-1").setVersion("1").setPipelineId("p-1")
                        .setMetrics(Map.of("accuracy", 0.9)).build())
                .build());
        Path file = dir.resolve("events.avro");
        PlatformEventAvroFile.write(file, stored);
        String topic = "replay-avro";
        broker.createTopics(topic);

        TraceReplayConfig config = new TraceReplayConfig().bootstrapServers(broker.bootstrapServers())
                .schemaRegistryUrl(registry.url()).topic(topic).format(TraceReplayConfig.PIPETWIN_AVRO).input(file)
                .progressBar(false);
        ReplaySummary summary = new TraceReplayer(config).run();

        assertEquals("exported", summary.platformId());
        assertEquals(stored.size(), summary.eventsSent());
        assertEquals(1L, summary.eventsByType().get(EventType.OTHER));
        assertEquals(stored, consume(topic, stored.size()));
    }

    @Test
    void stopEndsAPacedReplayWithEverySentEventDelivered() throws Exception {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir, 400, 8);
        String topic = "replay-stopped";
        broker.createTopics(topic);
        // One trace second per wall second: the replay would take days, so only stop() can end it.
        TraceReplayConfig config = config("alibaba-gpu-2023", trace.podList(), trace.nodeList(), 0, topic).speed(1);
        TraceReplayer replayer = new TraceReplayer(config);
        java.util.concurrent.CompletableFuture<ReplaySummary> result =
                java.util.concurrent.CompletableFuture.supplyAsync(replayer::run);
        // The six nodes are added at trace second 0; wait until a consumer could see them, then stop.
        while (endOffset(topic) < SyntheticAlibabaTrace.nodes().size()) {
            Thread.sleep(50);
        }
        replayer.stop();
        ReplaySummary summary = result.get();

        assertFalse(summary.stoppedAtMaxEvents());
        assertTrue(summary.eventsSent() >= SyntheticAlibabaTrace.nodes().size(), summary.format());
        assertEquals(summary.eventsSent(), consume(topic, summary.eventsSent()).size());
    }

    private static long endOffset(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    @Test
    void realPhillyCsvFirstJobsAreReplayed() throws IOException {
        Path philly = tracesDir().resolve("philly_pollux").resolve("philly.csv");
        assumeTrue(Files.isReadable(philly), "Philly CSV not found at " + philly.toAbsolutePath()
                + "; set -Dpipetwin.traces.dir to the folder containing philly_pollux/ to run this test");
        // The first 3,000 jobs of the file, written to a temporary file; all 82,247 take minutes to emulate.
        int jobs = 3_000;
        List<String> lines = new ArrayList<>();
        long valid = 0;
        LocalDateTime origin = LocalDateTime.of(2017, 8, 7, 0, 0);
        try (BufferedReader reader = Files.newBufferedReader(philly)) {
            lines.add(reader.readLine());
            String line;
            while (lines.size() <= jobs && (line = reader.readLine()) != null) {
                lines.add(line);
                if (phillyRowValid(line, origin)) {
                    valid++;
                }
            }
        }
        Path file = write("philly-head.csv", lines.toArray(String[]::new));
        LOG.info("Replaying the first {} Philly jobs ({} valid)", jobs, valid);

        // 1,024 GPUs are 128 nodes, more than the largest job (128 GPUs on 16 nodes) needs, so every valid job runs.
        TraceReplayConfig config = config("philly-csv", file, null, 1024, "replay-philly-real").skipInvalidRows(true);
        check(config, counts(128, valid, valid, valid, valid, 0));
    }

    @Test
    void realDlrmTraceIsReplayed() throws IOException {
        Path dlrm = tracesDir().resolve("alibaba_gpu_v2025").resolve("disaggregated_DLRM_trace.csv");
        assumeTrue(Files.isReadable(dlrm), "DLRM 2025 trace not found at " + dlrm.toAbsolutePath()
                + "; set -Dpipetwin.traces.dir to the folder containing alibaba_gpu_v2025/ to run this test");
        long rows = 0;
        long started = 0;
        long finished = 0;
        long cancelled = 0;
        List<String> lines = Files.readAllLines(dlrm);
        List<String> header = List.of(lines.get(0).split(",", -1));
        int creation = header.indexOf("creation_time");
        int scheduled = header.indexOf("scheduled_time");
        int deletion = header.indexOf("deletion_time");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            rows++;
            boolean before = missing(fields[creation]) && missing(fields[scheduled]);
            boolean deleted = !missing(fields[deletion]);
            if (before || !missing(fields[scheduled])) {
                started++;
                if (deleted) {
                    finished++;
                }
            } else if (deleted) {
                cancelled++;
            }
        }
        // 2,000 GPUs on 250 nodes; placement does not change the counts, only the fallback count.
        TraceReplayConfig config = config("alibaba-dlrm-2025", dlrm, null, 2000, "replay-dlrm-real");
        check(config, counts(250, rows, rows, started, finished, cancelled));
    }

    private static boolean missing(String field) {
        return field.isEmpty() || field.equalsIgnoreCase("NaN");
    }

    /** Applies the Philly reader's row rules: time at or after the origin, duration >= 0, 0..1024 GPUs. */
    private static boolean phillyRowValid(String line, LocalDateTime origin) {
        String[] fields = line.split(",", -1);
        try {
            LocalDateTime time = LocalDateTime.parse(fields[0].trim(), PHILLY_TIME);
            double duration = Double.parseDouble(fields[1].trim());
            int gpus = Integer.parseInt(fields[2].trim());
            return !time.isBefore(origin) && duration >= 0 && gpus >= 0 && gpus <= 1024;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Path tracesDir() {
        String traces = System.getProperty("pipetwin.traces.dir", "");
        return Path.of(traces.isEmpty() ? "." : traces);
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String jsonEvent(String id, long timeMillis, String payload) {
        return "{\"eventId\":\"" + id + "\",\"platformId\":\"p\",\"eventTime\":" + timeMillis
                + ",\"source\":null,\"payload\":" + payload + "}";
    }

    private static Map<EventType, Long> counts(long nodes, long submitted, long queued, long started, long finished,
                                               long cancelled) {
        Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        counts.put(EventType.NODE_ADDED, nodes);
        counts.put(EventType.PIPELINE_SUBMITTED, submitted);
        counts.put(EventType.TASK_QUEUED, queued);
        counts.put(EventType.TASK_STARTED, started);
        counts.put(EventType.TASK_FINISHED, finished);
        counts.put(EventType.TASK_CANCELLED, cancelled);
        return counts;
    }

    private static TraceReplayConfig config(String format, Path input, Path nodes, int gpus, String topic) {
        TraceReplayConfig config = new TraceReplayConfig().bootstrapServers(broker.bootstrapServers())
                .schemaRegistryUrl(registry.url()).topic(topic).format(format).input(input).gpus(gpus)
                .progressBar(false);
        return nodes == null ? config : config.nodesFile(nodes);
    }

    private static List<PlatformEvent> replay(String format, Path input, Path nodes, int gpus,
                                              Map<EventType, Long> expected) {
        return check(config(format, input, nodes, gpus, "replay-" + format), expected);
    }

    /** Replays, consumes and checks counts, source, ids, order and each task's queued-started-finished order. */
    private static List<PlatformEvent> check(TraceReplayConfig config, Map<EventType, Long> expected) {
        broker.createTopics(config.topic());
        long total = expected.values().stream().mapToLong(Long::longValue).sum();

        ReplaySummary summary = new TraceReplayer(config).run();
        LOG.info("{}", summary.format());
        List<PlatformEvent> events = consume(config.topic(), total);

        assertEquals(expected, summary.eventsByType());
        assertEquals(expected, countByType(events));
        assertEquals(config.format(), config.platformId());
        Set<String> ids = new HashSet<>();
        Map<String, Instant> queued = new HashMap<>();
        Map<String, Instant> started = new HashMap<>();
        Instant previous = Instant.MIN;
        for (PlatformEvent event : events) {
            assertEquals("trace-replay:" + config.format(), event.getSource());
            assertEquals(config.platformId(), event.getPlatformId());
            assertTrue(ids.add(event.getEventId()), "duplicate event id " + event.getEventId());
            assertFalse(event.getEventTime().isBefore(previous), "event " + event.getEventId() + " out of order");
            previous = event.getEventTime();
            Object payload = event.getPayload();
            if (payload instanceof TaskQueued q) {
                queued.put(q.getTaskId(), event.getEventTime());
            } else if (payload instanceof TaskStarted s) {
                Instant at = queued.get(s.getTaskId());
                assertNotNull(at, "task " + s.getTaskId() + " started before it was queued");
                assertFalse(event.getEventTime().isBefore(at), "task " + s.getTaskId() + " started before queued");
                started.put(s.getTaskId(), event.getEventTime());
            } else if (payload instanceof TaskFinished f) {
                Instant at = started.get(f.getTaskId());
                assertNotNull(at, "task " + f.getTaskId() + " finished before it started");
                assertFalse(event.getEventTime().isBefore(at), "task " + f.getTaskId() + " finished before started");
            }
        }
        return events;
    }

    /** Returns the event time of the event of {@code type} whose pipeline id is {@code pipelineId}. */
    private static Instant timeOf(List<PlatformEvent> events, Class<?> type, String pipelineId) {
        for (PlatformEvent event : events) {
            Object payload = event.getPayload();
            String pipeline = payload instanceof TaskQueued q ? q.getPipelineId()
                    : payload instanceof TaskStarted s ? s.getPipelineId()
                    : payload instanceof TaskFinished f ? f.getPipelineId() : null;
            if (type.isInstance(payload) && pipelineId.equals(pipeline)) {
                return event.getEventTime();
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " event of pipeline " + pipelineId);
    }

    private static Map<EventType, Long> countByType(List<PlatformEvent> events) {
        Map<EventType, Long> counts = counts(0, 0, 0, 0, 0, 0);
        for (PlatformEvent event : events) {
            Object payload = event.getPayload();
            EventType type = payload instanceof NodeAdded ? EventType.NODE_ADDED
                    : payload instanceof PipelineSubmitted ? EventType.PIPELINE_SUBMITTED
                    : payload instanceof TaskQueued ? EventType.TASK_QUEUED
                    : payload instanceof TaskStarted ? EventType.TASK_STARTED
                    : payload instanceof TaskFinished ? EventType.TASK_FINISHED
                    : payload instanceof TaskCancelled ? EventType.TASK_CANCELLED
                    : EventType.OTHER;
            counts.merge(type, 1L, Long::sum);
        }
        return counts;
    }

    private static List<PlatformEvent> consume(String topic, long expectedTotal) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<PlatformEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, PlatformEvent> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                PipeTwinSerdes.platformEvent(Map.of(SchemaRegistryClientConfig.SCHEMA_REGISTRY_URL, registry.url()))
                        .deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            assertEquals(expectedTotal, end.values().stream().mapToLong(Long::longValue).sum(), "end offsets");
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, PlatformEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(record.value());
                }
            }
        }
        return events;
    }
}

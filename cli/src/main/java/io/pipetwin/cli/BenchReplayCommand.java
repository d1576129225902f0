package io.pipetwin.cli;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.avro.TaskStatus;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.app.TwinMetrics;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.ForecastTopics;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures the twin end to end on an embedded broker and registry: produces a generated event stream
 * first, then runs the twin from the earliest offset and reports events mirrored per second, forecasts
 * published, and the heap after a full GC at intervals.
 *
 * <p>The stream per platform: 64 nodes of 8 GPUs, then one single-task pipeline per event-time second
 * (submitted, queued and started at once on a GPU node) that finishes 50 seconds later, so each task
 * gives four events and 50 tasks run at any time. Event time starts at 2023-01-01T00:00Z.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Benchmark the twin end to end on an embedded broker: produce N generated events, run the twin"
                + " over them, report events mirrored per second, forecasts and heap after GC.")
public final class BenchReplayCommand implements Callable<Integer> {

    private static final long T0_MILLIS = Instant.parse("2023-01-01T00:00:00Z").toEpochMilli();
    private static final int NODES = 64;
    private static final int RUNNING_TASKS = 50;

    @Spec
    CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", defaultValue = "1000000",
            description = "Events to produce over all platforms. Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--platforms", paramLabel = "K", defaultValue = "1",
            description = "Platforms, each with its own key. Default: ${DEFAULT-VALUE}.")
    int platforms;

    @Option(names = "--replications", paramLabel = "R", defaultValue = "10",
            description = "Monte Carlo replications per forecast. Default: ${DEFAULT-VALUE}.")
    int replications;

    @Option(names = "--no-forecasts", negatable = false,
            description = "Mirror only: run the twin with forecasts disabled (forecast.enabled=false), to measure"
                    + " mirroring alone.")
    boolean noForecasts;

    @Option(names = "--commit-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "1s", description = "Kafka Streams commit.interval.ms of the twin. Default: 1s.")
    Duration commitInterval;

    @Option(names = "--cache-mib", paramLabel = "MIB", defaultValue = "64",
            description = "Kafka Streams record cache of the twin (statestore.cache.max.bytes), in MiB. The mirror"
                    + " writes its stores once per commit, so the cache matters mostly for the other stores."
                    + " Default: ${DEFAULT-VALUE}.")
    int cacheMib;

    @Option(names = "--streams-property", paramLabel = "KEY=VALUE",
            description = "Extra Kafka Streams or client property of the twin, for example producer.batch.size=262144;"
                    + " repeatable. It overrides the harness's own settings.")
    Map<String, String> streamsProperties = new java.util.LinkedHashMap<>();

    @Option(names = "--heap-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "10s", description = "Wall time between heap samples (each after a full GC). Default: 10s.")
    Duration heapInterval;

    @Override
    public Integer call() throws Exception {
        if (cacheMib < 0) {
            throw new IllegalArgumentException("--cache-mib " + cacheMib + " is invalid; use 0 or more");
        }
        if (events < 1 || platforms < 1 || replications < 1) {
            throw new IllegalArgumentException("--events " + events + ", --platforms " + platforms
                    + " and --replications " + replications + " must each be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("pipetwin-bench-replay-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
             EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry().start()) {
            broker.createTopics(ForecastTopics.newTopics(1, (short) 1));
            long produceStart = System.nanoTime();
            long produced = produce(broker.bootstrapServers(), registry.url());
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            out.printf("Produced %,d events for %d platform(s) in %.1f s (%,.0f events/s)%n", produced, platforms,
                    produceSeconds, produced / produceSeconds);
            out.flush();

            ForecastSettings settings = ForecastSettings.defaults().withReplications(replications)
                    .withEnabled(!noForecasts);
            TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                    .withApplicationId("pipetwin-bench-replay")
                    .withStateDir(work.resolve("state"))
                    .withForecast(settings)
                    .withClientProperties(clientProperties());
            out.printf("Twin: forecasts %s, %d replications, commit interval %d ms, record cache %d MiB%n",
                    noForecasts ? "disabled" : "enabled", replications, commitInterval.toMillis(), cacheMib);
            if (!streamsProperties.isEmpty()) {
                out.printf("Twin: extra properties %s%n", streamsProperties);
            }
            ForecastTimes forecastTimes = new ForecastTimes();
            try (TwinApplication twin = TwinApplication.create(config, forecastTimes)) {
                long start = System.nanoTime();
                long processCpuStartNanos = processCpuNanos();
                twin.start();
                long nextHeap = System.nanoTime();
                long firstAppliedNanos = -1;
                long processedAtFirst = 0;
                long processed = 0;
                long forecasts = 0;
                while (processed < produced) {
                    Thread.sleep(200);
                    Map<String, MirrorCounters> counters = twin.allCounters();
                    processed = 0;
                    forecasts = 0;
                    for (MirrorCounters c : counters.values()) {
                        processed += c.count(MirrorCounter.EVENTS_APPLIED) + c.count(MirrorCounter.EVENTS_REJECTED);
                        forecasts += c.count(MirrorCounter.FORECASTS_PUBLISHED);
                    }
                    if (firstAppliedNanos < 0 && processed > 0) {
                        firstAppliedNanos = System.nanoTime();
                        processedAtFirst = processed;
                    }
                    if (System.nanoTime() >= nextHeap) {
                        System.gc();
                        long heapMib = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                        double elapsed = (System.nanoTime() - start) / 1e9;
                        out.printf("  %6.0f s: %,d events mirrored (%,.0f/s so far), %,d forecasts%s, heap after GC %d MiB%n",
                                elapsed, processed, processed / elapsed, forecasts, forecastTimes.sinceLastCall(), heapMib);
                        out.flush();
                        nextHeap = System.nanoTime() + heapInterval.toNanos();
                    }
                }
                long endNanos = System.nanoTime();
                double processCpuSeconds = (processCpuNanos() - processCpuStartNanos) / 1e9;
                double streamCpuSeconds = streamThreadCpuNanos() / 1e9;
                double seconds = (endNanos - start) / 1e9;
                double steadySeconds = (endNanos - firstAppliedNanos) / 1e9;
                System.gc();
                long heapMib = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
                out.printf("Mirrored %,d events in %.1f s from the twin's start: %,.0f events/s end to end;"
                                + " %,d forecasts published (%d replications)%s; heap after GC %d MiB%n",
                        processed, seconds, processed / seconds, forecasts, replications, forecastTimes.overall(),
                        heapMib);
                // Measured from the first poll that saw applied events, so the rate leaves out the twin's start-up:
                // joining the consumer group, opening the stores and the first fetch.
                out.printf("Since the first poll with applied events (%.1f s after the start): %,d events in %.1f s,"
                                + " %,.0f events/s%n", (firstAppliedNanos - start) / 1e9, processed - processedAtFirst,
                        steadySeconds, (processed - processedAtFirst) / steadySeconds);
                // CPU time does not grow when other processes take the cores, so it compares runs on a busy machine.
                out.printf("CPU time: stream threads %.1f s (%.2f us per event), whole process %.1f s (%.2f us per"
                                + " event, broker included)%n", streamCpuSeconds, streamCpuSeconds * 1e6 / processed,
                        processCpuSeconds, processCpuSeconds * 1e6 / processed);
            }
        } finally {
            deleteRecursively(work);
        }
        return 0;
    }

    /**
     * Mean time in the forecaster per published forecast, overall and since the previous progress line, to
     * show whether a forecast's cost grows with the length of the replayed history.
     */
    static final class ForecastTimes implements TwinMetrics {

        private final AtomicLong count = new AtomicLong();
        private final AtomicLong nanos = new AtomicLong();
        private long countAtLastCall;
        private long nanosAtLastCall;

        @Override
        public void forecastPublished(String platformId, long computeNanos, long latencyMillis) {
            nanos.addAndGet(computeNanos);
            count.incrementAndGet();
        }

        /** Returns ", mean forecast X ms since the last line", or an empty string without new forecasts. */
        String sinceLastCall() {
            long countNow = count.get();
            long nanosNow = nanos.get();
            String text = describe(countNow - countAtLastCall, nanosNow - nanosAtLastCall, "since the last line");
            countAtLastCall = countNow;
            nanosAtLastCall = nanosNow;
            return text;
        }

        String overall() {
            return describe(count.get(), nanos.get(), "overall");
        }

        private static String describe(long forecasts, long forecastNanos, String span) {
            if (forecasts == 0) {
                return "";
            }
            return String.format(Locale.ROOT, ", mean forecast %.1f ms %s", forecastNanos / 1e6 / forecasts, span);
        }
    }

    private Map<String, String> clientProperties() {
        Map<String, String> properties = new java.util.HashMap<>();
        properties.put("auto.offset.reset", "earliest");
        properties.put("commit.interval.ms", Long.toString(commitInterval.toMillis()));
        properties.put("statestore.cache.max.bytes", Long.toString((long) cacheMib << 20));
        properties.putAll(streamsProperties);
        return properties;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** Returns the CPU time of the live Kafka Streams stream threads of this JVM. */
    private static long streamThreadCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("-StreamThread-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** Produces the generated stream, serialized once per event, and returns the number of events sent. */
    private long produce(String bootstrapServers, String registryUrl) throws Exception {
        Serializer<PlatformEvent> serializer = PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registryUrl))
                .serializer();
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            Generator[] generators = new Generator[platforms];
            for (int p = 0; p < platforms; p++) {
                generators[p] = new Generator("bench-" + p);
            }
            while (sent < events && failure.get() == null) {
                for (Generator generator : generators) {
                    for (PlatformEvent event : generator.next()) {
                        if (sent >= events) {
                            break;
                        }
                        producer.send(new ProducerRecord<>(Topics.PLATFORM_EVENTS, event.getPlatformId(),
                                serializer.serialize(Topics.PLATFORM_EVENTS, event)), (metadata, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(null, e);
                                    }
                                });
                        sent++;
                    }
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the benchmark events failed: " + failure.get().getMessage()
                    + "; the embedded broker may be out of disk space", failure.get());
        }
        return sent;
    }

    /** The generated stream of one platform. */
    private static final class Generator {
        private final String platformId;
        private long step;
        private long eventNumber;

        Generator(String platformId) {
            this.platformId = platformId;
        }

        /** Returns the next events: the nodes first, then per second one task's arrival and a finish. */
        List<PlatformEvent> next() {
            if (step == 0) {
                step++;
                List<PlatformEvent> nodes = new java.util.ArrayList<>(NODES);
                for (int n = 0; n < NODES; n++) {
                    nodes.add(event(T0_MILLIS, NodeAdded.newBuilder().setNodeId("node-" + n).setCpuMilli(96_000)
                            .setMemoryMib(786_432).setGpuCount(8).setGpuModel("A100").build()));
                }
                return nodes;
            }
            long task = step++;
            long timeMillis = T0_MILLIS + task * 1000;
            String taskId = "t" + task;
            String pipelineId = "p" + task;
            List<PlatformEvent> batch = new java.util.ArrayList<>(4);
            if (task > RUNNING_TASKS) {
                long done = task - RUNNING_TASKS;
                batch.add(event(timeMillis, TaskFinished.newBuilder().setPipelineId("p" + done).setTaskId("t" + done)
                        .setStatus(TaskStatus.SUCCEEDED).build()));
            }
            ResourceRequest request = ResourceRequest.newBuilder().setCpuMilli(4_000).setMemoryMib(16_384)
                    .setGpuCount(1).setGpuMilli(1000).build();
            batch.add(event(timeMillis, PipelineSubmitted.newBuilder().setPipelineId(pipelineId).setTenant("bench")
                    .setModelId("model-" + (task % 8)).setFramework("pytorch").setDatasetSizeBytes(1L << 30)
                    .setTrigger(io.pipetwin.schemas.avro.PipelineTrigger.MANUAL)
                    .setTasks(List.of(TaskSpec.newBuilder().setTaskId(taskId).setTaskType("train").setRequest(request)
                            .build())).build()));
            batch.add(event(timeMillis, TaskQueued.newBuilder().setPipelineId(pipelineId).setTaskId(taskId).build()));
            batch.add(event(timeMillis, TaskStarted.newBuilder().setPipelineId(pipelineId).setTaskId(taskId)
                    .setNodeId("node-" + (task % NODES)).build()));
            return batch;
        }

        private PlatformEvent event(long timeMillis, Object payload) {
            return PlatformEvent.newBuilder().setEventId(platformId + "-" + eventNumber++).setPlatformId(platformId)
                    .setEventTime(Instant.ofEpochMilli(timeMillis)).setSource("bench").setPayload(payload).build();
        }
    }

    private static void deleteRecursively(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            org.slf4j.LoggerFactory.getLogger(BenchReplayCommand.class)
                    .warn("Could not delete the benchmark folder {}: {}", root, e.getMessage());
        }
    }
}

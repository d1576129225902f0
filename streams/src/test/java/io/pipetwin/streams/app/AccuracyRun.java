package io.pipetwin.streams.app;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Replays events onto an embedded broker, runs the twin with its default forecaster until it applied every
 * event, and reads back the latest accuracy record of each series and horizon step. That record aggregates
 * the scores over the last scoring window of the run, so a window longer than the run covers all of it.
 */
final class AccuracyRun {

    private static final Logger LOG = LoggerFactory.getLogger(AccuracyRun.class);
    /** Maximum wait for the twin to apply every replayed event, after which a stalled twin fails the test. */
    private static final Duration PROCESSING_WAIT = Duration.ofMinutes(60);

    /** What a run produced: the replay's counts, the twin's counters and the latest accuracy per series and step. */
    record Result(ReplaySummary replay, MirrorCounters counters, Map<String, Map<Integer, ForecastAccuracy>> latest) {

        /** Returns the latest record of each step of {@code series}, by step, or an empty map when none was published. */
        Map<Integer, ForecastAccuracy> series(String series) {
            return latest.getOrDefault(series, Map.of());
        }
    }

    private AccuracyRun() {
    }

    /**
     * Replays {@code events} (or, when null, the trace that {@code replayConfig} names) and runs the twin that
     * {@code twinFactory} creates, for example {@link TwinApplication#create(TwinConfig)}.
     *
     * @param replayConfig replay settings with the platform id, format, input and speed; this method sets the
     *                     broker and registry
     */
    static Result run(EmbeddedKafkaBroker broker, String registryUrl, TraceReplayConfig replayConfig,
                      Iterator<PlatformEvent> events, ForecastSettings settings, Path stateDir,
                      Function<TwinConfig, TwinApplication> twinFactory)
            throws InterruptedException {
        String platformId = replayConfig.platformId();
        replayConfig.bootstrapServers(broker.bootstrapServers()).schemaRegistryUrl(registryUrl).progressBar(false);
        long replayStartNanos = System.nanoTime();
        ReplaySummary replay = new TraceReplayer(replayConfig,
                PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registryUrl)).serializer(), events).run();
        LOG.info("Replayed {} events of platform {} in {} s", replay.eventsSent(), platformId,
                (System.nanoTime() - replayStartNanos) / 1_000_000_000);

        TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registryUrl)
                .withApplicationId("twin-" + platformId)
                .withStateDir(stateDir)
                .withForecast(settings);
        MirrorCounters counters;
        long twinStartNanos = System.nanoTime();
        try (TwinApplication twin = twinFactory.apply(config)) {
            twin.start();
            counters = awaitAllApplied(twin, platformId, replay.eventsSent());
        }
        LOG.info("Twin applied {} events of platform {} and published {} forecasts in {} s",
                processed(counters), platformId, counters.count(MirrorCounter.FORECASTS_PUBLISHED),
                (System.nanoTime() - twinStartNanos) / 1_000_000_000);
        return new Result(replay, counters, latestAccuracy(broker, registryUrl, platformId));
    }

    private static long processed(MirrorCounters counters) {
        return counters.count(MirrorCounter.EVENTS_APPLIED) + counters.count(MirrorCounter.EVENTS_REJECTED);
    }

    private static MirrorCounters awaitAllApplied(TwinApplication twin, String platformId, long total)
            throws InterruptedException {
        long deadline = System.nanoTime() + PROCESSING_WAIT.toNanos();
        long nextLogNanos = System.nanoTime();
        Optional<MirrorCounters> counters = Optional.empty();
        while (System.nanoTime() < deadline) {
            counters = twin.counters(platformId);
            if (counters.isPresent() && processed(counters.get()) >= total) {
                return counters.get();
            }
            if (counters.isPresent() && System.nanoTime() >= nextLogNanos) {
                LOG.info("Twin progress on {}: {} of {} events processed, {} forecasts published", platformId,
                        processed(counters.get()), total, counters.get().count(MirrorCounter.FORECASTS_PUBLISHED));
                nextLogNanos = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("twin did not apply the " + total + " events of platform " + platformId + " within "
                + PROCESSING_WAIT + "; last counters " + counters);
    }

    /** Reads every committed accuracy record of {@code platformId} and keeps the last one per series and step. */
    private static Map<String, Map<Integer, ForecastAccuracy>> latestAccuracy(EmbeddedKafkaBroker broker,
                                                                             String registryUrl, String platformId) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Map<Integer, ForecastAccuracy>> latest = new TreeMap<>();
        try (KafkaConsumer<String, ForecastAccuracy> consumer = new KafkaConsumer<>(properties,
                new StringDeserializer(), PipeTwinSerdes.forRecord(ForecastAccuracy.class,
                Map.of("schema.registry.url", registryUrl), false).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FORECAST_ACCURACY).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, ForecastAccuracy> record : consumer.poll(Duration.ofMillis(500))) {
                    if (platformId.equals(record.key())) {
                        ForecastAccuracy accuracy = record.value();
                        latest.computeIfAbsent(accuracy.getSeries(), series -> new TreeMap<>())
                                .put(accuracy.getStep(), accuracy);
                    }
                }
            }
        }
        return latest;
    }

    /** Logs one line per series and step of the latest records, in the units of the record. */
    static void log(String platformId, Map<String, Map<Integer, ForecastAccuracy>> latest) {
        for (Map.Entry<String, Map<Integer, ForecastAccuracy>> series : latest.entrySet()) {
            for (ForecastAccuracy a : series.getValue().values()) {
                LOG.info("Accuracy {} {} step {}: {} scored, MAE {}, MAPE {} % over {}, p10-p90 coverage {},"
                                + " persistence MAE {}, persistence MAPE {} %, MAE / persistence MAE {}", platformId,
                        series.getKey(), a.getStep() + 1, a.getCount(), a.getMeanAbsoluteError(),
                        a.getMeanAbsolutePercentageError(), a.getPercentageCount(), a.getIntervalCoverage(),
                        a.getPersistenceMeanAbsoluteError(), a.getPersistenceMeanAbsolutePercentageError(),
                        a.getRelativeMeanAbsoluteError());
            }
        }
    }

    /**
     * Logs the latest records of {@code series} as Markdown table rows: series, step, minutes ahead, scored
     * forecasts, MAPE %, MAE, p10–p90 coverage, persistence MAE and the ratio of MAE to persistence MAE.
     */
    static void logTable(Map<String, Map<Integer, ForecastAccuracy>> latest, List<String> series) {
        StringBuilder table = new StringBuilder("\n| series | step | minutes ahead | scored | MAPE % | MAE"
                + " | p10–p90 coverage | persistence MAE | MAE / persistence MAE |\n|---|---|---|---|---|---|---|---|---|\n");
        for (String name : series) {
            for (ForecastAccuracy a : latest.getOrDefault(name, Map.of()).values()) {
                table.append(String.format(java.util.Locale.ROOT, "| %s | %d | %.0f | %d | %.3g | %.3g | %.3f | %.3g | %.3f |%n",
                        name, a.getStep() + 1, a.getOffsetSeconds() / 60, a.getCount(),
                        a.getMeanAbsolutePercentageError(), a.getMeanAbsoluteError(), a.getIntervalCoverage(),
                        a.getPersistenceMeanAbsoluteError(), a.getRelativeMeanAbsoluteError()));
            }
        }
        LOG.info("Accuracy table:{}", table);
    }
}

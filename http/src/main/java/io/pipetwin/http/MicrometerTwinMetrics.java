package io.pipetwin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.app.TwinMetrics;
import io.pipetwin.streams.deadletter.DeadLetterCounts;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.mirror.RejectReason;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The twin's meters in a Prometheus registry: events mirrored and rejected, forecast duration and
 * latency, state-store sizes, forecast accuracy scores, and, once {@link #bindStreams} is called, the
 * Kafka Streams and client metrics.
 */
public final class MicrometerTwinMetrics implements TwinMetrics, AutoCloseable {

    /** Fields of a {@code ForecastAccuracy} record exported as gauges. */
    static final List<String> ACCURACY_SCORES = List.of("meanAbsoluteError", "meanAbsolutePercentageError",
            "intervalCoverage", "persistenceMeanAbsoluteError", "relativeMeanAbsoluteError");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter eventsMirrored;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Timer forecastDuration;
    private final Timer forecastLatency;
    private final Map<String, AccuracyGauge> accuracyGauges = new ConcurrentHashMap<>();
    private final Map<String, Integer> lastAccuracyStep = new ConcurrentHashMap<>();
    private KafkaStreamsMetrics streamsMetrics;

    public MicrometerTwinMetrics() {
        eventsMirrored = Counter.builder("pipetwin.events.mirrored")
                .description("Platform events applied to the mirrored state").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder("pipetwin.events.rejected").tag("reason", reason.code())
                    .description("Platform events the mirror rejected, by reason code").register(registry));
        }
        forecastDuration = Timer.builder("pipetwin.forecast.duration")
                .description("Time the forecaster spent on one cadence boundary").register(registry);
        forecastLatency = Timer.builder("pipetwin.forecast.latency")
                .description("Wall-clock time from the Kafka timestamp of the event that crossed a cadence boundary"
                        + " to the publication of its forecast").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Returns every meter in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * Binds the Kafka Streams client metrics (meters named {@code kafka.stream.*}, {@code kafka.consumer.*},
     * {@code kafka.producer.*}) and one gauge of approximate entries per mirror store.
     */
    public synchronized void bindStreams(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        for (String store : MirrorStores.ALL) {
            Gauge.builder("pipetwin.state.store.entries", streams, s -> approximateEntries(s, store))
                    .tag("store", store)
                    .description("Approximate entries in the local state store over the partitions this instance holds;"
                            + " RocksDB's estimate also counts overwrites not yet compacted")
                    .register(registry);
        }
    }

    /**
     * Binds everything {@link #bindStreams} binds, plus one counter per reason of the records this twin
     * dead-lettered or dropped as duplicates ({@code pipetwin.records.dead.lettered}).
     */
    public void bindTwin(TwinApplication twin) {
        bindStreams(twin.streams());
        DeadLetterCounts counts = twin.deadLetterCounts();
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("pipetwin.records.dead.lettered", counts, c -> c.count(reason))
                    .tag("reason", reason.code())
                    .description("Records this instance dead-lettered or dropped as duplicates since it started, by reason"
                            + " code; after an aborted transaction a record can be counted twice")
                    .register(registry);
        }
    }

    /**
     * Binds the size of the forecast cache and the accuracy gauges: one per score field of the accuracy
     * records of the first horizon step and of the last step seen, per platform and series.
     */
    public void bindForecastCache(ForecastCache cache) {
        Gauge.builder("pipetwin.forecast.cache.records", cache, ForecastCache::size)
                .description("Forecast records kept by this server for the history endpoint and the dashboard")
                .register(registry);
        cache.addListener(entry -> {
            if (entry.series().equals("accuracy")) {
                recordAccuracy(entry);
            }
        });
    }

    /**
     * Sets the gauges of one accuracy record. Only the first and the last horizon step are exported, and
     * only the score fields, which keeps the number of series per platform at ten per scored quantity
     * instead of one per field and step (84 with 12 steps). When a larger step appears, for example after
     * the horizon was raised, the gauges of the previous last step are removed.
     */
    void recordAccuracy(ForecastEntry entry) {
        JsonNode value = entry.value();
        if (!value.hasNonNull("series") || !value.hasNonNull("step") || !value.hasNonNull("offsetSeconds")) {
            return;
        }
        String series = value.get("series").asText();
        int step = value.get("step").asInt();
        String seriesId = entry.platformId() + "\u0000" + series;
        if (step > 0) {
            Integer previousLast = lastAccuracyStep.get(seriesId);
            if (previousLast != null && step < previousLast) {
                return;
            }
            if (previousLast != null && step > previousLast) {
                removeAccuracyGauges(seriesId, previousLast);
            }
            lastAccuracyStep.put(seriesId, step);
        }
        String horizon = Long.toString(Math.round(value.get("offsetSeconds").asDouble()));
        for (String field : ACCURACY_SCORES) {
            JsonNode score = value.get(field);
            if (score == null || !score.isNumber()) {
                continue;
            }
            String id = seriesId + "\u0000" + step + "\u0000" + field;
            AccuracyGauge gauge = accuracyGauges.computeIfAbsent(id, ignored -> {
                AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
                Gauge registered = Gauge.builder("pipetwin.forecast.accuracy", holder, AtomicReference::get)
                        .tag("platform", entry.platformId())
                        .tag("series", series)
                        .tag("horizon_seconds", horizon)
                        .tag("score", field)
                        .description("Latest score of past forecasts against observed values, for the first and"
                                + " the last horizon step")
                        .register(registry);
                return new AccuracyGauge(registered, holder);
            });
            gauge.value().set(score.doubleValue());
        }
    }

    private void removeAccuracyGauges(String seriesId, int step) {
        for (String field : ACCURACY_SCORES) {
            AccuracyGauge removed = accuracyGauges.remove(seriesId + "\u0000" + step + "\u0000" + field);
            if (removed != null) {
                registry.remove(removed.gauge());
            }
        }
    }

    private static double approximateEntries(KafkaStreams streams, String store) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store,
                    QueryableStoreTypes.<String, byte[]>keyValueStore())).approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            return Double.NaN;
        }
    }

    @Override
    public void eventApplied(String platformId) {
        eventsMirrored.increment();
    }

    @Override
    public void eventRejected(String platformId, RejectReason reason) {
        rejected.get(reason).increment();
    }

    @Override
    public void forecastPublished(String platformId, long computeNanos, long latencyMillis) {
        forecastDuration.record(computeNanos, TimeUnit.NANOSECONDS);
        forecastLatency.record(Duration.ofMillis(Math.max(0, latencyMillis)));
    }

    @Override
    public synchronized void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        registry.close();
    }

    private record AccuracyGauge(Gauge gauge, AtomicReference<Double> value) {
    }
}

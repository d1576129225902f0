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
import java.util.Iterator;
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

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter eventsMirrored;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Timer forecastDuration;
    private final Timer forecastLatency;
    private final Map<String, AtomicReference<Double>> accuracyScores = new ConcurrentHashMap<>();
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

    /** Binds the size of the forecast cache and one gauge per numeric field of each accuracy record. */
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

    private void recordAccuracy(ForecastEntry entry) {
        Iterator<Map.Entry<String, JsonNode>> fields = entry.value().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isFloatingPointNumber()) {
                continue;
            }
            String id = entry.platformId() + "\u0000" + entry.key() + "\u0000" + field.getKey();
            AtomicReference<Double> score = accuracyScores.computeIfAbsent(id, ignored -> {
                AtomicReference<Double> holder = new AtomicReference<>(Double.NaN);
                Gauge.builder("pipetwin.forecast.accuracy", holder, AtomicReference::get)
                        .tag("platform", entry.platformId())
                        .tag("series", entry.key())
                        .tag("score", field.getKey())
                        .description("Latest score of past forecasts against observed values, per accuracy record field")
                        .register(registry);
                return holder;
            });
            score.set(field.getValue().doubleValue());
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
}

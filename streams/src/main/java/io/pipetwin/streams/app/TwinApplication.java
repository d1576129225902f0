package io.pipetwin.streams.app;

import io.pipetwin.core.forecast.Forecaster;
import io.pipetwin.core.forecast.online.OnlineModelParameters;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.ModelMetricsForecast;
import io.pipetwin.schemas.avro.PipelinesForecast;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.HeadOfLineForecaster;
import io.pipetwin.streams.forecast.LiveOptions;
import io.pipetwin.streams.forecast.OnlineCalibration;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.streams.deadletter.DeadLetterCounts;
import io.pipetwin.streams.forecast.PlatformForecaster;
import io.pipetwin.streams.mirror.MirrorCounters;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.topology.RateLimitedRejectionLog;
import io.pipetwin.streams.topology.RejectedEventHandler;
import io.pipetwin.streams.topology.TwinTopology;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The runnable twin: a Kafka Streams application that mirrors every platform on
 * {@code pipetwin.platform-events} and publishes queue and resource forecasts.
 */
public final class TwinApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TwinApplication.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Stream thread failures tolerated within {@link #REPLACEMENT_WINDOW} before the twin shuts down. */
    static final int MAX_THREAD_REPLACEMENTS = 10;
    static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    private final java.util.ArrayDeque<Long> threadFailures = new java.util.ArrayDeque<>();

    private final TwinConfig config;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final DeadLetterCounts deadLetterCounts = new DeadLetterCounts();

    /**
     * Creates the application with the Monte Carlo {@link Forecaster} (FIFO queueing, first-fit
     * placement) and the registry-backed Avro serdes; nothing connects before {@link #start()}.
     */
    public static TwinApplication create(TwinConfig config) {
        return create(config, TwinMetrics.NONE);
    }

    /**
     * Creates the application as {@link #create(TwinConfig)} does, reporting to {@code metrics}, with the
     * configuration's profile (or none) as the prior of each platform's online workload model.
     */
    public static TwinApplication create(TwinConfig config, TwinMetrics metrics) {
        return create(config, metrics, config.profile());
    }

    /**
     * Creates the application as {@link #create(TwinConfig)} does, with {@code profile} (or null) as the prior
     * of each platform's online workload model.
     */
    public static TwinApplication create(TwinConfig config, WorkloadProfile profile) {
        return create(config, TwinMetrics.NONE, profile);
    }

    /**
     * Returns the forecaster the twin uses: FIFO queueing and first-fit placement under the head-of-line rule
     * of {@code settings}, which by default follows each platform's observed queue (see
     * {@link HeadOfLineForecaster}). Kubernetes-style schedulers, as in the Alibaba trace and the synthetic
     * platform, backfill; batch schedulers such as Philly's keep strict FIFO.
     */
    public static PlatformForecaster defaultForecaster(ForecastSettings settings) {
        return new HeadOfLineForecaster(settings.headOfLine(), 1);
    }

    /**
     * Creates the application with every output: queue, resource, pipeline, model-metric and accuracy
     * records, reporting to {@code metrics}, with {@code profile} (or null) as the workload model prior.
     */
    public static TwinApplication create(TwinConfig config, TwinMetrics metrics, WorkloadProfile profile) {
        PlatformForecaster forecaster = defaultForecaster(config.forecast());
        Map<String, Object> serdeConfig = config.serdeConfig();
        LiveOptions live = LiveOptions.all(
                PipeTwinSerdes.forRecord(ForecastAccuracy.class, serdeConfig, false).serializer(),
                PipeTwinSerdes.forRecord(PipelinesForecast.class, serdeConfig, false).serializer(),
                PipeTwinSerdes.forRecord(ModelMetricsForecast.class, serdeConfig, false).serializer())
                .withProfile(profile);
        return new TwinApplication(config, forecaster, PipeTwinSerdes.platformEvent(serdeConfig),
                PipeTwinSerdes.queueForecast(serdeConfig), PipeTwinSerdes.resourceForecast(serdeConfig),
                new RateLimitedRejectionLog(10_000), metrics, live);
    }

    /**
     * Creates the application; nothing connects before {@link #start()}.
     *
     * @param forecaster called once per platform and cadence boundary
     * @param eventSerde value serde of the platform events, configured by the caller
     */
    public TwinApplication(TwinConfig config, PlatformForecaster forecaster, Serde<PlatformEvent> eventSerde,
                           Serde<QueueForecast> queueSerde, Serde<ResourceForecast> resourceSerde) {
        this(config, forecaster, eventSerde, queueSerde, resourceSerde, new RateLimitedRejectionLog(10_000));
    }

    public TwinApplication(TwinConfig config, PlatformForecaster forecaster, Serde<PlatformEvent> eventSerde,
                           Serde<QueueForecast> queueSerde, Serde<ResourceForecast> resourceSerde,
                           RejectedEventHandler rejectedEvents) {
        this(config, forecaster, eventSerde, queueSerde, resourceSerde, rejectedEvents, TwinMetrics.NONE);
    }

    public TwinApplication(TwinConfig config, PlatformForecaster forecaster, Serde<PlatformEvent> eventSerde,
                           Serde<QueueForecast> queueSerde, Serde<ResourceForecast> resourceSerde,
                           RejectedEventHandler rejectedEvents, TwinMetrics metrics) {
        this(config, forecaster, eventSerde, queueSerde, resourceSerde, rejectedEvents, metrics,
                LiveOptions.forecastsOnly());
    }

    /** Creates the application with the optional outputs of {@code live}; nothing connects before {@link #start()}. */
    public TwinApplication(TwinConfig config, PlatformForecaster forecaster, Serde<PlatformEvent> eventSerde,
                           Serde<QueueForecast> queueSerde, Serde<ResourceForecast> resourceSerde,
                           RejectedEventHandler rejectedEvents, TwinMetrics metrics, LiveOptions live) {
        this.config = config;
        Topology topology = TwinTopology.build(config.forecast(), config.limits(), forecaster, rejectedEvents, metrics,
                eventSerde.deserializer(), queueSerde.serializer(), resourceSerde.serializer(), deadLetterCounts, live);
        this.streams = new KafkaStreams(topology, config.toStreamsProperties());
        streams.setStateListener(this::onStateChange);
        streams.setGlobalStateRestoreListener(new RestoreLog());
        streams.setUncaughtExceptionHandler(this::onStreamThreadFailure);
    }

    /**
     * Replaces a failed stream thread up to {@link #MAX_THREAD_REPLACEMENTS} times within
     * {@link #REPLACEMENT_WINDOW}, after a backoff that doubles from 1 s to at most 30 s, then shuts the
     * twin down. A failure such as a transaction that timed out while the broker was away is transient.
     * Under exactly-once the replacement thread resumes from the last committed transaction, so nothing
     * is lost or written twice.
     */
    private StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(Throwable exception) {
        long now = System.nanoTime();
        synchronized (threadFailures) {
            threadFailures.addLast(now);
            while (!threadFailures.isEmpty() && now - threadFailures.peekFirst() > REPLACEMENT_WINDOW.toNanos()) {
                threadFailures.removeFirst();
            }
            int failures = threadFailures.size();
            if (failures > MAX_THREAD_REPLACEMENTS) {
                LOG.error("Twin {} stream thread failed {} times within {}; shutting the twin down",
                        config.applicationId(), failures, REPLACEMENT_WINDOW, exception);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            long backoffMillis = Math.min(30_000L, 1_000L << Math.min(5, failures - 1));
            LOG.warn("Twin {} stream thread failed (failure {} of at most {} within {}); replacing it in {} ms",
                    config.applicationId(), failures, MAX_THREAD_REPLACEMENTS, REPLACEMENT_WINDOW, backoffMillis, exception);
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        }
    }

    /** Starts the stream threads; returns at once. */
    public void start() {
        LOG.info("Starting twin {} against {} with state in {}, forecast every {} of event time over {} in steps of {},"
                        + " {} replications",
                config.applicationId(), config.bootstrapServers(), config.stateDir().toAbsolutePath(),
                config.forecast().interval(), config.forecast().horizon(), config.forecast().step(),
                config.forecast().replications());
        if (!config.forecast().enabled()) {
            LOG.info("Twin {} has forecasts disabled (forecast.enabled=false): it mirrors the platforms and publishes"
                    + " no forecast or accuracy records", config.applicationId());
        }
        LOG.info("Twin {} Kafka client settings: {}", config.applicationId(), config.redactedClientProperties());
        streams.start();
    }

    /** Waits until the application first reaches RUNNING; returns false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Returns the records this instance dead-lettered or dropped as duplicates since it started, per
     * reason; for metrics.
     */
    public DeadLetterCounts deadLetterCounts() {
        return deadLetterCounts;
    }

    /** Returns the Kafka Streams client, for interactive queries, metadata and metrics. */
    public KafkaStreams streams() {
        return streams;
    }

    public TwinConfig config() {
        return config;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Returns the counters of one platform mirrored by this instance, or empty when this instance does
     * not hold it or its stores are not queryable yet (during a rebalance or restoration).
     */
    public Optional<MirrorCounters> counters(String platformId) {
        try {
            byte[] summary = platformStore().get(platformId);
            return summary == null ? Optional.empty() : Optional.of(MirrorStores.decodeCounters(summary));
        } catch (InvalidStateStoreException e) {
            LOG.debug("Platform store of twin {} is not queryable now: {}", config.applicationId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Returns the counters of every platform this instance holds, by platform id; empty while not queryable. */
    public Map<String, MirrorCounters> allCounters() {
        Map<String, MirrorCounters> result = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> iterator = platformStore().all()) {
            while (iterator.hasNext()) {
                KeyValue<String, byte[]> entry = iterator.next();
                result.put(entry.key, MirrorStores.decodeCounters(entry.value));
            }
        } catch (InvalidStateStoreException e) {
            LOG.debug("Platform store of twin {} is not queryable now: {}", config.applicationId(), e.getMessage());
        }
        return result;
    }

    /**
     * Returns the online workload model parameters of every platform this instance holds, by platform id,
     * as of each platform's latest cadence boundary; empty while the stores are not queryable.
     */
    public Map<String, OnlineModelParameters> onlineModelParameters() {
        Map<String, OnlineModelParameters> result = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> iterator = streams.store(StoreQueryParameters.fromNameAndType(
                OnlineCalibration.STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())).all()) {
            while (iterator.hasNext()) {
                KeyValue<String, byte[]> entry = iterator.next();
                result.put(entry.key, OnlineCalibration.decodeParameters(entry.value));
            }
        } catch (InvalidStateStoreException e) {
            LOG.debug("Workload model store of twin {} is not queryable now: {}", config.applicationId(), e.getMessage());
        }
        return result;
    }

    private ReadOnlyKeyValueStore<String, byte[]> platformStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(MirrorStores.PLATFORMS,
                QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    /**
     * Stops the stream threads, committing their work, and waits up to 30 seconds. The instance leaves
     * the consumer group, so a restarted or remaining instance takes over its platforms without waiting
     * for the session timeout.
     */
    @Override
    public void close() {
        LOG.info("Stopping twin {}", config.applicationId());
        boolean stopped = streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        if (stopped) {
            LOG.info("Twin {} stopped", config.applicationId());
        } else {
            LOG.warn("Twin {} did not stop within {}; its threads may still be closing", config.applicationId(),
                    CLOSE_TIMEOUT);
        }
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.REBALANCING) {
            LOG.info("Twin {} is rebalancing (was {})", config.applicationId(), oldState);
        } else {
            LOG.info("Twin {} state {} -> {}", config.applicationId(), oldState, newState);
        }
        if (newState == KafkaStreams.State.RUNNING) {
            running.countDown();
        }
    }

    /** Logs restoration of each store partition from its changelog. */
    private final class RestoreLog implements StateRestoreListener {

        @Override
        public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
            LOG.info("Twin {} restoring store {} from {} offsets {} to {}", config.applicationId(), storeName, partition,
                    startingOffset, endingOffset);
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
            LOG.info("Twin {} restored store {} from {}: {} records", config.applicationId(), storeName, partition,
                    totalRestored);
        }
    }
}

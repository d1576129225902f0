package io.pipetwin.streams.topology;

import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.streams.app.TwinMetrics;
import io.pipetwin.streams.forecast.ForecastCadence;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.PlatformForecaster;
import io.pipetwin.streams.forecast.LiveForecasting;
import io.pipetwin.streams.forecast.LiveOptions;
import io.pipetwin.streams.forecast.OnlineCalibration;
import io.pipetwin.streams.forecast.PipelineModelMirror;
import io.pipetwin.streams.scenario.ScenarioStore;
import io.pipetwin.streams.scenario.ScenarioTable;
import io.pipetwin.streams.scoring.ScoringStores;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.ModelMetricsForecast;
import io.pipetwin.schemas.avro.PipelinesForecast;
import io.pipetwin.streams.mirror.ApplyResult;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.mirror.PlatformSummary;
import io.pipetwin.streams.mirror.RejectReason;
import io.pipetwin.schemas.serde.SerdeFailureReason;
import io.pipetwin.streams.deadletter.DeadLetterCounts;
import io.pipetwin.streams.deadletter.DeadLetterRecords;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Mirrors each platform from its events and publishes a forecast at every event-time cadence
 * boundary. One instance serves the platforms of one stream task; its in-memory mirrors are rebuilt
 * from the task's state stores in {@link #init}, which Kafka Streams calls after restoring them.
 *
 * <p>The processor reads key and value bytes and decodes the value itself, so a record it cannot use
 * (not decodable, or rejected by the mirror) goes to the dead-letter sink with its original bytes, in the
 * same transaction as the state changes and forecasts of the records around it. Duplicates of applied
 * events are only counted.
 */
final class TwinProcessor implements Processor<byte[], byte[], Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(TwinProcessor.class);

    private final ForecastSettings settings;
    private final MirrorLimits limits;
    private final PlatformForecaster forecaster;
    private final RejectedEventHandler rejectedEvents;
    private final ForecastCadence cadence;
    private final Deserializer<PlatformEvent> eventDeserializer;
    private final DeadLetterCounts deadLetterCounts;
    private final TwinMetrics metrics;
    private final LiveOptions live;
    private LiveForecasting forecasting;
    private ProcessorContext<Object, Object> context;
    private MirrorStores stores;
    private Map<String, PlatformMirror> mirrors;

    TwinProcessor(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                  RejectedEventHandler rejectedEvents, Deserializer<PlatformEvent> eventDeserializer,
                  DeadLetterCounts deadLetterCounts) {
        this(settings, limits, forecaster, rejectedEvents, eventDeserializer, deadLetterCounts, TwinMetrics.NONE);
    }

    TwinProcessor(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                  RejectedEventHandler rejectedEvents, Deserializer<PlatformEvent> eventDeserializer,
                  DeadLetterCounts deadLetterCounts, TwinMetrics metrics) {
        this(settings, limits, forecaster, rejectedEvents, eventDeserializer, deadLetterCounts, metrics,
                LiveOptions.forecastsOnly());
    }

    TwinProcessor(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                  RejectedEventHandler rejectedEvents, Deserializer<PlatformEvent> eventDeserializer,
                  DeadLetterCounts deadLetterCounts, TwinMetrics metrics, LiveOptions live) {
        this.live = live;
        this.eventDeserializer = eventDeserializer;
        this.deadLetterCounts = deadLetterCounts;
        this.metrics = metrics;
        this.settings = settings;
        this.limits = limits;
        this.forecaster = forecaster;
        this.rejectedEvents = rejectedEvents;
        this.cadence = new ForecastCadence(settings);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.stores = new MirrorStores(context);
        this.mirrors = stores.loadAll(limits);
        // A context without the global scenario store (a unit-test context) forecasts the baseline only.
        this.forecasting = new LiveForecasting(settings, forecaster,
                new ScenarioTable(context.getStateStore(ScenarioStore.NAME)), PipelineModelMirror.open(context),
                OnlineCalibration.open(context, live.profile()), ScoringStores.open(context), live);
        int nodes = 0;
        int tasks = 0;
        for (PlatformMirror mirror : mirrors.values()) {
            nodes += mirror.nodes().size();
            tasks += mirror.waitingTasks().size() + mirror.runningTasks().size();
        }
        LOG.info("Stream task {} restored {} platforms with {} nodes and {} waiting or running tasks from its stores",
                context.taskId(), mirrors.size(), nodes, tasks);
    }

    @Override
    public void process(Record<byte[], byte[]> raw) {
        String key = raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8);
        PlatformEvent event = decode(raw, key);
        if (event == null) {
            return;
        }
        Record<String, PlatformEvent> record = new Record<>(key, event, raw.timestamp(), raw.headers());
        ApplyResult result = apply(record);
        if (!result.applied()) {
            deadLetterCounts.increment(result.reason());
            if (result.reason().deadLettered()) {
                forwardDeadLetter(raw, result.reason(), result.detail(), event.getEventId());
            }
        }
    }

    /** Decodes the value; returns null after dead-lettering a value that cannot be decoded. */
    private PlatformEvent decode(Record<byte[], byte[]> raw, String key) {
        if (raw.value() == null) {
            undecodable(raw, key, RejectReason.MISSING_VALUE, "record of key " + key + " has no value");
            return null;
        }
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        PlatformEvent event;
        try {
            event = eventDeserializer.deserialize(topic, raw.headers(), raw.value());
        } catch (RuntimeException e) {
            SerdeFailureReason failure = SerdeFailureReason.of(e);
            if (failure == SerdeFailureReason.REGISTRY_FAILURE) {
                // Transient: failing the task aborts its transaction, so the record is read again after recovery.
                throw e;
            }
            undecodable(raw, key, switch (failure) {
                case NOT_WIRE_FORMAT -> RejectReason.NOT_WIRE_FORMAT;
                case UNKNOWN_SCHEMA_ID -> RejectReason.UNKNOWN_SCHEMA_ID;
                default -> UnknownPayloads.isUnknownPayload(e) ? RejectReason.UNKNOWN_PAYLOAD : RejectReason.UNDECODABLE;
            }, String.valueOf(e.getMessage()));
            return null;
        }
        if (event == null) {
            undecodable(raw, key, RejectReason.MISSING_VALUE, "value of key " + key + " decoded to no event");
        }
        return event;
    }

    private void undecodable(Record<byte[], byte[]> raw, String key, RejectReason reason, String detail) {
        PlatformMirror known = key == null ? null : mirrors.get(key);
        if (known != null) {
            known.countRejected(reason);
        }
        deadLetterCounts.increment(reason);
        metrics.eventRejected(key, reason);
        rejectedEvents.undecodable(key, reason, detail);
        forwardDeadLetter(raw, reason, detail, null);
    }

    private void forwardDeadLetter(Record<byte[], byte[]> raw, RejectReason reason, String detail, String eventId) {
        long nowMillis = System.currentTimeMillis();
        Record<byte[], byte[]> deadLetter = DeadLetterRecords.of(raw, context.recordMetadata(), reason, detail, eventId,
                context.applicationId(), nowMillis);
        context.forward(deadLetter, TwinTopology.DEAD_LETTER_SINK);
    }

    /** Applies a decoded event to its platform's mirror, forecasting first at every boundary it crosses. */
    private ApplyResult apply(Record<String, PlatformEvent> record) {
        PlatformEvent event = record.value();
        String platformId = record.key() != null ? record.key() : event.getPlatformId();
        if (!PlatformMirror.isValidPlatformId(platformId) || !platformId.equals(event.getPlatformId())) {
            if (PlatformMirror.isValidPlatformId(platformId)) {
                mirror(platformId).countRejected(RejectReason.INVALID_PLATFORM_ID);
            }
            String detail = "record key " + record.key() + ", event platform id " + event.getPlatformId()
                    + "; they must be equal and must not contain '" + PlatformMirror.KEY_SEPARATOR + "'";
            metrics.eventRejected(platformId, RejectReason.INVALID_PLATFORM_ID);
            rejectedEvents.rejected(platformId, event, RejectReason.INVALID_PLATFORM_ID, detail);
            return new ApplyResult(RejectReason.INVALID_PLATFORM_ID, detail);
        }

        PlatformMirror mirror = mirror(platformId);
        PlatformSummary summary = mirror.summary();
        ForecastCadence.Step step = cadence.advance(summary.nextBoundaryMillis(), event.getEventTime().toEpochMilli());
        for (long boundaryMillis : step.forecastBoundariesMillis()) {
            if (settings.enabled()) {
                publishForecast(mirror, boundaryMillis, record.timestamp());
            } else {
                forecasting.atBoundaryWithoutForecast(mirror, boundaryMillis);
            }
        }
        summary.nextBoundaryMillis(step.nextBoundaryMillis());
        summary.count(MirrorCounter.BOUNDARIES_SKIPPED, step.skippedBoundaries());

        ApplyResult result = mirror.apply(event);
        if (step.forecastBoundariesMillis().length > 0) {
            int evicted = mirror.evictStaleTasks();
            if (evicted > 0) {
                LOG.info("Evicted {} tasks of platform {} that were never queued and whose pipelines were idle for more"
                        + " than {} of event time", evicted, platformId, limits.submittedTaskRetention());
            }
        }
        if (result.applied()) {
            forecasting.onApplied(platformId, event);
            metrics.eventApplied(platformId);
        } else {
            metrics.eventRejected(platformId, result.reason());
            rejectedEvents.rejected(platformId, event, result.reason(), result.detail());
        }
        return result;
    }

    private PlatformMirror mirror(String platformId) {
        return mirrors.computeIfAbsent(platformId, id -> {
            LOG.info("Stream task {} mirrors new platform {}", context.taskId(), id);
            return new PlatformMirror(id, limits, stores);
        });
    }

    private void publishForecast(PlatformMirror mirror, long boundaryMillis, long triggerTimestampMillis) {
        long computeStartNanos = System.nanoTime();
        boolean published = forecasting.atBoundary(mirror, boundaryMillis, (platformId, record, timestampMillis) ->
                context.forward(new Record<Object, Object>(platformId, record, timestampMillis), sinkOf(record)));
        if (published) {
            long generatedAtMillis = System.currentTimeMillis();
            metrics.forecastPublished(mirror.platformId(), System.nanoTime() - computeStartNanos,
                    generatedAtMillis - triggerTimestampMillis);
        }
    }

    private static String sinkOf(SpecificRecord record) {
        if (record instanceof QueueForecast) {
            return TwinTopology.QUEUE_SINK;
        } else if (record instanceof ResourceForecast) {
            return TwinTopology.RESOURCE_SINK;
        } else if (record instanceof ForecastAccuracy) {
            return TwinTopology.ACCURACY_SINK;
        } else if (record instanceof PipelinesForecast) {
            return TwinTopology.PIPELINES_SINK;
        } else if (record instanceof ModelMetricsForecast) {
            return TwinTopology.MODEL_METRICS_SINK;
        }
        throw new IllegalStateException("no sink for record type " + record.getClass().getName());
    }
}

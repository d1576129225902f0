package io.pipetwin.streams.topology;

import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.ModelMetricsForecast;
import io.pipetwin.schemas.avro.PipelinesForecast;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.streams.forecast.ForecastCadence;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.PlatformForecaster;
import io.pipetwin.streams.forecast.LiveForecasting;
import io.pipetwin.streams.forecast.LiveOptions;
import io.pipetwin.streams.forecast.OnlineCalibration;
import io.pipetwin.streams.forecast.PipelineModelMirror;
import io.pipetwin.streams.mirror.ApplyResult;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.mirror.PlatformSummary;
import io.pipetwin.streams.mirror.RejectReason;
import io.pipetwin.streams.scenario.ScenarioStore;
import io.pipetwin.streams.scenario.ScenarioTable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Mirrors each platform from its events and publishes a forecast at every event-time cadence
 * boundary. One instance serves the platforms of one stream task; its in-memory mirrors are rebuilt
 * from the task's state stores in {@link #init}, which Kafka Streams calls after restoring them.
 */
final class TwinProcessor implements Processor<String, PlatformEvent, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(TwinProcessor.class);

    private final ForecastSettings settings;
    private final MirrorLimits limits;
    private final PlatformForecaster forecaster;
    private final RejectedEventHandler rejectedEvents;
    private final ForecastCadence cadence;
    private final LiveOptions live;
    private LiveForecasting forecasting;
    private ProcessorContext<String, SpecificRecord> context;
    private MirrorStores stores;
    private Map<String, PlatformMirror> mirrors;

    TwinProcessor(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                  RejectedEventHandler rejectedEvents) {
        this(settings, limits, forecaster, rejectedEvents, LiveOptions.forecastsOnly());
    }

    TwinProcessor(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                  RejectedEventHandler rejectedEvents, LiveOptions live) {
        this.settings = settings;
        this.limits = limits;
        this.forecaster = forecaster;
        this.rejectedEvents = rejectedEvents;
        this.cadence = new ForecastCadence(settings);
        this.live = live;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.stores = new MirrorStores(context);
        this.mirrors = stores.loadAll(limits);
        // A context without the global scenario store (a unit-test context) forecasts the baseline only.
        this.forecasting = new LiveForecasting(settings, forecaster,
                new ScenarioTable(context.getStateStore(ScenarioStore.NAME)), PipelineModelMirror.open(context),
                OnlineCalibration.open(context, live.profile()), live);
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
    public void process(Record<String, PlatformEvent> record) {
        PlatformEvent event = record.value();
        if (event == null) {
            LOG.debug("Skipped a record without value for key {}", record.key());
            return;
        }
        String platformId = record.key() != null ? record.key() : event.getPlatformId();
        if (!PlatformMirror.isValidPlatformId(platformId) || !platformId.equals(event.getPlatformId())) {
            if (PlatformMirror.isValidPlatformId(platformId)) {
                mirror(platformId).countRejected(RejectReason.INVALID_PLATFORM_ID);
            }
            rejectedEvents.rejected(platformId, event, RejectReason.INVALID_PLATFORM_ID,
                    "record key " + record.key() + ", event platform id " + event.getPlatformId()
                            + "; they must be equal and must not contain '" + PlatformMirror.KEY_SEPARATOR + "'");
            return;
        }

        PlatformMirror mirror = mirror(platformId);
        PlatformSummary summary = mirror.summary();
        ForecastCadence.Step step = cadence.advance(summary.nextBoundaryMillis(), event.getEventTime().toEpochMilli());
        for (long boundaryMillis : step.forecastBoundariesMillis()) {
            publishForecast(mirror, boundaryMillis);
        }
        summary.nextBoundaryMillis(step.nextBoundaryMillis());
        summary.count(MirrorCounter.BOUNDARIES_SKIPPED, step.skippedBoundaries());

        forecasting.beforeApply(mirror, event);
        ApplyResult result = mirror.apply(event);
        if (result.applied()) {
            forecasting.onApplied(platformId, event);
        } else {
            rejectedEvents.rejected(platformId, event, result.reason(), result.detail());
        }
    }

    private PlatformMirror mirror(String platformId) {
        return mirrors.computeIfAbsent(platformId, id -> {
            LOG.info("Stream task {} mirrors new platform {}", context.taskId(), id);
            return new PlatformMirror(id, limits, stores);
        });
    }

    private void publishForecast(PlatformMirror mirror, long boundaryMillis) {
        forecasting.atBoundary(mirror, boundaryMillis, (platformId, record, timestampMillis) ->
                context.forward(new Record<>(platformId, record, timestampMillis), sinkOf(record)));
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

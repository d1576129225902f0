package io.pipetwin.streams.topology;

import io.pipetwin.streams.app.TwinMetrics;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.LiveOptions;
import io.pipetwin.streams.forecast.OnlineCalibration;
import io.pipetwin.streams.forecast.PipelineModelMirror;
import io.pipetwin.streams.scenario.ScenarioStore;
import io.pipetwin.streams.scoring.ScoringStores;
import io.pipetwin.streams.forecast.PlatformForecaster;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.deadletter.DeadLetterCounts;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The twin's processor topology: platform events in, mirrored state in the {@link MirrorStores},
 * queue and resource forecasts out, and every record the twin cannot use out to
 * {@link Topics#PLATFORM_EVENTS_DLQ} with its original bytes and a reason. What-if scenarios come in
 * through a global store; the optional sinks of {@link LiveOptions} publish pipeline, model-metric and
 * accuracy records, and scenario forecasts go to the queue and resource topics.
 */
public final class TwinTopology {

    public static final String SOURCE = "platform-events";
    public static final String PROCESSOR = "twin";
    public static final String QUEUE_SINK = "queue-forecasts";
    public static final String RESOURCE_SINK = "resource-forecasts";
    public static final String DEAD_LETTER_SINK = "dead-letters";
    public static final String ACCURACY_SINK = "forecast-accuracy";
    public static final String PIPELINES_SINK = "pipeline-forecasts";
    public static final String MODEL_METRICS_SINK = "model-metrics-forecasts";
    public static final String SCENARIO_SOURCE = "scenarios";
    public static final String SCENARIO_UPDATER = "scenario-store-updater";

    private TwinTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param eventDeserializer  value deserializer of {@link Topics#PLATFORM_EVENTS}
     * @param queueSerializer    value serializer of {@link Topics#FORECAST_QUEUE}
     * @param resourceSerializer value serializer of {@link Topics#FORECAST_RESOURCES}
     */
    public static Topology build(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                                 RejectedEventHandler rejectedEvents, Deserializer<PlatformEvent> eventDeserializer,
                                 Serializer<QueueForecast> queueSerializer,
                                 Serializer<ResourceForecast> resourceSerializer) {
        return build(settings, limits, forecaster, rejectedEvents, TwinMetrics.NONE, eventDeserializer, queueSerializer,
                resourceSerializer, new DeadLetterCounts());
    }

    /** Builds the topology with the optional outputs of {@code live}, without metrics. */
    public static Topology build(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                                 RejectedEventHandler rejectedEvents, Deserializer<PlatformEvent> eventDeserializer,
                                 Serializer<QueueForecast> queueSerializer,
                                 Serializer<ResourceForecast> resourceSerializer, LiveOptions live) {
        return build(settings, limits, forecaster, rejectedEvents, TwinMetrics.NONE, eventDeserializer, queueSerializer,
                resourceSerializer, new DeadLetterCounts(), live);
    }

    /** Builds the topology as below, without metrics. */
    public static Topology build(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                                 RejectedEventHandler rejectedEvents, Deserializer<PlatformEvent> eventDeserializer,
                                 Serializer<QueueForecast> queueSerializer,
                                 Serializer<ResourceForecast> resourceSerializer, DeadLetterCounts deadLetterCounts) {
        return build(settings, limits, forecaster, rejectedEvents, TwinMetrics.NONE, eventDeserializer, queueSerializer,
                resourceSerializer, deadLetterCounts);
    }

    /**
     * Builds the topology.
     *
     * @param eventDeserializer  value deserializer of {@link Topics#PLATFORM_EVENTS}; the processor calls it on the
     *                           value bytes, so a failure dead-letters the record instead of stopping the twin
     * @param metrics            receives events applied and rejected and forecasts published
     * @param deadLetterCounts   receives a count per record that was dead-lettered or dropped as a duplicate
     */
    public static Topology build(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                                 RejectedEventHandler rejectedEvents, TwinMetrics metrics,
                                 Deserializer<PlatformEvent> eventDeserializer,
                                 Serializer<QueueForecast> queueSerializer,
                                 Serializer<ResourceForecast> resourceSerializer, DeadLetterCounts deadLetterCounts) {
        return build(settings, limits, forecaster, rejectedEvents, metrics, eventDeserializer, queueSerializer,
                resourceSerializer, deadLetterCounts, LiveOptions.forecastsOnly());
    }

    /**
     * Builds the topology with the optional outputs of {@code live}: a sink per serializer it has. Every
     * variant reads the scenarios of {@link Topics#SCENARIOS} into a global store.
     */
    public static Topology build(ForecastSettings settings, MirrorLimits limits, PlatformForecaster forecaster,
                                 RejectedEventHandler rejectedEvents, TwinMetrics metrics,
                                 Deserializer<PlatformEvent> eventDeserializer,
                                 Serializer<QueueForecast> queueSerializer,
                                 Serializer<ResourceForecast> resourceSerializer, DeadLetterCounts deadLetterCounts,
                                 LiveOptions live) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), Topics.PLATFORM_EVENTS);
        topology.addProcessor(PROCESSOR, () -> new TwinProcessor(settings, limits, forecaster, rejectedEvents,
                eventDeserializer, deadLetterCounts, metrics, live), SOURCE);
        for (StoreBuilder<KeyValueStore<String, byte[]>> store : MirrorStores.storeBuilders()) {
            topology.addStateStore(store, PROCESSOR);
        }
        topology.addSink(QUEUE_SINK, Topics.FORECAST_QUEUE, new StringSerializer(), queueSerializer, PROCESSOR);
        topology.addSink(RESOURCE_SINK, Topics.FORECAST_RESOURCES, new StringSerializer(), resourceSerializer, PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, Topics.PLATFORM_EVENTS_DLQ, new ByteArraySerializer(), new ByteArraySerializer(),
                PROCESSOR);
        for (StoreBuilder<KeyValueStore<String, byte[]>> store : PipelineModelMirror.storeBuilders()) {
            topology.addStateStore(store, PROCESSOR);
        }
        topology.addStateStore(OnlineCalibration.storeBuilder(), PROCESSOR);
        for (StoreBuilder<KeyValueStore<String, byte[]>> store : ScoringStores.storeBuilders()) {
            topology.addStateStore(store, PROCESSOR);
        }
        if (live.pipelinesSerializer() != null) {
            topology.addSink(PIPELINES_SINK, Topics.FORECAST_PIPELINES, new StringSerializer(),
                    live.pipelinesSerializer(), PROCESSOR);
        }
        if (live.modelMetricsSerializer() != null) {
            topology.addSink(MODEL_METRICS_SINK, Topics.FORECAST_MODEL_METRICS, new StringSerializer(),
                    live.modelMetricsSerializer(), PROCESSOR);
        }
        if (live.accuracySerializer() != null) {
            topology.addSink(ACCURACY_SINK, Topics.FORECAST_ACCURACY, new StringSerializer(), live.accuracySerializer(),
                    PROCESSOR);
        }
        topology.addGlobalStore(ScenarioStore.builder(), SCENARIO_SOURCE, new StringDeserializer(),
                new StringDeserializer(), Topics.SCENARIOS, SCENARIO_UPDATER, ScenarioStore.Updater::new);
        return topology;
    }
}

package io.pipetwin.schemas;

import java.util.List;

/**
 * Names of every Kafka topic PipeTwin reads or writes. Record keys are platform ids (UTF-8 strings)
 * unless a constant says otherwise; values are Avro in the Confluent wire format, registered under
 * the subject {@code <topic>-value}.
 */
public final class Topics {

    /** Platform events from live platforms and trace replays; value {@code PlatformEvent}. */
    public static final String PLATFORM_EVENTS = "pipetwin.platform-events";

    /** Platform events the twin could not use, with the original bytes and the reason in headers. */
    public static final String PLATFORM_EVENTS_DLQ = "pipetwin.platform-events.dlq";

    /** Queue length and waiting-time forecasts per task pool; value {@code QueueForecast}. */
    public static final String FORECAST_QUEUE = "pipetwin.forecast.queue";

    /** Utilisation forecasts per node pool and resource; value {@code ResourceForecast}. */
    public static final String FORECAST_RESOURCES = "pipetwin.forecast.resources";

    /** Completion-time forecasts per pipeline in the system. */
    public static final String FORECAST_PIPELINES = "pipetwin.forecast.pipelines";

    /** Model-metric trajectories per deployed model with the predicted retraining time. */
    public static final String FORECAST_MODEL_METRICS = "pipetwin.forecast.model-metrics";

    /** Scores of past forecasts against what happened. */
    public static final String FORECAST_ACCURACY = "pipetwin.forecast.accuracy";

    /** What-if scenario definitions, compacted; key is platform id and scenario name. */
    public static final String SCENARIOS = "pipetwin.scenarios";

    /** Topics the embedded mode creates at start. */
    public static final List<String> ALL = List.of(
            PLATFORM_EVENTS, PLATFORM_EVENTS_DLQ, FORECAST_QUEUE, FORECAST_RESOURCES,
            FORECAST_PIPELINES, FORECAST_MODEL_METRICS, FORECAST_ACCURACY, SCENARIOS);

    private Topics() {
    }
}

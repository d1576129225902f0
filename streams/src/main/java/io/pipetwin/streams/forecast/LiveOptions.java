package io.pipetwin.streams.forecast;

import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.ModelMetricsForecast;
import io.pipetwin.schemas.avro.PipelinesForecast;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Optional outputs and inputs of the live forecasting. A null serializer leaves its topic out of the
 * topology, and nothing is published there.
 *
 * @param accuracySerializer     value serializer of {@code pipetwin.forecast.accuracy}
 * @param pipelinesSerializer    value serializer of {@code pipetwin.forecast.pipelines}
 * @param modelMetricsSerializer value serializer of {@code pipetwin.forecast.model-metrics}
 * @param wallClock              source of the {@code generatedAt} times, in epoch millis; a fixed clock makes
 *                               the output a pure function of the input
 * @param retrainingPolicy       the platforms' retraining strategy, under which the next retraining of each
 *                               deployed model is forecast
 * @param profile                prior of each platform's online workload model, or null for none
 */
public record LiveOptions(Serializer<ForecastAccuracy> accuracySerializer,
                          Serializer<PipelinesForecast> pipelinesSerializer,
                          Serializer<ModelMetricsForecast> modelMetricsSerializer, LongSupplier wallClock,
                          RetrainingPolicy retrainingPolicy, WorkloadProfile profile) {

    public LiveOptions {
        Objects.requireNonNull(wallClock, "wall clock is missing; use System::currentTimeMillis");
        Objects.requireNonNull(retrainingPolicy, "retraining policy is missing; use RetrainingPolicy.NONE");
    }

    /** Queue and resource forecasts only, system clock, no retraining. */
    public static LiveOptions forecastsOnly() {
        return new LiveOptions(null, null, null, System::currentTimeMillis, RetrainingPolicy.NONE, null);
    }

    /** Queue and resource forecasts and accuracy records. */
    public static LiveOptions withAccuracy(Serializer<ForecastAccuracy> accuracySerializer) {
        return new LiveOptions(accuracySerializer, null, null, System::currentTimeMillis, RetrainingPolicy.NONE, null);
    }

    /** Every output. */
    public static LiveOptions all(Serializer<ForecastAccuracy> accuracySerializer,
                                  Serializer<PipelinesForecast> pipelinesSerializer,
                                  Serializer<ModelMetricsForecast> modelMetricsSerializer) {
        return new LiveOptions(accuracySerializer, pipelinesSerializer, modelMetricsSerializer,
                System::currentTimeMillis, RetrainingPolicy.NONE, null);
    }

    public LiveOptions withWallClock(LongSupplier newWallClock) {
        return new LiveOptions(accuracySerializer, pipelinesSerializer, modelMetricsSerializer, newWallClock,
                retrainingPolicy, profile);
    }

    public LiveOptions withRetrainingPolicy(RetrainingPolicy newRetrainingPolicy) {
        return new LiveOptions(accuracySerializer, pipelinesSerializer, modelMetricsSerializer, wallClock,
                newRetrainingPolicy, profile);
    }

    public LiveOptions withProfile(WorkloadProfile newProfile) {
        return new LiveOptions(accuracySerializer, pipelinesSerializer, modelMetricsSerializer, wallClock,
                retrainingPolicy, newProfile);
    }
}

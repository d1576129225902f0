package io.pipetwin.streams.forecast;

import io.pipetwin.schemas.avro.ForecastAccuracy;
import org.apache.kafka.common.serialization.Serializer;

import java.util.function.LongSupplier;

/**
 * Optional outputs and inputs of the live forecasting.
 *
 * @param accuracySerializer value serializer of {@code pipetwin.forecast.accuracy}, or null to publish no
 *                           accuracy records
 * @param wallClock          source of the {@code generatedAt} times, in epoch millis; a fixed clock makes the
 *                           output a pure function of the input
 */
public record LiveOptions(Serializer<ForecastAccuracy> accuracySerializer, LongSupplier wallClock) {

    /** No accuracy records, system clock. */
    public static LiveOptions forecastsOnly() {
        return new LiveOptions(null, System::currentTimeMillis);
    }

    public static LiveOptions withAccuracy(Serializer<ForecastAccuracy> accuracySerializer) {
        return new LiveOptions(accuracySerializer, System::currentTimeMillis);
    }

    public LiveOptions withWallClock(LongSupplier newWallClock) {
        return new LiveOptions(accuracySerializer, newWallClock);
    }
}

package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.PlatformSnapshot;

/** Computes a forecast from a platform snapshot; the twin calls it once per cadence boundary. */
@FunctionalInterface
public interface PlatformForecaster {

    ForecastResult forecast(PlatformSnapshot snapshot, ForecastConfig config);
}

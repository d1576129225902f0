package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.scenario.PlatformPolicies;
import io.pipetwin.streams.mirror.PlatformSummary;

/** Computes a forecast from a platform snapshot; the twin calls it once per cadence boundary. */
@FunctionalInterface
public interface PlatformForecaster {

    ForecastResult forecast(PlatformSnapshot snapshot, ForecastConfig config);

    /**
     * Returns the forecaster for one platform's baseline at a boundary, given what the mirror has counted of
     * it. A forecaster with fixed policies returns itself.
     */
    default PlatformForecaster forPlatform(String platformId, PlatformSummary summary) {
        return this;
    }

    /**
     * Returns the scheduling of the platform's baseline forecast, from which each what-if scenario changes
     * what it names, so that a scenario differs from the baseline only by its own changes.
     */
    default PlatformPolicies policiesFor(String platformId, PlatformSummary summary) {
        return PlatformPolicies.DEFAULT;
    }
}

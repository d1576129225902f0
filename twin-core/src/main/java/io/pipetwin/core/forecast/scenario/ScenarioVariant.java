package io.pipetwin.core.forecast.scenario;

import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.Forecaster;
import io.pipetwin.core.forecast.PlatformSnapshot;

/** A scenario applied to a live state: the changed snapshot and a forecaster with the scenario's policies. */
public record ScenarioVariant(String scenarioName, PlatformSnapshot snapshot, Forecaster forecaster) {

    /** Forecasts the variant. */
    public ForecastResult forecast(ForecastConfig config) {
        return forecaster.forecast(snapshot, config);
    }
}

package io.pipetwin.core.forecast.scoring;

import java.util.List;

/**
 * The state {@link PendingForecasts} keeps for one series, as a copy for storing and restoring it.
 *
 * @param lastTimeSeconds time of the latest observation, in epoch seconds; negative infinity before the first
 * @param lastValue       value of the latest observation; NaN before the first
 * @param forecasts       forecasts waiting for their steps to be realised, oldest first
 */
public record PendingSeries(String platformId, String series, double lastTimeSeconds, double lastValue,
                            List<PendingForecast> forecasts) {

    public PendingSeries {
        forecasts = List.copyOf(forecasts);
    }
}

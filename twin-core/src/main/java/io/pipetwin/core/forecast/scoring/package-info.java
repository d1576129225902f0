/**
 * Forecast accuracy: {@link io.pipetwin.core.forecast.scoring.ForecastScorer} scores a forecast's steps
 * against realised values and against the persistence forecast,
 * {@link io.pipetwin.core.forecast.scoring.PendingForecasts} keeps forecasts until their steps are realised,
 * and {@link io.pipetwin.core.forecast.scoring.ScoreBoard} aggregates the scores over a sliding window per
 * platform, series and horizon step.
 */
package io.pipetwin.core.forecast.scoring;

package io.pipetwin.core.forecast.scoring;

import java.util.List;

/**
 * The scored steps of one forecast of one series.
 *
 * @param startSeconds event time the forecast was made at, in epoch seconds
 * @param steps        scored steps, in step order; steps without a realised value are absent
 */
public record ScoredForecast(String platformId, String series, double startSeconds, List<StepScore> steps) {

    public ScoredForecast {
        steps = List.copyOf(steps);
    }
}

package io.pipetwin.core.forecast.scoring;

/**
 * Key of a score summary: one series of one platform at one horizon step.
 *
 * @param series name of the forecast quantity, for example {@code queue-length/gpu}
 */
public record ScoreKey(String platformId, String series, int step) {
}

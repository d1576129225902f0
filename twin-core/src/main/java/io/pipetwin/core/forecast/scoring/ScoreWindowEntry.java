package io.pipetwin.core.forecast.scoring;

/**
 * One scored step held in the window of a {@link ScoreKey}.
 *
 * @param sequence        position of the entry among all entries ever added to its key, from 0; entries leave
 *                        a window in sequence order
 * @param stepTimeSeconds the step's time (forecast start plus step offset), in epoch seconds
 * @param score           the step's score
 */
public record ScoreWindowEntry(long sequence, double stepTimeSeconds, StepScore score) {
}

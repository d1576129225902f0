package io.pipetwin.core.forecast.scoring;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Scored steps of one {@link ScoreKey} whose step time lies within the last {@code windowSeconds} of the
 * latest step time added, at most {@code maxEntries} of them. Summaries are recomputed from the entries, so
 * they carry no accumulated rounding.
 */
final class ScoreWindow {

    private record Entry(double stepTimeSeconds, StepScore score) {
    }

    private final double windowSeconds;
    private final int maxEntries;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private double latestSeconds = Double.NEGATIVE_INFINITY;

    ScoreWindow(double windowSeconds, int maxEntries) {
        this.windowSeconds = windowSeconds;
        this.maxEntries = maxEntries;
    }

    void add(double stepTimeSeconds, StepScore score) {
        latestSeconds = Math.max(latestSeconds, stepTimeSeconds);
        entries.addLast(new Entry(stepTimeSeconds, score));
        while (entries.size() > maxEntries
                || (!entries.isEmpty() && entries.peekFirst().stepTimeSeconds() < latestSeconds - windowSeconds)) {
            entries.removeFirst();
        }
    }

    ScoreSummary summary() {
        long count = 0;
        long percentageCount = 0;
        long inside = 0;
        double errorSum = 0;
        double percentageSum = 0;
        double persistenceSum = 0;
        double persistencePercentageSum = 0;
        for (Entry entry : entries) {
            StepScore score = entry.score();
            count++;
            errorSum += score.absoluteError();
            persistenceSum += score.persistenceAbsoluteError();
            if (score.insideInterval()) {
                inside++;
            }
            if (!Double.isNaN(score.percentageError())) {
                percentageCount++;
                percentageSum += score.percentageError();
                persistencePercentageSum += score.persistencePercentageError();
            }
        }
        if (count == 0) {
            return new ScoreSummary(0, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mae = errorSum / count;
        double persistenceMae = persistenceSum / count;
        return new ScoreSummary(count, mae, percentageCount == 0 ? Double.NaN : percentageSum / percentageCount,
                percentageCount, (double) inside / count, persistenceMae,
                percentageCount == 0 ? Double.NaN : persistencePercentageSum / percentageCount,
                persistenceMae == 0 ? Double.NaN : mae / persistenceMae);
    }
}

package io.pipetwin.core.forecast.scoring;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Scored steps of one {@link ScoreKey} whose step time lies within the last {@code windowSeconds} of the
 * latest step time added, at most {@code maxEntries} of them. Summaries are recomputed from the entries, so
 * they carry no accumulated rounding, and a window restored with the same entries in the same order gives
 * the same summaries bit for bit.
 */
final class ScoreWindow {

    private final ScoreKey key;
    private final double windowSeconds;
    private final int maxEntries;
    private final ScoreBoard.Listener listener;
    private final Deque<ScoreWindowEntry> entries = new ArrayDeque<>();
    private double latestSeconds = Double.NEGATIVE_INFINITY;
    private long nextSequence;

    ScoreWindow(ScoreKey key, double windowSeconds, int maxEntries, ScoreBoard.Listener listener) {
        this.key = key;
        this.windowSeconds = windowSeconds;
        this.maxEntries = maxEntries;
        this.listener = listener;
    }

    void add(double stepTimeSeconds, StepScore score) {
        latestSeconds = Math.max(latestSeconds, stepTimeSeconds);
        ScoreWindowEntry entry = new ScoreWindowEntry(nextSequence++, stepTimeSeconds, score);
        entries.addLast(entry);
        listener.added(key, entry, latestSeconds);
        while (entries.size() > maxEntries
                || (!entries.isEmpty() && entries.peekFirst().stepTimeSeconds() < latestSeconds - windowSeconds)) {
            listener.removed(key, entries.removeFirst().sequence());
        }
    }

    /**
     * Replaces the content with {@code restored}, given in sequence order, and the latest step time added.
     * The listener is not called: the entries come from where it wrote them.
     */
    void restore(List<ScoreWindowEntry> restored, double restoredLatestSeconds) {
        entries.clear();
        long previous = -1;
        for (ScoreWindowEntry entry : restored) {
            if (entry.sequence() <= previous) {
                throw new IllegalArgumentException("window of " + key + ": entry sequence " + entry.sequence()
                        + " follows " + previous + "; restore the entries in increasing sequence order");
            }
            previous = entry.sequence();
            entries.addLast(entry);
        }
        latestSeconds = restoredLatestSeconds;
        nextSequence = previous + 1;
    }

    ScoreSummary summary() {
        long count = 0;
        long percentageCount = 0;
        long inside = 0;
        double errorSum = 0;
        double percentageSum = 0;
        double persistenceSum = 0;
        double persistencePercentageSum = 0;
        for (ScoreWindowEntry entry : entries) {
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

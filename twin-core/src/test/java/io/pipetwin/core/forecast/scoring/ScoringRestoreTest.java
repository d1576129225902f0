package io.pipetwin.core.forecast.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.forecast.SeriesForecast;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Scoring rebuilt from the copies a caller keeps (the series' state from {@link PendingForecasts#seriesOf} and
 * the window entries a {@link ScoreBoard.Listener} saw) continues exactly as the original does.
 */
class ScoringRestoreTest {

    private static final double[] LEVELS = {0.1, 0.5, 0.9};
    private static final double[] OFFSETS = {60, 120, 180};
    private static final double INTERVAL = 60;

    /** The window entries of each key as a listener keeps them, like a key-value store. */
    private static final class RecordingListener implements ScoreBoard.Listener {
        final Map<ScoreKey, TreeMap<Long, ScoreWindowEntry>> entries = new HashMap<>();
        final Map<ScoreKey, Double> latest = new HashMap<>();
        int removals;

        @Override
        public void added(ScoreKey key, ScoreWindowEntry entry, double latestSeconds) {
            entries.computeIfAbsent(key, k -> new TreeMap<>()).put(entry.sequence(), entry);
            latest.put(key, latestSeconds);
        }

        @Override
        public void removed(ScoreKey key, long sequence) {
            entries.get(key).remove(sequence);
            removals++;
        }
    }

    private static final class Scoring {
        final PendingForecasts pending = new PendingForecasts(INTERVAL, 5);
        final RecordingListener listener = new RecordingListener();
        final ScoreBoard board = new ScoreBoard(4 * INTERVAL, 100, listener);

        /** Observes the queue's value at a boundary, adds that boundary's forecast; returns the summaries touched. */
        List<ScoreSummary> boundary(double nowSeconds, double value) {
            List<ScoredForecast> released = new ArrayList<>(pending.observe("p1", "q", nowSeconds, value));
            released.addAll(pending.advanceTo(nowSeconds));
            double[] median = {value + 1, value + 2, value - 1};
            double[] low = {value - 1, value, value - 3};
            double[] high = {value + 3, value + 4, value + 1};
            released.addAll(pending.add("p1", "q", nowSeconds, OFFSETS, LEVELS,
                    new SeriesForecast(value, median.clone(), new double[][] {low, median, high})));
            List<ScoreSummary> summaries = new ArrayList<>();
            for (ScoredForecast scored : released) {
                board.add(scored);
                for (StepScore step : scored.steps()) {
                    summaries.add(board.summary(new ScoreKey("p1", "q", step.step())));
                }
            }
            return summaries;
        }

        /** Returns a new scoring built from this one's copies, as a restarted process builds it. */
        Scoring restored() {
            Scoring copy = new Scoring();
            pending.seriesOf("p1").forEach(copy.pending::restore);
            listener.entries.forEach((key, entries) -> {
                copy.board.restore(key, new ArrayList<>(entries.values()), listener.latest.get(key));
                copy.listener.entries.put(key, new TreeMap<>(entries));
                copy.listener.latest.put(key, listener.latest.get(key));
            });
            return copy;
        }
    }

    @Test
    void restoredScoringContinuesIdentically() {
        double[] queue = {3, 5, 4, 8, 1, 0, 2, 7, 7, 6, 3, 9, 4, 2, 5};
        Scoring uninterrupted = new Scoring();
        Scoring restarted = new Scoring();
        List<ScoreSummary> expected = new ArrayList<>();
        List<ScoreSummary> actual = new ArrayList<>();
        for (int i = 0; i < queue.length; i++) {
            if (i % 4 == 3) {
                restarted = restarted.restored();
            }
            expected.addAll(uninterrupted.boundary(i * INTERVAL, queue[i]));
            actual.addAll(restarted.boundary(i * INTERVAL, queue[i]));
        }

        // The forecasts of boundaries 0 to 11 complete 3 intervals later, with one summary per step.
        assertEquals(12 * 3, expected.size());
        assertEquals(expected, actual);
        // The 4-interval window keeps step times within 240 s of the latest: 5 entries, so entries left it.
        assertEquals(5, expected.get(expected.size() - 1).count());
        assertTrue(restarted.listener.removals > 0, "no entry left a window after the last restart");
        assertEquals(uninterrupted.listener.entries, restarted.listener.entries);
    }
}

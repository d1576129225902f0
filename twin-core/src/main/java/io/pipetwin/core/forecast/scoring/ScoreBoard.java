package io.pipetwin.core.forecast.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sliding-window accuracy per (platform, series, horizon step). A step's time is the forecast's start plus
 * the step's offset; each key keeps the steps of the last {@code windowSeconds} of step time, at most
 * {@code maxEntriesPerKey}. A {@link Listener} receives every entry that enters or leaves a window, so a caller
 * can keep a durable copy and rebuild the board with {@link #restore}.
 */
public final class ScoreBoard {

    /** Receives each change of the windows, in the order the board makes them. */
    public interface Listener {

        /** A listener that ignores every change. */
        Listener NONE = new Listener() {
            @Override
            public void added(ScoreKey key, ScoreWindowEntry entry, double latestSeconds) {
            }

            @Override
            public void removed(ScoreKey key, long sequence) {
            }
        };

        /**
         * Called after {@code entry} entered the window of {@code key}.
         *
         * @param latestSeconds the latest step time added to the key so far, this entry's included
         */
        void added(ScoreKey key, ScoreWindowEntry entry, double latestSeconds);

        /** Called after the entry with {@code sequence} left the window of {@code key}. */
        void removed(ScoreKey key, long sequence);
    }

    private final double windowSeconds;
    private final int maxEntriesPerKey;
    private final Listener listener;
    private final Map<ScoreKey, ScoreWindow> windows = new LinkedHashMap<>();

    public ScoreBoard(double windowSeconds, int maxEntriesPerKey) {
        this(windowSeconds, maxEntriesPerKey, Listener.NONE);
    }

    public ScoreBoard(double windowSeconds, int maxEntriesPerKey, Listener listener) {
        if (!(windowSeconds > 0) || maxEntriesPerKey < 1) {
            throw new IllegalArgumentException("windowSeconds " + windowSeconds + " and maxEntriesPerKey "
                    + maxEntriesPerKey + " must be positive; use for example 86400 and 10000");
        }
        this.windowSeconds = windowSeconds;
        this.maxEntriesPerKey = maxEntriesPerKey;
        this.listener = java.util.Objects.requireNonNull(listener, "listener is missing; use Listener.NONE");
    }

    /** Adds every step of one scored forecast. */
    public void add(ScoredForecast scored) {
        for (StepScore score : scored.steps()) {
            ScoreKey key = new ScoreKey(scored.platformId(), scored.series(), score.step());
            window(key).add(scored.startSeconds() + score.offsetSeconds(), score);
        }
    }

    /**
     * Sets the window of {@code key} to {@code entries}, in increasing sequence order, as a listener recorded
     * them; later additions continue the sequence. Entries beyond this board's bounds (written under a longer
     * window or a higher maximum) leave at the key's next addition, which calls the listener for each.
     *
     * @param latestSeconds the latest step time the listener was given with an entry of this key
     */
    public void restore(ScoreKey key, List<ScoreWindowEntry> entries, double latestSeconds) {
        window(key).restore(entries, latestSeconds);
    }

    /** Returns the summary of {@code key}'s window; a count of 0 with NaN figures when nothing was added. */
    public ScoreSummary summary(ScoreKey key) {
        ScoreWindow window = windows.get(key);
        return window == null ? new ScoreWindow(key, windowSeconds, 1, Listener.NONE).summary() : window.summary();
    }

    /** Returns the keys seen, in order of first appearance. */
    public List<ScoreKey> keys() {
        return new ArrayList<>(windows.keySet());
    }

    private ScoreWindow window(ScoreKey key) {
        return windows.computeIfAbsent(key, k -> new ScoreWindow(k, windowSeconds, maxEntriesPerKey, listener));
    }
}

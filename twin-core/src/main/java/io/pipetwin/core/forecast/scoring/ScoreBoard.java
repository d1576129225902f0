package io.pipetwin.core.forecast.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sliding-window accuracy per (platform, series, horizon step). A step's time is the forecast's start plus
 * the step's offset; each key keeps the steps of the last {@code windowSeconds} of step time, at most
 * {@code maxEntriesPerKey}.
 */
public final class ScoreBoard {

    private final double windowSeconds;
    private final int maxEntriesPerKey;
    private final Map<ScoreKey, ScoreWindow> windows = new LinkedHashMap<>();

    public ScoreBoard(double windowSeconds, int maxEntriesPerKey) {
        if (!(windowSeconds > 0) || maxEntriesPerKey < 1) {
            throw new IllegalArgumentException("windowSeconds " + windowSeconds + " and maxEntriesPerKey "
                    + maxEntriesPerKey + " must be positive; use for example 86400 and 10000");
        }
        this.windowSeconds = windowSeconds;
        this.maxEntriesPerKey = maxEntriesPerKey;
    }

    /** Adds every step of one scored forecast. */
    public void add(ScoredForecast scored) {
        for (StepScore score : scored.steps()) {
            ScoreKey key = new ScoreKey(scored.platformId(), scored.series(), score.step());
            windows.computeIfAbsent(key, k -> new ScoreWindow(windowSeconds, maxEntriesPerKey))
                    .add(scored.startSeconds() + score.offsetSeconds(), score);
        }
    }

    /** Returns the summary of {@code key}'s window; a count of 0 with NaN figures when nothing was added. */
    public ScoreSummary summary(ScoreKey key) {
        ScoreWindow window = windows.get(key);
        return window == null ? new ScoreWindow(windowSeconds, 1).summary() : window.summary();
    }

    /** Returns the keys seen, in order of first appearance. */
    public List<ScoreKey> keys() {
        return new ArrayList<>(windows.keySet());
    }
}

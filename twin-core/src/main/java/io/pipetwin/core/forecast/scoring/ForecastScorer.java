package io.pipetwin.core.forecast.scoring;

import io.pipetwin.core.forecast.SeriesForecast;
import java.util.ArrayList;
import java.util.List;

/** Scores a forecast's steps against realised values; pure functions. */
public final class ForecastScorer {

    /** Quantile levels a scored forecast must contain: the interval bounds and the median. */
    public static final double P10 = 0.1;
    public static final double P50 = 0.5;
    public static final double P90 = 0.9;

    private ForecastScorer() {
    }

    /**
     * Scores each step with a realised value; a NaN actual (no observation) leaves its step out.
     *
     * @param valueAtStart value when the forecast was made: the persistence forecast of every step
     * @param offsetsSeconds offset of each step after the start
     * @param p10 per step
     * @param p50 per step
     * @param p90 per step
     * @param actuals realised value per step, NaN where unknown
     */
    public static List<StepScore> score(double valueAtStart, double[] offsetsSeconds, double[] p10, double[] p50,
                                        double[] p90, double[] actuals) {
        int steps = offsetsSeconds.length;
        if (p10.length != steps || p50.length != steps || p90.length != steps || actuals.length != steps) {
            throw new IllegalArgumentException("a forecast of " + steps + " steps needs p10, p50, p90 and actuals of "
                    + steps + " values each; got " + p10.length + ", " + p50.length + ", " + p90.length + " and "
                    + actuals.length);
        }
        List<StepScore> scores = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            if (!Double.isNaN(actuals[step])) {
                scores.add(scoreStep(step, offsetsSeconds[step], valueAtStart, p10[step], p50[step], p90[step],
                        actuals[step]));
            }
        }
        return scores;
    }

    /** Scores a {@link SeriesForecast} whose quantile levels {@code levels} include 0.1, 0.5 and 0.9. */
    public static List<StepScore> score(SeriesForecast forecast, double[] levels, double[] offsetsSeconds,
                                        double[] actuals) {
        double[][] q = forecast.quantiles();
        return score(forecast.now(), offsetsSeconds, q[levelIndex(levels, P10)], q[levelIndex(levels, P50)],
                q[levelIndex(levels, P90)], actuals);
    }

    /** Returns the index of {@code level} in {@code levels}; throws naming the levels when absent. */
    public static int levelIndex(double[] levels, double level) {
        for (int i = 0; i < levels.length; i++) {
            if (Math.abs(levels[i] - level) < 1e-9) {
                return i;
            }
        }
        throw new IllegalArgumentException("quantile level " + level + " is missing from the forecast's levels "
                + java.util.Arrays.toString(levels) + "; forecast with levels including 0.1, 0.5 and 0.9 to score it");
    }

    static StepScore scoreStep(int step, double offsetSeconds, double valueAtStart, double p10, double p50,
                               double p90, double actual) {
        double error = Math.abs(actual - p50);
        double persistenceError = Math.abs(actual - valueAtStart);
        return new StepScore(step, offsetSeconds, actual, p50, error, percentage(error, actual),
                p10 <= actual && actual <= p90, persistenceError, percentage(persistenceError, actual));
    }

    private static double percentage(double error, double actual) {
        return actual == 0 ? Double.NaN : 100.0 * error / Math.abs(actual);
    }
}

package io.pipetwin.core.forecast.scoring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.forecast.SeriesForecast;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastScoringTest {

    private static final double[] LEVELS = {0.1, 0.5, 0.9};
    private static final double[] OFFSETS = {60, 120, 180};
    private static final double[] P10 = {8, 9, 5};
    private static final double[] P50 = {10, 12, 8};
    private static final double[] P90 = {12, 15, 9};

    private static SeriesForecast forecast(double now) {
        return new SeriesForecast(now, new double[3], new double[][] {P10, P50, P90});
    }

    /**
     * Value at start 10, actuals 11, 0, 12 against medians 10, 12, 8. Errors are 1, 12, 4. Percentage errors
     * are 100/11, undefined (actual 0) and 100·4/12. Only step 0 lies inside p10–p90 (8 ≤ 11 ≤ 12).
     * Persistence errors are 1, 10, 2.
     */
    @Test
    void stepsAreScoredAgainstTheMedianAndPersistence() {
        List<StepScore> scores = ForecastScorer.score(10, OFFSETS, P10, P50, P90, new double[] {11, 0, 12});
        StepScore s0 = scores.get(0);
        StepScore s1 = scores.get(1);
        StepScore s2 = scores.get(2);
        assertAll(
                () -> assertEquals(1.0, s0.absoluteError()),
                () -> assertEquals(100.0 / 11, s0.percentageError(), 1e-12),
                () -> assertTrue(s0.insideInterval()),
                () -> assertEquals(1.0, s0.persistenceAbsoluteError()),
                () -> assertEquals(12.0, s1.absoluteError()),
                () -> assertTrue(Double.isNaN(s1.percentageError())),
                () -> assertFalse(s1.insideInterval()),
                () -> assertEquals(10.0, s1.persistenceAbsoluteError()),
                () -> assertEquals(4.0, s2.absoluteError()),
                () -> assertEquals(100.0 * 4 / 12, s2.percentageError(), 1e-12),
                () -> assertFalse(s2.insideInterval()),
                () -> assertEquals(2.0, s2.persistenceAbsoluteError()),
                () -> assertEquals(100.0 * 2 / 12, s2.persistencePercentageError(), 1e-12));
    }

    @Test
    void unknownActualsAreSkipped() {
        List<StepScore> scores = ForecastScorer.score(forecast(10), LEVELS, OFFSETS,
                new double[] {Double.NaN, 12, Double.NaN});
        assertEquals(List.of(1), scores.stream().map(StepScore::step).toList());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ForecastScorer.score(forecast(10), new double[] {0.05, 0.5, 0.95}, OFFSETS, new double[3]));
        assertTrue(error.getMessage().contains("0.1"), error.getMessage());
    }

    /**
     * Two forecasts with value at start 10. Step 0 actuals: 11 (error 1, 100/11 %, inside, persistence 1) and
     * 0 (error 10, no percentage, outside since 8 > 0, persistence 10). MAE 5.5, MAPE 100/11 over 1 step,
     * coverage 1/2, persistence MAE 5.5, relative MAE 1.
     */
    @Test
    void boardAggregatesPerPlatformSeriesAndStep() {
        ScoreBoard board = new ScoreBoard(3600, 100);
        board.add(new ScoredForecast("p1", "queue/gpu", 0,
                ForecastScorer.score(10, OFFSETS, P10, P50, P90, new double[] {11, 0, 12})));
        board.add(new ScoredForecast("p1", "queue/gpu", 60,
                ForecastScorer.score(10, OFFSETS, P10, P50, P90, new double[] {0, 15, 12})));

        ScoreSummary step0 = board.summary(new ScoreKey("p1", "queue/gpu", 0));
        ScoreSummary step1 = board.summary(new ScoreKey("p1", "queue/gpu", 1));
        assertAll(
                () -> assertEquals(2, step0.count()),
                () -> assertEquals(5.5, step0.meanAbsoluteError(), 1e-12),
                () -> assertEquals(100.0 / 11, step0.meanAbsolutePercentageError(), 1e-12),
                () -> assertEquals(1, step0.percentageCount()),
                () -> assertEquals(0.5, step0.intervalCoverage(), 1e-12),
                () -> assertEquals(5.5, step0.persistenceMeanAbsoluteError(), 1e-12),
                () -> assertEquals(1.0, step0.relativeMeanAbsoluteError(), 1e-12),
                // Step 1: actuals 0 and 15 against median 12: errors 12 and 3; persistence 10 and 5.
                () -> assertEquals(7.5, step1.meanAbsoluteError(), 1e-12),
                () -> assertEquals(100.0 * 3 / 15, step1.meanAbsolutePercentageError(), 1e-12),
                () -> assertEquals(0.5, step1.intervalCoverage(), 1e-12),
                () -> assertEquals(7.5 / 7.5, step1.relativeMeanAbsoluteError(), 1e-12),
                () -> assertEquals(0, board.summary(new ScoreKey("p2", "queue/gpu", 0)).count()));
    }

    /** Window of 100 s: step 0 of forecasts at 0, 60 and 200 falls at 60, 120 and 260; only 260 stays. */
    @Test
    void windowDropsStepsOlderThanItsLength() {
        ScoreBoard board = new ScoreBoard(100, 100);
        for (double start : new double[] {0, 60, 200}) {
            board.add(new ScoredForecast("p1", "s", start,
                    ForecastScorer.score(10, OFFSETS, P10, P50, P90, new double[] {11, Double.NaN, Double.NaN})));
        }
        assertEquals(1, board.summary(new ScoreKey("p1", "s", 0)).count());
        ScoreBoard capped = new ScoreBoard(1e9, 2);
        for (double start : new double[] {0, 60, 200}) {
            capped.add(new ScoredForecast("p1", "s", start,
                    ForecastScorer.score(10, OFFSETS, P10, P50, P90, new double[] {11, Double.NaN, Double.NaN})));
        }
        assertEquals(2, capped.summary(new ScoreKey("p1", "s", 0)).count());
    }

    /**
     * Forecast at 1000 with steps at 1060, 1120, 1180. Observations 5 at 1000, 7 at 1070, 9 at 1120, 4 at
     * 1200: the value at 1060 is 5 (latest before it), at 1120 it is 9, at 1180 it is 9. The forecast
     * completes with the observation at 1200.
     */
    @Test
    void pendingTakesLatestValueAtStep() {
        PendingForecasts pending = new PendingForecasts(60, 10);
        pending.add("p1", "q", 1000, OFFSETS, LEVELS, forecast(10));

        assertTrue(pending.observe("p1", "q", 1000, 5).isEmpty());
        assertTrue(pending.observe("p1", "q", 1070, 7).isEmpty());
        assertTrue(pending.observe("p1", "q", 1120, 9).isEmpty());
        assertTrue(pending.observe("p1", "other", 1300, 1).isEmpty());
        List<ScoredForecast> done = pending.observe("p1", "q", 1200, 4);

        assertEquals(1, done.size());
        List<StepScore> steps = done.get(0).steps();
        assertAll(
                () -> assertEquals(List.of(5.0, 9.0, 9.0), steps.stream().map(StepScore::actual).toList()),
                () -> assertEquals(List.of(5.0, 3.0, 1.0), steps.stream().map(StepScore::absoluteError).toList()),
                () -> assertEquals(0, pending.size()),
                () -> assertTrue(pending.observe("p1", "q", 1100, 1).isEmpty()),
                () -> assertEquals(1, pending.lateObservations()));
    }

    @Test
    void pendingExpiresAndStaysBounded() {
        PendingForecasts pending = new PendingForecasts(30, 2);
        pending.add("p1", "q", 0, new double[] {60, 120}, LEVELS,
                new SeriesForecast(1, new double[2], new double[][] {{0, 0}, {1, 1}, {2, 2}}));
        pending.observe("p1", "q", 0, 3);
        // At 100 step 0 (time 60) takes the latest value 3; the forecast waits for step 1 until 150.
        assertTrue(pending.advanceTo(100).isEmpty());
        List<ScoredForecast> released = pending.advanceTo(200);
        assertEquals(List.of(3.0, 3.0), released.get(0).steps().stream().map(StepScore::actual).toList());

        pending.add("p1", "silent", 0, OFFSETS, LEVELS, forecast(1));
        List<ScoredForecast> expired = pending.advanceTo(1000);
        assertEquals(1, expired.size());
        assertTrue(expired.get(0).steps().isEmpty());

        for (int i = 0; i < 3; i++) {
            List<ScoredForecast> evicted = pending.add("p1", "q", 2000 + i, OFFSETS, LEVELS, forecast(1));
            assertEquals(i < 2 ? 0 : 1, evicted.size());
        }
        assertEquals(2, pending.size());
    }
}

package io.pipetwin.core.forecast.scoring;

/**
 * Accuracy over a window of scored steps.
 *
 * <p>Zero actuals: the percentage error is undefined there, so MAPE is the mean over the steps with a
 * non-zero actual only, and {@code percentageCount} counts those steps (NaN MAPE when there is none). A series
 * that is often 0 (an empty queue) is better judged by its MAE.
 *
 * @param count                      scored steps in the window
 * @param meanAbsoluteError          MAE of the median
 * @param meanAbsolutePercentageError MAPE of the median in percent, over non-zero actuals
 * @param percentageCount            steps with a non-zero actual
 * @param intervalCoverage           share of steps whose actual lay within p10–p90; 0.8 when calibrated
 * @param persistenceMeanAbsoluteError MAE of the persistence forecast
 * @param persistenceMeanAbsolutePercentageError MAPE of the persistence forecast, over non-zero actuals
 * @param relativeMeanAbsoluteError  MAE / persistence MAE: below 1 the twin beats persistence; NaN when the
 *                                   persistence MAE is 0
 */
public record ScoreSummary(long count, double meanAbsoluteError, double meanAbsolutePercentageError,
                           long percentageCount, double intervalCoverage, double persistenceMeanAbsoluteError,
                           double persistenceMeanAbsolutePercentageError, double relativeMeanAbsoluteError) {
}

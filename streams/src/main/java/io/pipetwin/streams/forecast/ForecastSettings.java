package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.ForecastConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How often the twin forecasts each platform and how far ahead.
 *
 * @param interval              event-time spacing of the cadence boundaries; boundaries are multiples of
 *                              it since the epoch
 * @param horizon               how far each forecast looks ahead
 * @param step                  spacing of the horizon points
 * @param replications          Monte Carlo replications per forecast
 * @param quantiles             quantile levels to publish, ascending in (0, 1); must contain 0.5, the
 *                              published median
 * @param maxCatchUpBoundaries  most boundaries one event may trigger forecasts for; see {@link ForecastCadence}
 * @param scoringWindow         length of the sliding window of event time over which the accuracy of past
 *                              forecasts is aggregated
 * @param enabled               whether the twin forecasts at the boundaries. When false it only mirrors, but
 *                              still advances the cadence and persists the workload model at each boundary, so
 *                              forecasts resume at the next boundary once they are enabled again
 * @param workloadSource        where forecasts take future arrivals, durations and the request mix from
 * @param headOfLine            head-of-line rule the baseline forecasts assume; see {@link HeadOfLineSetting}
 */
public record ForecastSettings(Duration interval, Duration horizon, Duration step, int replications,
                               double[] quantiles, int maxCatchUpBoundaries, Duration scoringWindow,
                               boolean enabled, WorkloadSource workloadSource, HeadOfLineSetting headOfLine) {

    /** Default scoring window: 6 hours of event time, 72 forecasts per step at the default interval. */
    public static final Duration DEFAULT_SCORING_WINDOW = Duration.ofHours(6);

    /** Creates settings with the default scoring window, forecasts enabled. */
    public ForecastSettings(Duration interval, Duration horizon, Duration step, int replications,
                            double[] quantiles, int maxCatchUpBoundaries) {
        this(interval, horizon, step, replications, quantiles, maxCatchUpBoundaries, DEFAULT_SCORING_WINDOW);
    }

    /** Creates settings with forecasts enabled and the default workload source. */
    public ForecastSettings(Duration interval, Duration horizon, Duration step, int replications,
                            double[] quantiles, int maxCatchUpBoundaries, Duration scoringWindow) {
        this(interval, horizon, step, replications, quantiles, maxCatchUpBoundaries, scoringWindow, true,
                DEFAULT_WORKLOAD_SOURCE, HeadOfLineSetting.AUTO);
    }

    /** Default cadence interval: 5 minutes of event time. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    /** Default horizon: 1 hour. */
    public static final Duration DEFAULT_HORIZON = Duration.ofHours(1);
    /** Default step: 5 minutes, so 12 horizon points. */
    public static final Duration DEFAULT_STEP = Duration.ofMinutes(5);
    /**
     * Default replications. A live platform crosses a boundary every 5 minutes, so it can afford more;
     * raise it there for narrower quantile estimates.
     */
    public static final int DEFAULT_REPLICATIONS = 50;
    /** Default catch-up: 12 boundaries, one hour at the default interval. */
    public static final int DEFAULT_MAX_CATCH_UP_BOUNDARIES = 12;
    /**
     * Default workload source: the mirror's windows, because with the online model the p10–p90 coverage of
     * GPU utilisation fell on the Alibaba GPU 2023 replay and the queue error rose on the Philly slice (see
     * docs/validation.md).
     */
    public static final WorkloadSource DEFAULT_WORKLOAD_SOURCE = WorkloadSource.MIRROR_WINDOWS;

    public ForecastSettings {
        Objects.requireNonNull(headOfLine, "head-of-line setting is missing; use HeadOfLineSetting.AUTO");
        requirePositive("forecast interval", interval);
        requirePositive("forecast horizon", horizon);
        requirePositive("forecast step", step);
        requirePositive("scoring window", scoringWindow);
        Objects.requireNonNull(workloadSource, "forecast workload source is missing; use "
                + DEFAULT_WORKLOAD_SOURCE.label());
        if (step.compareTo(horizon) > 0) {
            throw new IllegalArgumentException("forecast step " + step + " is longer than the horizon " + horizon
                    + "; use a step no longer than the horizon");
        }
        if (replications < 1) {
            throw new IllegalArgumentException("forecast replications " + replications + " is invalid; use 1 or more");
        }
        if (maxCatchUpBoundaries < 1) {
            throw new IllegalArgumentException("max catch-up boundaries " + maxCatchUpBoundaries
                    + " is invalid; use 1 or more");
        }
        quantiles = quantiles.clone();
        for (int i = 0; i < quantiles.length; i++) {
            if (!(quantiles[i] > 0 && quantiles[i] < 1) || (i > 0 && quantiles[i] <= quantiles[i - 1])) {
                throw new IllegalArgumentException("quantile levels " + Arrays.toString(quantiles)
                        + " are invalid; list ascending levels in (0, 1), for example 0.1,0.5,0.9");
            }
        }
        if (Arrays.stream(quantiles).noneMatch(level -> level == 0.5)) {
            throw new IllegalArgumentException("quantile levels " + Arrays.toString(quantiles)
                    + " lack 0.5; add it, because the median is the published value of each horizon point");
        }
    }

    /** Returns 5-minute interval, 1-hour horizon in 5-minute steps, 50 replications, p10/p50/p90, catch-up 12. */
    public static ForecastSettings defaults() {
        return new ForecastSettings(DEFAULT_INTERVAL, DEFAULT_HORIZON, DEFAULT_STEP, DEFAULT_REPLICATIONS,
                new double[]{0.1, 0.5, 0.9}, DEFAULT_MAX_CATCH_UP_BOUNDARIES);
    }

    public ForecastSettings withInterval(Duration newInterval) {
        return new ForecastSettings(newInterval, horizon, step, replications, quantiles, maxCatchUpBoundaries,
                scoringWindow, enabled, workloadSource, headOfLine);
    }

    public ForecastSettings withHorizon(Duration newHorizon, Duration newStep) {
        return new ForecastSettings(interval, newHorizon, newStep, replications, quantiles, maxCatchUpBoundaries,
                scoringWindow, enabled, workloadSource, headOfLine);
    }

    public ForecastSettings withReplications(int newReplications) {
        return new ForecastSettings(interval, horizon, step, newReplications, quantiles, maxCatchUpBoundaries,
                scoringWindow, enabled, workloadSource, headOfLine);
    }

    public ForecastSettings withMaxCatchUpBoundaries(int newMaxCatchUpBoundaries) {
        return new ForecastSettings(interval, horizon, step, replications, quantiles, newMaxCatchUpBoundaries,
                scoringWindow, enabled, workloadSource, headOfLine);
    }

    public ForecastSettings withScoringWindow(Duration newScoringWindow) {
        return new ForecastSettings(interval, horizon, step, replications, quantiles, maxCatchUpBoundaries,
                newScoringWindow, enabled, workloadSource, headOfLine);
    }

    /** Returns these settings with forecasting switched on or off; see {@link #enabled()}. */
    public ForecastSettings withEnabled(boolean newEnabled) {
        return new ForecastSettings(interval, horizon, step, replications, quantiles, maxCatchUpBoundaries,
                scoringWindow, newEnabled, workloadSource, headOfLine);
    }

    /** Returns these settings with another head-of-line rule for the baseline forecasts. */
    public ForecastSettings withHeadOfLine(HeadOfLineSetting newHeadOfLine) {
        return new ForecastSettings(interval, horizon, step, replications, quantiles, maxCatchUpBoundaries,
                scoringWindow, enabled, workloadSource, newHeadOfLine);
    }

    public ForecastSettings withWorkloadSource(WorkloadSource newWorkloadSource) {
        return new ForecastSettings(interval, horizon, step, replications, quantiles, maxCatchUpBoundaries,
                scoringWindow, enabled, newWorkloadSource, headOfLine);
    }

    @Override
    public double[] quantiles() {
        return quantiles.clone();
    }

    /** Returns the forecaster's configuration for one boundary of one platform. */
    public ForecastConfig toForecastConfig(String platformId, long boundaryMillis) {
        return new ForecastConfig(horizon.toMillis() / 1000.0, step.toMillis() / 1000.0, replications,
                seed(platformId, boundaryMillis), quantiles.clone());
    }

    /**
     * Derives the seed of one forecast from the platform id and the boundary time, so a replay of the
     * same events gives the same forecasts. {@link String#hashCode()} is specified by the Java platform,
     * so the seed is stable across JVMs.
     */
    public static long seed(String platformId, long boundaryMillis) {
        long z = platformId.hashCode() * 0x9E3779B97F4A7C15L + boundaryMillis;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero() || value.toMillis() == 0) {
            throw new IllegalArgumentException(name + " " + value + " is invalid; use at least 1 millisecond, for example 5m");
        }
    }
}

package io.pipetwin.streams.scoring;

import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.SeriesForecast;
import io.pipetwin.core.forecast.scoring.PendingForecasts;
import io.pipetwin.core.forecast.scoring.PendingSeries;
import io.pipetwin.core.forecast.scoring.ScoreBoard;
import io.pipetwin.core.forecast.scoring.ScoreKey;
import io.pipetwin.core.forecast.scoring.ScoreSummary;
import io.pipetwin.core.forecast.scoring.ScoreWindowEntry;
import io.pipetwin.core.forecast.scoring.ScoredForecast;
import io.pipetwin.core.forecast.scoring.StepScore;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.ResourceKind;
import io.pipetwin.streams.forecast.ForecastRecords;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.mirror.PoolUsage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Self-scoring of one platform's baseline forecasts against the mirrored state.
 *
 * <p>Realised values are sampled at the cadence boundaries: the value of a series at boundary {@code b} is the
 * mirrored value after every event before {@code b}, the same state a forecast at {@code b} starts from. A
 * horizon step at time τ takes the value of the latest boundary at or before τ, so with a step that is a
 * multiple of the interval (the defaults: both 5 minutes) every step is scored at its exact time.
 *
 * <p>Series: {@code queue-length/<task pool>} (waiting tasks) and {@code utilisation/<node pool>/<resource>}
 * (allocated share of capacity). A forecast stays pending until all its steps are realised, or until the
 * event time passes its last step by the lateness (one interval), and at most {@code horizon / interval + 2}
 * forecasts per series are held, so memory is bounded by the number of series. Scores are aggregated per
 * series and step over a sliding window of step times ({@code windowSeconds}, at most 10,000 steps).
 *
 * <p>Pending forecasts and window entries are written to the {@link ScoringStores} as they change, so a twin
 * that restores them after a restart or a rebalance publishes the same accuracy records as an uninterrupted one.
 */
public final class LiveScoring {

    /** Most scored steps a window keeps per series and step. */
    public static final int MAX_WINDOW_ENTRIES = 10_000;

    private final String platformId;
    private final double windowSeconds;
    private final PendingForecasts pending;
    private final ScoreBoard board;
    private final ScoringStores stores;

    /** Creates a platform's scoring that lives in memory only. */
    public LiveScoring(String platformId, double windowSeconds, double latenessSeconds, int maxPending) {
        this(platformId, windowSeconds, latenessSeconds, maxPending, ScoringStores.inMemory());
    }

    /**
     * Creates a platform's scoring that writes every change to {@code stores}.
     *
     * @param windowSeconds   length of the sliding window of step times the aggregates cover
     * @param latenessSeconds time after a forecast's last step at which it is scored with the steps realised so far
     * @param maxPending      most forecasts held per series
     */
    public LiveScoring(String platformId, double windowSeconds, double latenessSeconds, int maxPending,
                       ScoringStores stores) {
        this.platformId = platformId;
        this.windowSeconds = windowSeconds;
        this.pending = new PendingForecasts(latenessSeconds, maxPending);
        this.board = new ScoreBoard(windowSeconds, MAX_WINDOW_ENTRIES, stores);
        this.stores = stores;
    }

    /** Restores one series' pending forecasts, as {@link ScoringStores} read them. */
    void restoreSeries(PendingSeries series) {
        pending.restore(series);
    }

    /** Restores one window, as {@link ScoringStores} read it. */
    void restoreWindow(ScoreKey key, List<ScoreWindowEntry> entries, double latestSeconds) {
        board.restore(key, entries, latestSeconds);
    }

    /** Series name of a task pool's queue length. */
    public static String queueSeries(String taskPool) {
        return "queue-length/" + taskPool;
    }

    /** Series name of a node pool's utilisation of one resource. */
    public static String utilisationSeries(String nodePool, String resource) {
        return "utilisation/" + nodePool + "/" + resource;
    }

    /**
     * Records the mirrored values at a boundary, scores the forecasts whose steps it realises, then adds
     * the boundary's forecast. Returns the updated aggregates of every series and step that got new scores,
     * ordered by series then step.
     *
     * @param result the baseline forecast at this boundary, or null when it failed
     */
    public List<ForecastAccuracy> onBoundary(PlatformMirror mirror, long boundaryMillis, ForecastResult result,
                                             long generatedAtMillis) {
        double nowSeconds = boundaryMillis / 1000.0;
        List<ScoredForecast> released = new ArrayList<>();
        for (Map.Entry<String, Double> observed : realisedValues(mirror).entrySet()) {
            released.addAll(pending.observe(platformId, observed.getKey(), nowSeconds, observed.getValue()));
        }
        released.addAll(pending.advanceTo(nowSeconds));
        if (result != null) {
            double[] offsets = result.offsetsSeconds();
            double[] levels = result.quantileLevels();
            for (Map.Entry<String, SeriesForecast> series : forecastSeries(result).entrySet()) {
                released.addAll(pending.add(platformId, series.getKey(), nowSeconds, offsets, levels,
                        series.getValue()));
            }
        }
        // A boundary changes nearly every series (a new observation, the clock passing its steps), so all are written.
        for (PendingSeries series : pending.seriesOf(platformId)) {
            stores.putSeries(series);
        }
        if (released.isEmpty()) {
            return List.of();
        }
        Map<String, Map<Integer, Double>> touched = new TreeMap<>();
        for (ScoredForecast scored : released) {
            board.add(scored);
            for (StepScore step : scored.steps()) {
                touched.computeIfAbsent(scored.series(), s -> new TreeMap<>()).put(step.step(), step.offsetSeconds());
            }
        }
        List<ForecastAccuracy> records = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Double>> series : touched.entrySet()) {
            for (Map.Entry<Integer, Double> step : series.getValue().entrySet()) {
                ScoreSummary summary = board.summary(new ScoreKey(platformId, series.getKey(), step.getKey()));
                records.add(ForecastAccuracy.newBuilder()
                        .setPlatformId(platformId)
                        .setScenario(ForecastRecords.BASELINE)
                        .setSeries(series.getKey())
                        .setStep(step.getKey())
                        .setOffsetSeconds(step.getValue())
                        .setWindowEnd(Instant.ofEpochMilli(boundaryMillis))
                        .setWindowSeconds(windowSeconds)
                        .setGeneratedAt(Instant.ofEpochMilli(generatedAtMillis))
                        .setCount(summary.count())
                        .setMeanAbsoluteError(summary.meanAbsoluteError())
                        .setMeanAbsolutePercentageError(summary.meanAbsolutePercentageError())
                        .setPercentageCount(summary.percentageCount())
                        .setIntervalCoverage(summary.intervalCoverage())
                        .setPersistenceMeanAbsoluteError(summary.persistenceMeanAbsoluteError())
                        .setPersistenceMeanAbsolutePercentageError(summary.persistenceMeanAbsolutePercentageError())
                        .setRelativeMeanAbsoluteError(summary.relativeMeanAbsoluteError())
                        .build());
            }
        }
        return records;
    }

    /** Returns the forecasts held, over all series. */
    public int pendingCount() {
        return pending.size();
    }

    /** Returns the mirrored value of every scored series, by series name. */
    static Map<String, Double> realisedValues(PlatformMirror mirror) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pool : ForecastRecords.TASK_POOLS) {
            values.put(queueSeries(pool), (double) mirror.queueLength(pool));
        }
        for (Map.Entry<String, PoolUsage> entry : mirror.nodePoolUsage().entrySet()) {
            PoolUsage usage = entry.getValue();
            putShare(values, entry.getKey(), ResourceKind.CPU, usage.cpuAllocatedMilli(), usage.cpuCapacityMilli());
            putShare(values, entry.getKey(), ResourceKind.GPU, usage.gpuAllocatedMilli(), usage.gpuCapacityMilli());
            putShare(values, entry.getKey(), ResourceKind.MEMORY, usage.memoryAllocatedMib(), usage.memoryCapacityMib());
        }
        return values;
    }

    private static void putShare(Map<String, Double> values, String pool, ResourceKind kind, double allocated,
                                 double capacity) {
        if (capacity > 0) {
            values.put(utilisationSeries(pool, kind.name()), allocated / capacity);
        }
    }

    /**
     * Returns the scored forecast series by series name. A series without a mirrored value (a resource the
     * pool has no capacity of) is never observed and leaves after the lateness with no scored step.
     */
    static Map<String, SeriesForecast> forecastSeries(ForecastResult result) {
        Map<String, SeriesForecast> series = new LinkedHashMap<>();
        for (String pool : ForecastRecords.TASK_POOLS) {
            SeriesForecast queue = result.queueLengthByTaskPool().get(pool);
            if (queue != null) {
                series.put(queueSeries(pool), queue);
            }
        }
        for (Map.Entry<String, Map<String, SeriesForecast>> pool : result.utilisationByNodePool().entrySet()) {
            for (Map.Entry<String, SeriesForecast> resource : pool.getValue().entrySet()) {
                series.put(utilisationSeries(pool.getKey(), resource.getKey()), resource.getValue());
            }
        }
        return series;
    }
}

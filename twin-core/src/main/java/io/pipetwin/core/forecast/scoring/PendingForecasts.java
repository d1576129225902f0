package io.pipetwin.core.forecast.scoring;

import io.pipetwin.core.forecast.SeriesForecast;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Forecasts waiting for their horizon to pass, matched to the realised values of their series as
 * observations arrive.
 *
 * <p>A series is a step function of event time (a queue length, a utilisation): its realised value at a
 * step's time τ is the latest observation at or before τ. That value is final once an observation at or
 * after τ arrives, or once {@link #advanceTo} passes τ. Observations of a series must come in time order; an
 * older one than the latest is ignored and counted in {@link #lateObservations()}.
 *
 * <p>A forecast leaves when all its steps are matched, or when the time passes its last step by more than
 * {@code latenessSeconds} (then with the steps matched so far), or when its series contains more than
 * {@code maxPendingPerSeries} forecasts (the oldest leaves first). So memory is bounded by the number of
 * series times {@code maxPendingPerSeries}.
 */
public final class PendingForecasts {

    private final double latenessSeconds;
    private final int maxPendingPerSeries;
    private final Map<SeriesId, SeriesState> bySeries = new HashMap<>();
    private long lateObservations;

    public PendingForecasts(double latenessSeconds, int maxPendingPerSeries) {
        if (!(latenessSeconds >= 0) || maxPendingPerSeries < 1) {
            throw new IllegalArgumentException("latenessSeconds " + latenessSeconds + " must be >= 0 and "
                    + "maxPendingPerSeries " + maxPendingPerSeries + " at least 1");
        }
        this.latenessSeconds = latenessSeconds;
        this.maxPendingPerSeries = maxPendingPerSeries;
    }

    /**
     * Adds a forecast of {@code series} made at {@code startSeconds}; returns forecasts evicted to make room.
     *
     * @param levels quantile levels of {@code forecast}; they must include 0.1, 0.5 and 0.9
     */
    public List<ScoredForecast> add(String platformId, String series, double startSeconds, double[] offsetsSeconds,
                                    double[] levels, SeriesForecast forecast) {
        double[][] q = forecast.quantiles();
        Pending pending = new Pending(platformId, series, startSeconds, offsetsSeconds.clone(), forecast.now(),
                q[ForecastScorer.levelIndex(levels, ForecastScorer.P10)],
                q[ForecastScorer.levelIndex(levels, ForecastScorer.P50)],
                q[ForecastScorer.levelIndex(levels, ForecastScorer.P90)]);
        SeriesState state = bySeries.computeIfAbsent(new SeriesId(platformId, series), id -> new SeriesState());
        state.pending.addLast(pending);
        List<ScoredForecast> evicted = new ArrayList<>();
        while (state.pending.size() > maxPendingPerSeries) {
            evicted.add(state.pending.removeFirst().scored());
        }
        return evicted;
    }

    /**
     * Records the value of {@code series} observed at {@code timeSeconds}; returns the forecasts that are
     * complete or expired now.
     */
    public List<ScoredForecast> observe(String platformId, String series, double timeSeconds, double value) {
        SeriesState state = bySeries.computeIfAbsent(new SeriesId(platformId, series), id -> new SeriesState());
        if (timeSeconds < state.lastTimeSeconds) {
            lateObservations++;
            return List.of();
        }
        for (Pending pending : state.pending) {
            pending.resolveBefore(timeSeconds, state.lastTimeSeconds, state.lastValue);
            pending.resolveAt(timeSeconds, value);
        }
        state.lastTimeSeconds = timeSeconds;
        state.lastValue = value;
        return release(state, timeSeconds);
    }

    /**
     * Declares that no observation before {@code timeSeconds} is still to come for any series: steps up to it
     * take their series' latest value, and expired forecasts leave. Returns the forecasts that left.
     */
    public List<ScoredForecast> advanceTo(double timeSeconds) {
        List<ScoredForecast> released = new ArrayList<>();
        for (SeriesState state : bySeries.values()) {
            for (Pending pending : state.pending) {
                pending.resolveUpTo(timeSeconds, state.lastTimeSeconds, state.lastValue);
            }
            released.addAll(release(state, timeSeconds));
        }
        return released;
    }

    /** Returns a copy of the state of every series of {@code platformId}, in no particular order. */
    public List<PendingSeries> seriesOf(String platformId) {
        List<PendingSeries> result = new ArrayList<>();
        for (Map.Entry<SeriesId, SeriesState> entry : bySeries.entrySet()) {
            if (entry.getKey().platformId().equals(platformId)) {
                SeriesState state = entry.getValue();
                List<PendingForecast> forecasts = new ArrayList<>(state.pending.size());
                for (Pending pending : state.pending) {
                    forecasts.add(pending.copy());
                }
                result.add(new PendingSeries(platformId, entry.getKey().series(), state.lastTimeSeconds,
                        state.lastValue, forecasts));
            }
        }
        return result;
    }

    /**
     * Replaces the state of one series with a copy taken by {@link #seriesOf}, so scoring continues as it would
     * have from that copy. Forecasts beyond {@code maxPendingPerSeries} leave with the series' next addition.
     */
    public void restore(PendingSeries restored) {
        SeriesState state = new SeriesState();
        state.lastTimeSeconds = restored.lastTimeSeconds();
        state.lastValue = restored.lastValue();
        for (PendingForecast forecast : restored.forecasts()) {
            state.pending.addLast(Pending.of(restored.platformId(), restored.series(), forecast));
        }
        bySeries.put(new SeriesId(restored.platformId(), restored.series()), state);
    }

    /** Returns the forecasts held, over all series. */
    public int size() {
        return bySeries.values().stream().mapToInt(state -> state.pending.size()).sum();
    }

    public long lateObservations() {
        return lateObservations;
    }

    private List<ScoredForecast> release(SeriesState state, double nowSeconds) {
        List<ScoredForecast> released = new ArrayList<>();
        Iterator<Pending> iterator = state.pending.iterator();
        while (iterator.hasNext()) {
            Pending pending = iterator.next();
            if (pending.complete() || nowSeconds > pending.lastStepSeconds() + latenessSeconds) {
                iterator.remove();
                released.add(pending.scored());
            }
        }
        return released;
    }

    private record SeriesId(String platformId, String series) {
    }

    private static final class SeriesState {
        final Deque<Pending> pending = new ArrayDeque<>();
        double lastTimeSeconds = Double.NEGATIVE_INFINITY;
        double lastValue = Double.NaN;
    }

    private static final class Pending {
        final String platformId;
        final String series;
        final double startSeconds;
        final double[] offsets;
        final double valueAtStart;
        final double[] p10;
        final double[] p50;
        final double[] p90;
        final double[] actuals;
        int resolved;

        Pending(String platformId, String series, double startSeconds, double[] offsets, double valueAtStart,
                double[] p10, double[] p50, double[] p90) {
            this.platformId = platformId;
            this.series = series;
            this.startSeconds = startSeconds;
            this.offsets = offsets;
            this.valueAtStart = valueAtStart;
            this.p10 = p10;
            this.p50 = p50;
            this.p90 = p90;
            this.actuals = new double[offsets.length];
            Arrays.fill(actuals, Double.NaN);
        }

        static Pending of(String platformId, String series, PendingForecast copy) {
            Pending pending = new Pending(platformId, series, copy.startSeconds(), copy.offsetsSeconds().clone(),
                    copy.valueAtStart(), copy.p10().clone(), copy.p50().clone(), copy.p90().clone());
            for (int step = 0; step < copy.actuals().length; step++) {
                pending.set(step, copy.actuals()[step]);
            }
            return pending;
        }

        PendingForecast copy() {
            return new PendingForecast(startSeconds, offsets.clone(), valueAtStart, p10.clone(), p50.clone(),
                    p90.clone(), actuals.clone());
        }

        double lastStepSeconds() {
            return startSeconds + offsets[offsets.length - 1];
        }

        boolean complete() {
            return resolved == offsets.length;
        }

        /** Steps strictly before {@code timeSeconds} take the previous observation, when there is one. */
        void resolveBefore(double timeSeconds, double lastTimeSeconds, double lastValue) {
            for (int step = 0; step < offsets.length; step++) {
                double stepTime = startSeconds + offsets[step];
                if (stepTime < timeSeconds && stepTime >= lastTimeSeconds) {
                    set(step, lastValue);
                }
            }
        }

        void resolveAt(double timeSeconds, double value) {
            for (int step = 0; step < offsets.length; step++) {
                if (startSeconds + offsets[step] == timeSeconds) {
                    set(step, value);
                }
            }
        }

        void resolveUpTo(double timeSeconds, double lastTimeSeconds, double lastValue) {
            for (int step = 0; step < offsets.length; step++) {
                double stepTime = startSeconds + offsets[step];
                if (stepTime <= timeSeconds && stepTime >= lastTimeSeconds) {
                    set(step, lastValue);
                }
            }
        }

        private void set(int step, double value) {
            if (Double.isNaN(actuals[step]) && !Double.isNaN(value)) {
                actuals[step] = value;
                resolved++;
            }
        }

        ScoredForecast scored() {
            return new ScoredForecast(platformId, series, startSeconds,
                    ForecastScorer.score(valueAtStart, offsets, p10, p50, p90, actuals));
        }
    }
}

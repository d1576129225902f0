package io.pipetwin.streams.scoring;

import io.pipetwin.core.forecast.scoring.PendingSeries;
import io.pipetwin.core.forecast.scoring.ScoreBoard;
import io.pipetwin.core.forecast.scoring.ScoreKey;
import io.pipetwin.core.forecast.scoring.ScoreWindowEntry;
import io.pipetwin.streams.mirror.PlatformMirror;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The persistent, changelogged stores of the self-scoring, so a restarted or taken-over twin scores as an
 * uninterrupted one would. {@value #PENDING} contains each series' latest observation and pending forecasts,
 * rewritten at each boundary of its platform. {@value #WINDOWS} contains one entry per scored step in a sliding
 * window, written when it enters the window and deleted when it leaves. Both change in the transaction of
 * the event that crossed the boundary, together with the accuracy records they produce.
 */
public final class ScoringStores implements ScoreBoard.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringStores.class);

    /** Pending forecasts: {@code platformId|series} to the latest observation and the forecasts held. */
    public static final String PENDING = "twin-scoring-pending";
    /** Score windows: {@code platformId|series|step|sequence} to one scored step. */
    public static final String WINDOWS = "twin-scoring-windows";

    public static final List<String> ALL = List.of(PENDING, WINDOWS);

    private static final char SEPARATOR = PlatformMirror.KEY_SEPARATOR;

    private final KeyValueStore<String, byte[]> pending;
    private final KeyValueStore<String, byte[]> windows;

    private ScoringStores(KeyValueStore<String, byte[]> pending, KeyValueStore<String, byte[]> windows) {
        this.pending = pending;
        this.windows = windows;
    }

    /** Returns builders of the persistent, cached RocksDB stores, each with a changelog topic. */
    public static List<StoreBuilder<KeyValueStore<String, byte[]>>> storeBuilders() {
        List<StoreBuilder<KeyValueStore<String, byte[]>>> builders = new ArrayList<>();
        for (String name : ALL) {
            // The cache keeps only the latest value of a key between commits, so a series rewritten at several
            // boundaries within one commit reaches RocksDB and the changelog once.
            builders.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(),
                    Serdes.ByteArray()).withCachingEnabled());
        }
        return builders;
    }

    /**
     * Opens the stores connected to the processor. A context without them (a unit test's) keeps the scoring
     * in memory only.
     */
    public static ScoringStores open(ProcessingContext context) {
        KeyValueStore<String, byte[]> pending = context.getStateStore(PENDING);
        KeyValueStore<String, byte[]> windows = context.getStateStore(WINDOWS);
        return pending == null || windows == null ? inMemory() : new ScoringStores(pending, windows);
    }

    /** Returns stores that keep nothing: the scoring lives in memory only. */
    public static ScoringStores inMemory() {
        return new ScoringStores(null, null);
    }

    /**
     * Rebuilds the scoring of every platform the stores hold. Call it after restoration, that is from a
     * processor's {@code init}.
     *
     * @param windowSeconds   as for {@link LiveScoring}
     * @param latenessSeconds as for {@link LiveScoring}
     * @param maxPending      as for {@link LiveScoring}
     */
    public Map<String, LiveScoring> loadAll(double windowSeconds, double latenessSeconds, int maxPending) {
        Map<String, LiveScoring> scoring = new HashMap<>();
        if (pending == null) {
            return scoring;
        }
        int seriesCount = 0;
        int entryCount = 0;
        try (KeyValueIterator<String, byte[]> iterator = pending.all()) {
            while (iterator.hasNext()) {
                KeyValue<String, byte[]> entry = iterator.next();
                int separator = entry.key.indexOf(SEPARATOR);
                String platformId = entry.key.substring(0, separator);
                ScoringCodec.SeriesValue value = ScoringCodec.decodeSeries(entry.value);
                scoring.computeIfAbsent(platformId, id -> new LiveScoring(id, windowSeconds, latenessSeconds,
                                maxPending, this))
                        .restoreSeries(new PendingSeries(platformId, entry.key.substring(separator + 1),
                                value.lastTimeSeconds(), value.lastValue(), value.forecasts()));
                seriesCount++;
            }
        }

        Map<ScoreKey, List<ScoringCodec.WindowValue>> byKey = new HashMap<>();
        try (KeyValueIterator<String, byte[]> iterator = windows.all()) {
            while (iterator.hasNext()) {
                KeyValue<String, byte[]> entry = iterator.next();
                byKey.computeIfAbsent(scoreKeyOf(entry.key), key -> new ArrayList<>())
                        .add(ScoringCodec.decodeWindowEntry(entry.value));
                entryCount++;
            }
        }
        for (Map.Entry<ScoreKey, List<ScoringCodec.WindowValue>> window : byKey.entrySet()) {
            List<ScoringCodec.WindowValue> values = window.getValue();
            values.sort(Comparator.comparingLong(value -> value.entry().sequence()));
            List<ScoreWindowEntry> entries = new ArrayList<>(values.size());
            values.forEach(value -> entries.add(value.entry()));
            // The entry added last carries the key's latest step time, which only an addition changes.
            double latestSeconds = values.get(values.size() - 1).latestSeconds();
            ScoreKey key = window.getKey();
            scoring.computeIfAbsent(key.platformId(), id -> new LiveScoring(id, windowSeconds, latenessSeconds,
                    maxPending, this)).restoreWindow(key, entries, latestSeconds);
        }
        if (!scoring.isEmpty()) {
            LOG.info("Restored the scoring of platforms {}: {} series with pending forecasts, {} scored steps in {}"
                    + " windows", scoring.keySet(), seriesCount, entryCount, byKey.size());
        }
        return scoring;
    }

    /** Writes the state of one series. */
    void putSeries(PendingSeries series) {
        if (pending != null) {
            pending.put(series.platformId() + SEPARATOR + series.series(),
                    ScoringCodec.encodeSeries(series.lastTimeSeconds(), series.lastValue(), series.forecasts()));
        }
    }

    @Override
    public void added(ScoreKey key, ScoreWindowEntry entry, double latestSeconds) {
        if (windows != null) {
            windows.put(windowKey(key, entry.sequence()), ScoringCodec.encodeWindowEntry(entry, latestSeconds));
        }
    }

    @Override
    public void removed(ScoreKey key, long sequence) {
        if (windows != null) {
            windows.delete(windowKey(key, sequence));
        }
    }

    private static String windowKey(ScoreKey key, long sequence) {
        return key.platformId() + SEPARATOR + key.series() + SEPARATOR + key.step() + SEPARATOR + sequence;
    }

    /** Parses {@code platformId|series|step|sequence}; the series is taken from between the outer fields. */
    private static ScoreKey scoreKeyOf(String windowKey) {
        int platformEnd = windowKey.indexOf(SEPARATOR);
        int sequenceStart = windowKey.lastIndexOf(SEPARATOR);
        int stepStart = windowKey.lastIndexOf(SEPARATOR, sequenceStart - 1);
        return new ScoreKey(windowKey.substring(0, platformEnd), windowKey.substring(platformEnd + 1, stepStart),
                Integer.parseInt(windowKey.substring(stepStart + 1, sequenceStart)));
    }
}

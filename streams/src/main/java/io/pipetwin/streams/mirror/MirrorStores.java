package io.pipetwin.streams.mirror;

import io.pipetwin.streams.state.CommitHookStore;
import io.pipetwin.streams.state.PendingWrites;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The mirror's persistent, changelogged state stores and the {@link MirrorStore} that writes to them.
 * Keys are {@code platformId|entityId} (the platform id alone in {@link #PLATFORMS}), values are
 * small binary records, so one event changes a few small entries and never a whole platform. Changes
 * wait in memory until the next commit, which writes the latest value of each changed key: the summary,
 * changed by every event, is encoded once per commit, and a task that finishes between two commits is
 * never written.
 */
public final class MirrorStores implements MirrorStore {

    /**
     * Nodes in service: {@code platformId|nodeId} to capacity. The value's allocation fields are zero: a node's
     * allocation is the sum over the running tasks in {@link #TASKS} that hold it.
     */
    public static final String NODES = "twin-nodes";
    /** Known tasks: {@code platformId|taskId} to phase, request, times and held nodes. */
    public static final String TASKS = "twin-tasks";
    /** Per-platform summary: {@code platformId} to counters, event-time progress and cadence position. */
    public static final String PLATFORMS = "twin-platforms";
    /** Recent durations: {@code platformId|taskClass|slot} to sequence and duration in seconds. */
    public static final String DURATIONS = "twin-durations";
    /** Recent arrivals: {@code platformId|slot} to the arrival. */
    public static final String ARRIVALS = "twin-arrivals";
    /**
     * Applied event ids within the deduplication window, in full chunks: {@code platformId|chunkNumber} to the
     * ids with their event times. The ids of the chunk being filled are part of the platform's summary.
     */
    public static final String EVENT_IDS = "twin-event-ids";

    public static final List<String> ALL = List.of(NODES, TASKS, PLATFORMS, DURATIONS, ARRIVALS, EVENT_IDS);

    private final KeyValueStore<String, byte[]> nodes;
    private final KeyValueStore<String, byte[]> tasks;
    private final KeyValueStore<String, byte[]> platforms;
    private final KeyValueStore<String, byte[]> durations;
    private final KeyValueStore<String, byte[]> arrivals;
    private final KeyValueStore<String, byte[]> eventIds;
    private final PendingWrites<NodeState> pendingNodes;
    private final PendingWrites<TaskState> pendingTasks;
    private final PendingWrites<PlatformSummary> pendingSummaries;
    private final PendingWrites<byte[]> pendingDurations;
    private final PendingWrites<Arrival> pendingArrivals;
    private final PendingWrites<byte[]> pendingEventIds;

    /**
     * Opens the stores a processor was connected to. Changes reach the stores at the next commit (see
     * {@link CommitHookStore}), or at once for stores not built by {@link #storeBuilders()}.
     */
    public MirrorStores(ProcessingContext context) {
        this.nodes = context.getStateStore(NODES);
        this.tasks = context.getStateStore(TASKS);
        this.platforms = context.getStateStore(PLATFORMS);
        this.durations = context.getStateStore(DURATIONS);
        this.arrivals = context.getStateStore(ARRIVALS);
        this.eventIds = context.getStateStore(EVENT_IDS);
        this.pendingNodes = new PendingWrites<>(nodes, node -> StateCodec.encodeNode(node.withoutAllocation()));
        this.pendingTasks = new PendingWrites<>(tasks, StateCodec::encodeTask);
        this.pendingSummaries = new PendingWrites<>(platforms, StateCodec::encodeSummary);
        this.pendingDurations = new PendingWrites<>(durations, bytes -> bytes);
        this.pendingArrivals = new PendingWrites<>(arrivals, StateCodec::encodeArrival);
        this.pendingEventIds = new PendingWrites<>(eventIds, bytes -> bytes);
    }

    /**
     * Returns builders of the persistent, cached RocksDB stores, each with a changelog topic, wrapped in a
     * {@link CommitHookStore} so that the mirror's changes are written at each commit.
     */
    public static List<StoreBuilder<KeyValueStore<String, byte[]>>> storeBuilders() {
        List<StoreBuilder<KeyValueStore<String, byte[]>>> builders = new ArrayList<>();
        for (String name : ALL) {
            // The mirror writes the latest value of each changed key once per commit through the hook store,
            // so the record cache mostly serves the restore-time reads and batches the writes into RocksDB.
            builders.add(CommitHookStore.wrap(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                    Serdes.String(), Serdes.ByteArray()).withCachingEnabled()));
        }
        return builders;
    }

    /** Decodes a summary read from the {@link #PLATFORMS} store, for interactive queries. */
    public static MirrorCounters decodeCounters(byte[] summaryBytes) {
        return StateCodec.decodeSummary(summaryBytes).toCounters();
    }

    /**
     * Decodes a value read from the {@link #NODES} store, for interactive queries. Its allocation is zero; sum
     * the running tasks of {@link #TASKS} that hold the node for its allocation.
     */
    public static NodeState decodeNode(byte[] nodeBytes) {
        return StateCodec.decodeNode(nodeBytes);
    }

    /** Decodes a value read from the {@link #TASKS} store, for interactive queries. */
    public static TaskState decodeTask(byte[] taskBytes) {
        return StateCodec.decodeTask(taskBytes);
    }

    /**
     * Rebuilds the in-memory mirror of every platform whose entries these stores hold. Call it after
     * restoration, that is from a processor's {@code init}.
     */
    public Map<String, PlatformMirror> loadAll(MirrorLimits limits) {
        Map<String, PlatformMirror> mirrors = new HashMap<>();
        Function<String, PlatformMirror> create = platformId -> new PlatformMirror(platformId, limits, this);

        try (KeyValueIterator<String, byte[]> iterator = platforms.all()) {
            while (iterator.hasNext()) {
                KeyValue<String, byte[]> entry = iterator.next();
                mirrors.put(entry.key, new PlatformMirror(entry.key, limits, this, StateCodec.decodeSummary(entry.value)));
            }
        }
        forEach(nodes, (platformId, id, value) ->
                mirrors.computeIfAbsent(platformId, create).restoreNode(StateCodec.decodeNode(value)));
        forEach(tasks, (platformId, id, value) ->
                mirrors.computeIfAbsent(platformId, create).restoreTask(StateCodec.decodeTask(value)));

        List<Object[]> durationEntries = new ArrayList<>();
        forEach(durations, (platformId, id, value) -> {
            String taskClass = id.substring(0, id.lastIndexOf(PlatformMirror.KEY_SEPARATOR));
            durationEntries.add(new Object[]{platformId, taskClass, StateCodec.decodeDurationSequence(value),
                    StateCodec.decodeDurationSeconds(value)});
        });
        durationEntries.sort(Comparator.comparingLong(entry -> (Long) entry[2]));
        for (Object[] entry : durationEntries) {
            mirrors.computeIfAbsent((String) entry[0], create)
                    .restoreDuration((String) entry[1], (Long) entry[2], (Double) entry[3]);
        }

        forEach(arrivals, (platformId, id, value) ->
                mirrors.computeIfAbsent(platformId, create).restoreArrival(StateCodec.decodeArrival(value)));

        for (PlatformMirror mirror : mirrors.values()) {
            mirror.restoreAllocations();
        }

        Map<String, SortedMap<Long, EventIdChunk>> chunks = new HashMap<>();
        forEach(eventIds, (platformId, id, value) -> chunks.computeIfAbsent(platformId, p -> new TreeMap<>())
                .put(Long.parseLong(id), StateCodec.decodeEventIdChunk(value)));
        for (PlatformMirror mirror : mirrors.values()) {
            mirror.restoreEventIds(chunks.getOrDefault(mirror.platformId(), Collections.emptySortedMap()));
        }
        return mirrors;
    }

    private interface EntryConsumer {
        void accept(String platformId, String entityId, byte[] value);
    }

    private static void forEach(KeyValueStore<String, byte[]> store, EntryConsumer consumer) {
        try (KeyValueIterator<String, byte[]> iterator = store.all()) {
            while (iterator.hasNext()) {
                KeyValue<String, byte[]> entry = iterator.next();
                int separator = entry.key.indexOf(PlatformMirror.KEY_SEPARATOR);
                consumer.accept(entry.key.substring(0, separator), entry.key.substring(separator + 1), entry.value);
            }
        }
    }

    private static String key(String platformId, String entityId) {
        return platformId + PlatformMirror.KEY_SEPARATOR + entityId;
    }

    @Override
    public void putNode(String platformId, NodeState node) {
        pendingNodes.put(key(platformId, node.nodeId()), node, false);
    }

    @Override
    public void deleteNode(String platformId, String nodeId) {
        pendingNodes.delete(key(platformId, nodeId));
    }

    @Override
    public void putTask(String platformId, TaskState task, boolean created) {
        pendingTasks.put(key(platformId, task.taskId()), task, created);
    }

    @Override
    public void deleteTask(String platformId, String taskId) {
        pendingTasks.delete(key(platformId, taskId));
    }

    @Override
    public void putDuration(String platformId, String taskClass, int slot, long sequence, double durationSeconds) {
        pendingDurations.put(key(platformId, taskClass + PlatformMirror.KEY_SEPARATOR + slot),
                StateCodec.encodeDuration(sequence, durationSeconds), false);
    }

    @Override
    public void putArrival(String platformId, int slot, Arrival arrival) {
        pendingArrivals.put(key(platformId, Integer.toString(slot)), arrival, false);
    }

    @Override
    public void putEventIdChunk(String platformId, long chunkNumber, EventIdChunk chunk) {
        pendingEventIds.put(key(platformId, Long.toString(chunkNumber)), StateCodec.encodeEventIdChunk(chunk), false);
    }

    @Override
    public void deleteEventIdChunk(String platformId, long chunkNumber) {
        pendingEventIds.delete(key(platformId, Long.toString(chunkNumber)));
    }

    @Override
    public void putSummary(PlatformSummary summary) {
        pendingSummaries.put(summary.platformId(), summary, false);
    }
}

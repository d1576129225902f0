package io.pipetwin.streams.state;

import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Changes to one store that wait for the next commit: the latest value or a deletion per key. The value
 * is encoded when it is written, so a key changed many times between two commits is encoded and written
 * once. A key that was created and deleted between two commits is not written at all.
 *
 * <p>Without a {@link CommitHookStore} (a store opened outside a Kafka Streams task, as in a mock context)
 * every change is written at once.
 *
 * @param <V> the in-memory value; it may change until it is written
 */
public final class PendingWrites<V> {

    private final KeyValueStore<String, byte[]> store;
    private final Function<V, byte[]> encoder;
    private final boolean deferred;
    private final HashMap<String, Change<V>> changes = new HashMap<>();

    private static final class Change<V> {
        /** The latest value, or null for a deletion. */
        V value;
        /** Whether the store may contain the key, so that a deletion must be written. */
        final boolean keyMayBeStored;

        Change(V value, boolean keyMayBeStored) {
            this.value = value;
            this.keyMayBeStored = keyMayBeStored;
        }
    }

    public PendingWrites(KeyValueStore<String, byte[]> store, Function<V, byte[]> encoder) {
        this.store = store;
        this.encoder = encoder;
        CommitHookStore hook = CommitHookStore.find(store);
        this.deferred = hook != null;
        if (hook != null) {
            hook.beforeCommit(this::write);
        }
    }

    /**
     * Sets the value of {@code key}. {@code created} is true when the caller created the key since the last
     * commit, so the store does not contain it.
     */
    public void put(String key, V value, boolean created) {
        Change<V> change = changes.get(key);
        if (change == null) {
            changes.put(key, new Change<>(value, !created));
        } else {
            change.value = value;
        }
        writeUnlessDeferred();
    }

    public void delete(String key) {
        Change<V> change = changes.get(key);
        if (change == null) {
            changes.put(key, new Change<>(null, true));
        } else if (change.keyMayBeStored) {
            change.value = null;
        } else {
            changes.remove(key);
        }
        writeUnlessDeferred();
    }

    /** Writes the pending changes to the store and clears them. */
    public void write() {
        for (Map.Entry<String, Change<V>> entry : changes.entrySet()) {
            V value = entry.getValue().value;
            if (value == null) {
                store.delete(entry.getKey());
            } else {
                store.put(entry.getKey(), encoder.apply(value));
            }
        }
        changes.clear();
    }

    private void writeUnlessDeferred() {
        if (!deferred) {
            write();
        }
    }
}

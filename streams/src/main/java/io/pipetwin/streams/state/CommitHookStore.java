package io.pipetwin.streams.state;

import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

import java.util.List;
import java.util.Map;

/**
 * Key-value store that runs a callback right before Kafka Streams flushes the store's record cache. A
 * stream task flushes the caches of all its stores as the first step of every commit, before it flushes
 * the producer and commits the transaction (StreamTask.flush in Kafka Streams 4.4). What the callback
 * writes therefore goes into the same transaction as the records processed since the previous commit, so
 * a processor can keep its changes in memory and write the latest value of each key once per commit.
 *
 * <p>The hook is Kafka Streams' internal {@code CachedStateStore.flushCache}, which its state manager
 * calls on every registered store at the start of a commit. NOTE: a Kafka Streams upgrade must keep this
 * call order, or the callback's writes leave the transaction. The restart tests of the reliability
 * package compare a killed and restarted twin with an uninterrupted one, so they fail when it changes.
 *
 * <p>Reads go to the wrapped store, so they do not see what the callback has not written yet.
 */
public final class CommitHookStore extends WrappedStateStore<KeyValueStore<String, byte[]>, String, byte[]>
        implements KeyValueStore<String, byte[]> {

    private Runnable beforeCommit = () -> { };

    private CommitHookStore(KeyValueStore<String, byte[]> wrapped) {
        super(wrapped);
    }

    /** Wraps the stores that {@code builder} builds. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> wrap(StoreBuilder<KeyValueStore<String, byte[]>> builder) {
        return new Builder(builder);
    }

    /**
     * Returns the hook store inside {@code store}, which may be wrapped by the processor context's
     * decorator, or null when {@code store} was not built by {@link #wrap}, as in a mock context.
     */
    public static CommitHookStore find(StateStore store) {
        StateStore current = store;
        while (!(current instanceof CommitHookStore)) {
            if (!(current instanceof WrappedStateStore<?, ?, ?> wrapper)) {
                return null;
            }
            current = wrapper.wrapped();
        }
        return (CommitHookStore) current;
    }

    /** Sets the callback run before each commit; it replaces the previous one. */
    void beforeCommit(Runnable callback) {
        this.beforeCommit = callback;
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
        super.flushCache();
    }

    @Override
    public void put(String key, byte[] value) {
        wrapped().put(key, value);
    }

    @Override
    public byte[] putIfAbsent(String key, byte[] value) {
        return wrapped().putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<String, byte[]>> entries) {
        wrapped().putAll(entries);
    }

    @Override
    public byte[] delete(String key) {
        return wrapped().delete(key);
    }

    @Override
    public byte[] get(String key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> reverseRange(String from, String to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, byte[]> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <S extends Serializer<P>, P> KeyValueIterator<String, byte[]> prefixScan(P prefix, S prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    @Override
    public ReadOnlyKeyValueStore<String, byte[]> readOnly(IsolationLevel isolationLevel) {
        return wrapped().readOnly(isolationLevel);
    }

    private static final class Builder implements StoreBuilder<KeyValueStore<String, byte[]>> {
        private final StoreBuilder<KeyValueStore<String, byte[]>> inner;

        Builder(StoreBuilder<KeyValueStore<String, byte[]>> inner) {
            this.inner = inner;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, byte[]>> withCachingEnabled() {
            inner.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, byte[]>> withCachingDisabled() {
            inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, byte[]>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<String, byte[]>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<String, byte[]> build() {
            return new CommitHookStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}

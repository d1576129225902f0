package io.pipetwin.streams.scenario;

import io.pipetwin.streams.mirror.PlatformMirror;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global store of what-if scenarios: every instance holds all of {@code pipetwin.scenarios}, because
 * its keys ({@code platformId|scenarioName}) do not partition like the platform ids of the events. The
 * topic itself is the store's changelog, so the store is built without one.
 */
public final class ScenarioStore {

    /** Name of the global store. */
    public static final String NAME = "twin-scenarios";

    private ScenarioStore() {
    }

    /** Returns the builder of the global store: persistent, no changelog topic of its own. */
    public static StoreBuilder<KeyValueStore<String, String>> builder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(NAME), Serdes.String(), Serdes.String())
                .withLoggingDisabled();
    }

    /** Keeps the store equal to the topic: a value puts, a tombstone deletes, a key without a platform is skipped. */
    public static final class Updater implements Processor<String, String, Void, Void> {

        private static final Logger LOG = LoggerFactory.getLogger(Updater.class);

        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(NAME);
        }

        @Override
        public void process(Record<String, String> record) {
            String key = record.key();
            int separator = key == null ? -1 : key.indexOf(PlatformMirror.KEY_SEPARATOR);
            if (separator <= 0 || separator == key.length() - 1) {
                LOG.warn("Skipped scenario record with key {}; use platformId|scenarioName", key);
                return;
            }
            if (record.value() == null) {
                store.delete(key);
            } else {
                store.put(key, record.value());
            }
        }
    }
}

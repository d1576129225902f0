package io.pipetwin.streams.scenario;

import io.pipetwin.core.forecast.scenario.Scenario;
import io.pipetwin.core.forecast.scenario.ScenarioJson;
import io.pipetwin.streams.mirror.PlatformMirror;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The active what-if scenarios, read from the global store that mirrors the compacted
 * {@code pipetwin.scenarios} topic (key {@code platformId|scenarioName}, value the scenario JSON).
 * Parsed scenarios are cached by their JSON text, so a boundary parses only new or changed ones; a value
 * that does not parse is skipped and logged once per distinct text.
 */
public final class ScenarioTable {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioTable.class);

    /** A table without scenarios. */
    public static final ScenarioTable EMPTY = new ScenarioTable(null);

    private final ReadOnlyKeyValueStore<String, String> store;
    private final Map<String, Scenario> parsed = new HashMap<>();

    /** @param store the global scenario store, or null for no scenarios */
    public ScenarioTable(ReadOnlyKeyValueStore<String, String> store) {
        this.store = store;
    }

    /**
     * Returns the platform's valid scenarios by name, in name order. The scenario's name inside the JSON
     * is ignored in favour of the key's, so the published name is always the one a client put.
     */
    public Map<String, Scenario> activeScenarios(String platformId) {
        if (store == null) {
            return Map.of();
        }
        Map<String, Scenario> active = new TreeMap<>();
        String prefix = platformId + PlatformMirror.KEY_SEPARATOR;
        // '|' + 1 is '}': the range holds exactly the keys that start with the prefix, plus the key
        // "platformId}" when one exists, which the prefix check drops.
        try (KeyValueIterator<String, String> iterator = store.range(prefix, platformId + '}')) {
            while (iterator.hasNext()) {
                KeyValue<String, String> entry = iterator.next();
                if (entry.value == null || !entry.key.startsWith(prefix)) {
                    continue;
                }
                Scenario scenario = parse(entry.key, entry.value);
                if (scenario != null) {
                    active.put(entry.key.substring(prefix.length()), scenario);
                }
            }
        }
        return active;
    }

    private Scenario parse(String key, String json) {
        if (parsed.containsKey(json)) {
            return parsed.get(json);
        }
        Scenario scenario = null;
        try {
            scenario = ScenarioJson.parse(json);
        } catch (RuntimeException e) {
            LOG.warn("Scenario {} on the scenarios topic is invalid and is not forecast: {}; put a corrected"
                    + " definition with ./pipetwin scenario put", key, e.getMessage());
        }
        if (parsed.size() > 10_000) {
            parsed.clear();
        }
        parsed.put(json, scenario);
        return scenario;
    }
}

package io.pipetwin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipetwin.core.forecast.scenario.ScenarioJson;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.scenario.ScenarioStore;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Reads the what-if scenarios of one platform from the global store {@value ScenarioStore#NAME}, which
 * every instance keeps in full and which mirrors the compacted {@code pipetwin.scenarios} topic (key
 * {@code platformId|scenarioName}, value the scenario JSON). A scenario is active when its JSON passes
 * {@link ScenarioJson#parse}, the check the twin applies before it forecasts the scenario.
 */
final class PlatformScenarios {

    private final KafkaStreams streams;

    PlatformScenarios(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Adds one element per stored scenario of the platform to {@code target}, in name order, and returns
     * how many it added. Throws Kafka Streams' {@code InvalidStateStoreException} while the store is not
     * queryable.
     */
    int addTo(ArrayNode target, String platformId) {
        String prefix = platformId + PlatformMirror.KEY_SEPARATOR;
        int added = 0;
        try (KeyValueIterator<String, String> entries = streams.store(StoreQueryParameters.fromNameAndType(
                        ScenarioStore.NAME, QueryableStoreTypes.<String, String>keyValueStore()))
                .prefixScan(prefix, new StringSerializer())) {
            while (entries.hasNext()) {
                var entry = entries.next();
                if (entry.value == null) {
                    continue;
                }
                writeScenario(target.addObject(), entry.key.substring(prefix.length()), entry.value);
                added++;
            }
        }
        return added;
    }

    /**
     * Writes one scenario. The name is taken from the key, under which the twin publishes forecasts, even
     * when the JSON's {@code name} field differs. A value that is not JSON is kept as a string, so the client sees what was put.
     */
    private static void writeScenario(ObjectNode node, String name, String json) {
        node.put("name", name);
        String error = null;
        try {
            ScenarioJson.parse(json);
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        node.put("active", error == null);
        if (error != null) {
            node.put("error", error);
        }
        try {
            node.set("definition", Exchanges.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            node.put("definition", json);
        }
    }
}

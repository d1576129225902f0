package io.pipetwin.core.forecast.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * JSON form of a {@link Scenario}:
 * <pre>{@code
 * {"name": "add-8-a100", "queueingPolicy": "sjf", "placementPolicy": "best-fit",
 *  "nodes": [{"gpuModel": "A100", "count": 8, "cpuMilli": 96000, "memoryMib": 786432, "gpusPerNode": 8},
 *            {"gpuModel": "V100", "count": -4}],
 *  "retrainingStrategy": "threshold:metric=accuracy,min=0.8,check=6h", "arrivalRateMultiplier": 1.5}
 * }</pre>
 * Only {@code name} is required. Unknown fields are errors, so a misspelt field does not pass silently.
 */
public final class ScenarioJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "queueingPolicy", "placementPolicy", "nodes",
            "retrainingStrategy", "arrivalRateMultiplier");
    private static final Set<String> NODE_FIELDS = Set.of("gpuModel", "count", "cpuMilli", "memoryMib",
            "gpusPerNode");

    private ScenarioJson() {
    }

    /** Parses and validates one scenario; errors are {@link InvalidScenarioException}s naming the field. */
    public static Scenario parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidScenarioException("(document)", "is not valid JSON: " + e.getOriginalMessage()
                    + "; write one JSON object");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidScenarioException("(document)", "is not a JSON object; write {\"name\": ...}");
        }
        rejectUnknown(root, FIELDS, "");
        List<NodeChange> changes = new ArrayList<>();
        JsonNode nodes = root.get("nodes");
        if (nodes != null && !nodes.isNull()) {
            if (!nodes.isArray()) {
                throw new InvalidScenarioException("nodes", nodes + " is not an array; write [{\"gpuModel\": ...}]");
            }
            for (int i = 0; i < nodes.size(); i++) {
                JsonNode node = nodes.get(i);
                String path = "nodes[" + i + "]";
                if (!node.isObject()) {
                    throw new InvalidScenarioException(path, node + " is not an object");
                }
                rejectUnknown(node, NODE_FIELDS, path + ".");
                changes.add(new NodeChange(text(node, "gpuModel", path + "."),
                        (int) integer(node, "count", path + ".", 0, Integer.MIN_VALUE, Integer.MAX_VALUE),
                        integer(node, "cpuMilli", path + ".", 0, 0, Long.MAX_VALUE),
                        integer(node, "memoryMib", path + ".", 0, 0, Long.MAX_VALUE),
                        (int) integer(node, "gpusPerNode", path + ".", 0, 0, 64)));
            }
        }
        JsonNode multiplier = root.get("arrivalRateMultiplier");
        Double rateMultiplier = null;
        if (multiplier != null && !multiplier.isNull()) {
            if (!multiplier.isNumber()) {
                throw new InvalidScenarioException("arrivalRateMultiplier", multiplier
                        + " is not a number; write for example 1.5");
            }
            rateMultiplier = multiplier.asDouble();
        }
        return new Scenario(text(root, "name", ""), text(root, "queueingPolicy", ""), text(root, "placementPolicy", ""),
                changes, text(root, "retrainingStrategy", ""), rateMultiplier);
    }

    /** Writes {@code scenario} in the form {@link #parse} reads; null fields are left out. */
    public static String toJson(Scenario scenario) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", scenario.name());
        putIfSet(root, "queueingPolicy", scenario.queueingPolicy());
        putIfSet(root, "placementPolicy", scenario.placementPolicy());
        if (!scenario.nodeChanges().isEmpty()) {
            ArrayNode nodes = root.putArray("nodes");
            for (NodeChange change : scenario.nodeChanges()) {
                ObjectNode node = nodes.addObject();
                node.put("gpuModel", change.gpuModel());
                node.put("count", change.count());
                if (change.count() > 0) {
                    node.put("cpuMilli", change.cpuMilli());
                    node.put("memoryMib", change.memoryMib());
                    node.put("gpusPerNode", change.gpusPerNode());
                }
            }
        }
        putIfSet(root, "retrainingStrategy", scenario.retrainingStrategy());
        if (scenario.arrivalRateMultiplier() != null) {
            root.put("arrivalRateMultiplier", scenario.arrivalRateMultiplier());
        }
        return root.toString();
    }

    private static void putIfSet(ObjectNode root, String field, String value) {
        if (value != null) {
            root.put(field, value);
        }
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidScenarioException(prefix + name, "is not a scenario field; the fields are "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode node, String field, String prefix) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidScenarioException(prefix + field, value + " is not a string; quote it");
        }
        return value.asText();
    }

    private static long integer(JsonNode node, String field, String prefix, long absent, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new InvalidScenarioException(prefix + field, value + " is not a whole number in [" + min + ", "
                    + max + "]");
        }
        return value.asLong();
    }
}

package io.pipetwin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipetwin.core.forecast.online.DurationFit;
import io.pipetwin.core.forecast.online.OnlineModelParameters;
import io.pipetwin.streams.forecast.OnlineCalibration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import java.util.Map;
import java.util.Optional;

/**
 * Reads the fitted parameters of one platform's online workload model from this instance's store
 * {@value OnlineCalibration#STORE} through an interactive query and writes them as JSON. The twin stores a
 * model at each cadence boundary of its platform, so the parameters are those of the latest boundary.
 */
final class WorkloadParameters {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KafkaStreams streams;

    WorkloadParameters(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Returns the parameters as JSON, or empty when this instance stores no model of the platform. Throws
     * Kafka Streams' {@code InvalidStateStoreException} while the store is not queryable (rebalance, restore).
     */
    Optional<ObjectNode> json(String platformId) {
        byte[] bytes = streams.store(StoreQueryParameters.fromNameAndType(OnlineCalibration.STORE,
                QueryableStoreTypes.<String, byte[]>keyValueStore())).get(platformId);
        if (bytes == null) {
            return Optional.empty();
        }
        return Optional.of(toJson(platformId, OnlineCalibration.decodeParameters(bytes)));
    }

    static ObjectNode toJson(String platformId, OnlineModelParameters parameters) {
        ObjectNode result = JSON.objectNode();
        result.put("platformId", platformId);
        double clockSeconds = parameters.clockSeconds();
        if (Double.isFinite(clockSeconds)) {
            result.put("clockTime", Math.round(clockSeconds * 1000.0));
        } else {
            result.putNull("clockTime");
        }
        result.put("arrivalsObserved", parameters.arrivalsObserved());
        result.put("recentArrivals", parameters.recentArrivals());

        ObjectNode hourOfWeek = result.putObject("hourOfWeek");
        putAll(hourOfWeek.putArray("ratesPerHour"), parameters.ratesPerHour());
        putAll(hourOfWeek.putArray("weightedArrivals"), parameters.weightedArrivals());
        putAll(hourOfWeek.putArray("exposureHours"), parameters.exposureHours());

        ObjectNode durations = result.putObject("durations");
        for (Map.Entry<String, DurationFit> entry : parameters.durations().entrySet()) {
            DurationFit fit = entry.getValue();
            ObjectNode node = durations.putObject(entry.getKey());
            node.put("count", fit.count());
            node.put("kept", fit.kept());
            putFinite(node, "muLogSeconds", fit.mu());
            putFinite(node, "sigmaLogSeconds", fit.sigma());
            putFinite(node, "medianSeconds", fit.medianSeconds());
            putFinite(node, "meanSeconds", fit.meanSeconds());
        }
        return result;
    }

    private static void putAll(ArrayNode array, double[] values) {
        for (double value : values) {
            if (Double.isFinite(value)) {
                array.add(value);
            } else {
                array.addNull();
            }
        }
    }

    /** Writes a number, or null for NaN and infinities, which JSON cannot hold. */
    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}

package io.pipetwin.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named quality metrics of one model version, each a score in [0, 1] where higher is better.
 * Accuracy, robustness and fairness are always present; further metrics can be added by name.
 */
public final class ModelMetrics {

    public static final String ACCURACY = "accuracy";
    public static final String ROBUSTNESS = "robustness";
    public static final String FAIRNESS = "fairness";

    private final Map<String, Double> valuesByName = new LinkedHashMap<>();

    public ModelMetrics(double accuracy, double robustness, double fairness) {
        set(ACCURACY, accuracy);
        set(ROBUSTNESS, robustness);
        set(FAIRNESS, fairness);
    }

    private ModelMetrics() {
    }

    /** Returns an independent copy. */
    public ModelMetrics copy() {
        ModelMetrics copy = new ModelMetrics();
        copy.valuesByName.putAll(valuesByName);
        return copy;
    }

    /** Returns the value of a metric; throws when the metric is unknown. */
    public double get(String name) {
        Double value = valuesByName.get(name);
        if (value == null) {
            throw new IllegalArgumentException("unknown model metric '" + name + "'; known metrics: "
                    + valuesByName.keySet());
        }
        return value;
    }

    /** Sets a metric, clamped to [0, 1]; adds the metric if it is new. */
    public void set(String name, double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("model metric '" + name + "' must be a number, got NaN");
        }
        valuesByName.put(name, clampToUnit(value));
    }

    public boolean has(String name) {
        return valuesByName.containsKey(name);
    }

    /** Returns the metrics in insertion order, read-only. */
    public Map<String, Double> asMap() {
        return Collections.unmodifiableMap(valuesByName);
    }

    static double clampToUnit(double value) {
        return Math.max(0.0, Math.min(1.0, value));
    }

    @Override
    public String toString() {
        return valuesByName.toString();
    }
}

package io.pipetwin.core.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named scalar results of one run, in insertion order (for example {@code task_wait_p95_s}). */
public final class RunSummary {

    private final Map<String, Double> valuesByName = new LinkedHashMap<>();

    public RunSummary put(String name, double value) {
        valuesByName.put(name, value);
        return this;
    }

    /** Returns a value, NaN when absent. */
    public double get(String name) {
        return valuesByName.getOrDefault(name, Double.NaN);
    }

    public Map<String, Double> asMap() {
        return Collections.unmodifiableMap(valuesByName);
    }

    /** Writes {@code name,value} rows. */
    public void writeCsv(Path path) throws IOException {
        try (CsvWriter csv = new CsvWriter(path, "name", "value")) {
            for (Map.Entry<String, Double> entry : valuesByName.entrySet()) {
                csv.text(entry.getKey()).number(entry.getValue()).endRow();
            }
        }
    }
}

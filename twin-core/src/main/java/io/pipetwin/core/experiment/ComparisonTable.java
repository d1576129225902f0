package io.pipetwin.core.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pipetwin.core.output.ConfidenceInterval;
import io.pipetwin.core.output.CsvWriter;
import io.pipetwin.core.output.RunSummary;

/**
 * Summary metrics of a sweep aggregated over seeds: per configuration and metric, the mean and a 95 %
 * Student-t confidence interval. Written as a long CSV (one row per configuration and metric) and a
 * Markdown table of the headline metrics.
 */
public final class ComparisonTable {

    /** Metrics shown in the Markdown table, in column order. */
    public static final List<String> HEADLINE_METRICS = List.of("pipelines_completed", "task_wait_mean_s",
            "task_wait_p95_s", "pipeline_sojourn_mean_s", "mean_utilisation_all/gpu", "retrainings",
            "retraining_gpu_hours", "model_accuracy_time_avg", "model_share_below_threshold");

    private final Map<String, RunKey> keyByConfiguration = new LinkedHashMap<>();
    private final Map<String, Map<String, ConfidenceInterval>> intervalsByConfiguration = new LinkedHashMap<>();

    /** Aggregates run summaries; {@code keys} and {@code summaries} are parallel lists. */
    public ComparisonTable(List<RunKey> keys, List<RunSummary> summaries) {
        Map<String, List<RunSummary>> summariesByConfiguration = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String configuration = keys.get(i).configurationLabel();
            keyByConfiguration.putIfAbsent(configuration, keys.get(i));
            summariesByConfiguration.computeIfAbsent(configuration, label -> new ArrayList<>()).add(summaries.get(i));
        }
        for (Map.Entry<String, List<RunSummary>> entry : summariesByConfiguration.entrySet()) {
            Set<String> metrics = new LinkedHashSet<>();
            entry.getValue().forEach(summary -> metrics.addAll(summary.asMap().keySet()));
            Map<String, ConfidenceInterval> intervals = new LinkedHashMap<>();
            for (String metric : metrics) {
                double[] values = entry.getValue().stream().mapToDouble(summary -> summary.get(metric)).toArray();
                intervals.put(metric, ConfidenceInterval.of95(values));
            }
            intervalsByConfiguration.put(entry.getKey(), intervals);
        }
    }

    /** Returns the interval of one metric of one configuration, or null when absent. */
    public ConfidenceInterval interval(String configurationLabel, String metric) {
        Map<String, ConfidenceInterval> intervals = intervalsByConfiguration.get(configurationLabel);
        return intervals == null ? null : intervals.get(metric);
    }

    public List<String> configurations() {
        return List.copyOf(intervalsByConfiguration.keySet());
    }

    public void writeCsv(Path path) throws IOException {
        try (CsvWriter csv = new CsvWriter(path, "queueing", "placement", "platform", "retraining", "metric", "n",
                "mean", "sd", "ci95_low", "ci95_high")) {
            for (Map.Entry<String, Map<String, ConfidenceInterval>> entry : intervalsByConfiguration.entrySet()) {
                RunKey key = keyByConfiguration.get(entry.getKey());
                for (Map.Entry<String, ConfidenceInterval> metric : entry.getValue().entrySet()) {
                    ConfidenceInterval interval = metric.getValue();
                    csv.text(key.policies().queueing()).text(key.policies().placement()).text(key.platform())
                            .text(key.retraining()).text(metric.getKey()).number(interval.n())
                            .number(interval.mean()).number(interval.sd()).number(interval.lower())
                            .number(interval.upper());
                    csv.endRow();
                }
            }
        }
    }

    public void writeMarkdown(Path path, String title) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(title).append("\n\n");
        text.append("Mean ± half-width of the 95 % Student-t confidence interval over seeds.\n\n");
        text.append("| queueing | placement | platform | retraining |");
        for (String metric : HEADLINE_METRICS) {
            text.append(' ').append(metric).append(" |");
        }
        text.append("\n|---|---|---|---|");
        text.append("---:|".repeat(HEADLINE_METRICS.size()));
        text.append('\n');
        for (Map.Entry<String, Map<String, ConfidenceInterval>> entry : intervalsByConfiguration.entrySet()) {
            RunKey key = keyByConfiguration.get(entry.getKey());
            text.append("| ").append(key.policies().queueing()).append(" | ").append(key.policies().placement())
                    .append(" | ").append(key.platform()).append(" | ").append(key.retraining()).append(" |");
            for (String metric : HEADLINE_METRICS) {
                ConfidenceInterval interval = entry.getValue().get(metric);
                text.append(' ').append(formatInterval(interval)).append(" |");
            }
            text.append('\n');
        }
        Files.writeString(path, text.toString(), StandardCharsets.UTF_8);
    }

    private static String formatInterval(ConfidenceInterval interval) {
        if (interval == null || interval.n() == 0 || Double.isNaN(interval.mean())) {
            return "–";
        }
        String mean = String.format(java.util.Locale.ROOT, "%.4g", interval.mean());
        if (Double.isNaN(interval.halfWidth())) {
            return mean;
        }
        return mean + " ± " + String.format(java.util.Locale.ROOT, "%.2g", interval.halfWidth());
    }
}

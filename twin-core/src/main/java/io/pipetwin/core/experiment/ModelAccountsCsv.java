package io.pipetwin.core.experiment;

import java.io.IOException;
import java.nio.file.Path;

import io.pipetwin.core.metrics.ModelAccount;
import io.pipetwin.core.metrics.ModelQualityReport;
import io.pipetwin.core.output.CsvWriter;

/** Writes the per-model retraining accounts of a run as {@code models.csv}. */
final class ModelAccountsCsv {

    private ModelAccountsCsv() {
    }

    static void write(Path path, ModelQualityReport report) throws IOException {
        try (CsvWriter csv = new CsvWriter(path, "model_id", "versions_deployed", "retrainings_scheduled",
                "retrainings_metric_triggered", "retrainings_completed", "retrainings_failed", "retraining_gpu_hours",
                "retraining_queueing_hours", "retraining_latency_s", "deployed_s", "accuracy_time_avg",
                "robustness_time_avg", "fairness_time_avg", "below_threshold_s")) {
            for (ModelAccount model : report.models()) {
                csv.text(model.modelId()).number(model.versionsDeployed()).number(model.retrainingsScheduled())
                        .number(model.retrainingsMetricTriggered()).number(model.retrainingsCompleted())
                        .number(model.retrainingsFailed())
                        .number(model.retrainingGpuHours()).number(model.retrainingQueueingHours())
                        .number(model.retrainingLatencySeconds()).number(model.deployedSeconds())
                        .number(model.timeAveragedMetrics().getOrDefault("accuracy", Double.NaN))
                        .number(model.timeAveragedMetrics().getOrDefault("robustness", Double.NaN))
                        .number(model.timeAveragedMetrics().getOrDefault("fairness", Double.NaN))
                        .number(model.secondsBelowThreshold());
                csv.endRow();
            }
        }
    }
}

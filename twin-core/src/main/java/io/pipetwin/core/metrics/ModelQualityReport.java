package io.pipetwin.core.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Retraining cost and model quality of a run, per model and in total.
 *
 * @param watchedMetric       metric the threshold accounting watches
 * @param accountingThreshold level under which time counts as below threshold
 * @param models              one account per model that was deployed at least once, ordered by model id
 */
public record ModelQualityReport(String watchedMetric, double accountingThreshold, List<ModelAccount> models) {

    public int totalRetrainings() {
        return models.stream().mapToInt(m -> m.retrainingsScheduled() + m.retrainingsMetricTriggered()).sum();
    }

    public double totalRetrainingGpuHours() {
        return models.stream().mapToDouble(ModelAccount::retrainingGpuHours).sum();
    }

    public double totalRetrainingQueueingHours() {
        return models.stream().mapToDouble(ModelAccount::retrainingQueueingHours).sum();
    }

    /** Returns each metric's level averaged over all models, weighted by each model's deployed time. */
    public Map<String, Double> timeAveragedMetrics() {
        Map<String, Double> weightedSums = new HashMap<>();
        double totalSeconds = 0;
        for (ModelAccount model : models) {
            totalSeconds += model.deployedSeconds();
            for (Map.Entry<String, Double> metric : model.timeAveragedMetrics().entrySet()) {
                weightedSums.merge(metric.getKey(), metric.getValue() * model.deployedSeconds(), Double::sum);
            }
        }
        Map<String, Double> averages = new HashMap<>();
        for (Map.Entry<String, Double> sum : weightedSums.entrySet()) {
            averages.put(sum.getKey(), totalSeconds > 0 ? sum.getValue() / totalSeconds : Double.NaN);
        }
        return averages;
    }

    /** Returns the share of all deployed model-time spent below the threshold. */
    public double shareBelowThreshold() {
        double deployed = models.stream().mapToDouble(ModelAccount::deployedSeconds).sum();
        double below = models.stream().mapToDouble(ModelAccount::secondsBelowThreshold).sum();
        return deployed > 0 ? below / deployed : 0.0;
    }
}

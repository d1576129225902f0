package io.pipetwin.core.forecast;

import java.util.Map;

/**
 * A deployed model in the mirrored state.
 *
 * @param modelId           id of the model asset
 * @param framework         ML framework, for example {@code pytorch}
 * @param deployedAtSeconds event time of the deployment of the current version, in epoch seconds
 * @param metrics           latest observed value of each metric by name ({@code accuracy},
 *                          {@code robustness}, {@code fairness}, ...), each in [0, 1]. A retraining check reads an
 *                          absent accuracy, robustness or fairness as 1
 */
public record SnapshotModel(String modelId, String framework, double deployedAtSeconds,
                            Map<String, Double> metrics) {

    public SnapshotModel {
        metrics = Map.copyOf(metrics);
    }
}

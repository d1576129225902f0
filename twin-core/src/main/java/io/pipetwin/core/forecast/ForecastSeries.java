package io.pipetwin.core.forecast;

import io.pipetwin.core.platform.ResourceKind;
import io.pipetwin.core.platform.TaskPools;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-replication values of every forecast quantity, keyed as in {@link ForecastResult}. */
final class ForecastSeries {

    static final List<String> TASK_POOLS = List.of(TaskPools.GPU, TaskPools.CPU, TaskPools.ALL);

    final Map<String, SeriesAggregator> queueLength = new LinkedHashMap<>();
    final Map<String, SeriesAggregator> waitingTime = new LinkedHashMap<>();
    final Map<String, SeriesAggregator> transferTime = new LinkedHashMap<>();
    final Map<String, Map<ResourceKind, SeriesAggregator>> utilisation = new LinkedHashMap<>();
    final Map<String, SeriesAggregator> gpuModelUtilisation = new LinkedHashMap<>();
    /** Completion offset of each snapshot pipeline per replication; positive infinity when beyond the horizon. */
    final double[][] pipelineCompletion;

    ForecastSeries(List<String> nodePools, List<String> gpuModels, int pipelines, int replications, int steps) {
        for (String pool : TASK_POOLS) {
            queueLength.put(pool, new SeriesAggregator(replications, steps));
            waitingTime.put(pool, new SeriesAggregator(replications, steps));
            transferTime.put(pool, new SeriesAggregator(replications, steps));
        }
        for (String pool : nodePools) {
            Map<ResourceKind, SeriesAggregator> byKind = new LinkedHashMap<>();
            for (ResourceKind kind : ResourceKind.values()) {
                byKind.put(kind, new SeriesAggregator(replications, steps));
            }
            utilisation.put(pool, byKind);
        }
        for (String model : gpuModels) {
            gpuModelUtilisation.put(model, new SeriesAggregator(replications, steps));
        }
        pipelineCompletion = new double[pipelines][replications];
        for (double[] row : pipelineCompletion) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
    }
}

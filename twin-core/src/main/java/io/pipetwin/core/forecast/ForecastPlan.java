package io.pipetwin.core.forecast;

import io.pipetwin.core.pipeline.EmpiricalDurationModel;
import io.pipetwin.core.platform.NodeSpec;
import java.util.List;

/**
 * Everything the replications of one forecast share read-only: the snapshot, its derived structures and
 * the arrays the replications fill.
 *
 * @param gpuModels          GPU models of the snapshot's nodes, sorted
 * @param gpuModelOfNode     index into {@code gpuModels} of each snapshot node in order, -1 for none
 * @param maxArrivalRatePerSecond bound of the arrival rate over the horizon, for thinning
 * @param arrivalTemplates   single tasks that future arrivals copy when there are no pipeline templates
 * @param pipelineTemplates  pipelines that future arrivals copy; when not empty, every arrival is a pipeline
 * @param blockedTasks       per pipeline-graph index, the task to submit when its predecessors finish
 * @param poolOfNode         index into {@code nodePools} of each snapshot node in order
 */
record ForecastPlan(PlatformSnapshot snapshot, ForecastConfig config, int steps, EmpiricalDurationModel durations,
                    PipelineGraph graph, ForecastSeries series, List<String> nodePools, List<String> gpuModels,
                    int[] gpuModelOfNode, ArrivalModel arrivalModel, double maxArrivalRatePerSecond,
                    List<NodeSpec> nodeSpecs, List<PreparedTask> running,
                    List<PreparedTask> waiting, List<PreparedTask> arrivalTemplates,
                    List<PipelineTemplate> pipelineTemplates, PreparedTask[] blockedTasks,
                    int[] poolOfNode) {
}

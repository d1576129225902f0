package io.pipetwin.core.workload;

import java.util.List;

import io.pipetwin.core.metrics.RetrainingTrigger;

/**
 * A pipeline drawn from a workload profile, ready to submit.
 *
 * @param pipelineId        unique in the run
 * @param submitTimeSeconds simulation time of submission
 * @param pipelineType      name of the template it was built from
 * @param tenant            submitting tenant
 * @param priority          priority level; higher runs first under priority queueing
 * @param modelId           model asset the pipeline builds
 * @param framework         ML framework of the model
 * @param datasetSizeGib    input dataset size in GiB
 * @param trigger           null for a pipeline from the arrival process (a manual submission), or the
 *                          retraining trigger
 * @param tasks             the DAG, in a topological order
 */
public record GeneratedPipeline(String pipelineId, double submitTimeSeconds, String pipelineType, String tenant,
                                int priority, String modelId, String framework, double datasetSizeGib,
                                RetrainingTrigger trigger, List<GeneratedTask> tasks) {

    /** Returns whether the pipeline ends with a deployment, so it can change a deployed model. */
    public boolean deploys() {
        return tasks.stream().anyMatch(task -> task.taskType().equals("deploy"));
    }
}

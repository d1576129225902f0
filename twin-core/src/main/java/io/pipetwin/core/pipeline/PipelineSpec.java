package io.pipetwin.core.pipeline;

/**
 * One pipeline run to simulate.
 *
 * @param pipelineId       unique id
 * @param tenant           tenant that owns the run, used by fair-share queueing
 * @param modelId          model asset the pipeline trains
 * @param framework        ML framework, an input of duration models
 * @param datasetSizeBytes size of the training data set, an input of duration models
 * @param trigger          what started the run
 * @param priority         priority class; higher runs first under priority queueing
 * @param dag              the task graph
 */
public record PipelineSpec(String pipelineId, String tenant, String modelId, String framework,
                           double datasetSizeBytes, Trigger trigger, int priority, PipelineDag dag) {
}

package io.pipetwin.core.output;

/**
 * One finished pipeline.
 *
 * @param submitSeconds simulation time of submission
 * @param endSeconds    time its last task finished
 * @param taskCount     tasks in its DAG
 */
public record PipelineRecord(String pipelineId, String pipelineType, String tenant, String modelId,
                             String trigger, double submitSeconds, double endSeconds, int taskCount) {

    /** Returns the sojourn time: submission to completion. */
    public double sojournSeconds() {
        return endSeconds - submitSeconds;
    }
}

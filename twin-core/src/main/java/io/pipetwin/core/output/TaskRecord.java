package io.pipetwin.core.output;

/**
 * One finished task for the event trace.
 *
 * @param pipelineId             pipeline the task belongs to
 * @param taskId                 task id, unique in the run
 * @param taskType               normalised task type, for example {@code train}
 * @param pipelineType           template name of the pipeline
 * @param tenant                 submitting tenant
 * @param trigger                {@code MANUAL}, {@code SCHEDULED} or {@code METRIC_TRIGGERED}
 * @param nodeIds                nodes the task ran on, separated by {@code ;} for a gang task
 * @param pipelineSubmitSeconds  simulation time the pipeline was submitted
 * @param queuedSeconds          time the task became ready and joined the queue
 * @param startSeconds           time it got its resources
 * @param endSeconds             time it released them
 * @param gpuMilli               GPU held in milli-GPUs summed over its GPUs, 0 for a CPU task
 * @param outcome                {@code finished} or {@code failed}
 */
public record TaskRecord(String pipelineId, String taskId, String taskType, String pipelineType, String tenant,
                         String trigger, String nodeIds, double pipelineSubmitSeconds, double queuedSeconds,
                         double startSeconds, double endSeconds, long gpuMilli, String outcome) {

    /** Returns the queueing delay: time from joining the queue to getting resources. */
    public double waitSeconds() {
        return startSeconds - queuedSeconds;
    }

    /** Returns GPU-seconds held: the GPU share times the running time. */
    public double gpuSeconds() {
        return gpuMilli / 1000.0 * (endSeconds - startSeconds);
    }
}

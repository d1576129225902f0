package io.pipetwin.streams.mirror;

import java.util.HashMap;
import java.util.Map;

/**
 * The pipelines of one platform that have tasks submitted but never queued or started, each with the count
 * of such tasks and the latest event time at which another of its tasks ended. The mirror reads it to tell
 * a pipeline that stopped without cancelling its remaining tasks from one whose tasks still wait for their
 * predecessors. In memory only: the mirror rebuilds it from the restored tasks.
 */
final class PendingPipelines {

    private final Map<String, Pending> byPipeline = new HashMap<>();

    private static final class Pending {
        int submittedTasks;
        long lastTaskEndMillis = -1;
    }

    /** Records the submission of {@code taskCount} tasks of a pipeline. */
    void submitted(String pipelineId, int taskCount) {
        byPipeline.computeIfAbsent(pipelineId, id -> new Pending()).submittedTasks += taskCount;
    }

    /** Records that a task left the submitted phase: queued, started, cancelled or evicted. */
    void leftSubmitted(String pipelineId) {
        Pending pending = byPipeline.get(pipelineId);
        if (pending != null && --pending.submittedTasks <= 0) {
            byPipeline.remove(pipelineId);
        }
    }

    /**
     * Records that a queued or running task of a pipeline ended at {@code timeMillis}; only a pipeline with
     * submitted tasks keeps the time.
     */
    void taskEnded(String pipelineId, long timeMillis) {
        Pending pending = byPipeline.get(pipelineId);
        if (pending != null) {
            pending.lastTaskEndMillis = Math.max(pending.lastTaskEndMillis, timeMillis);
        }
    }

    /**
     * Records a restored submitted task. The latest task end is not stored, so it is taken as
     * {@code latestEventTimeMillis}, the restored platform's latest event time: the pipeline's idle time then
     * counts from the restart, so a restart never makes an eviction earlier.
     */
    void restored(String pipelineId, long latestEventTimeMillis) {
        submitted(pipelineId, 1);
        taskEnded(pipelineId, latestEventTimeMillis);
    }

    /** Returns true when no task of the pipeline ended at or after {@code cutoffMillis}. */
    boolean noTaskEndedSince(String pipelineId, long cutoffMillis) {
        Pending pending = byPipeline.get(pipelineId);
        return pending == null || pending.lastTaskEndMillis < cutoffMillis;
    }
}

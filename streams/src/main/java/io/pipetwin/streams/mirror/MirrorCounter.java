package io.pipetwin.streams.mirror;

/** Running totals the mirror keeps per platform; all of them only grow. */
public enum MirrorCounter {
    /** Events applied to the mirrored state. */
    EVENTS_APPLIED,
    /** Events rejected for any {@link RejectReason}. */
    EVENTS_REJECTED,
    /** Applied events whose event time is before the latest event time seen; they are applied anyway. */
    LATE_EVENTS,
    PIPELINES_SUBMITTED,
    TASKS_SUBMITTED,
    TASKS_QUEUED,
    TASKS_STARTED,
    /** Running tasks that released their resources with a TaskFinished event. */
    TASKS_FINISHED,
    /** Submitted or waiting tasks that left without running, with a TaskCancelled event. */
    TASKS_CANCELLED,
    /** Running tasks that ended because a node they held was removed. */
    TASKS_ENDED_BY_NODE_REMOVAL,
    NODES_ADDED,
    NODES_REMOVED,
    MODEL_METRICS_OBSERVED,
    MODELS_DEPLOYED,
    /** Task starts that exceeded a node's free CPU, memory or GPU; the mirror records them as reported. */
    PLACEMENT_OVERCOMMITS,
    /** Cadence boundaries at which a forecast was computed and published. */
    FORECASTS_PUBLISHED,
    /** Cadence boundaries whose forecast failed with an error; see the log. */
    FORECASTS_FAILED,
    /** Cadence boundaries passed over under the gap rule of the forecast cadence. */
    BOUNDARIES_SKIPPED,
    /** Submitted tasks never queued or started, evicted after the submitted-task retention. */
    TASKS_EVICTED,
    /** Starts of tasks that waited in the queue. */
    QUEUE_STARTS,
    /**
     * Queue starts that overtook a task of the same task pool queued earlier and still waiting: evidence that
     * the platform backfills instead of holding its queue behind a blocked head.
     */
    QUEUE_OVERTAKES
}

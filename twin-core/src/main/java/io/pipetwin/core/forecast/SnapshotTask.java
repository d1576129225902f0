package io.pipetwin.core.forecast;

import java.util.List;

/**
 * A waiting or running task in the mirrored state.
 *
 * @param taskClass       key into {@link PlatformSnapshot#observedDurationsSeconds()} for this task's
 *                        durations, for example the task type or the task pool
 * @param nodeCount       nodes a gang task needs at once, each with the full request
 * @param sinceSeconds    event time in epoch seconds at which the task was queued (waiting tasks) or started
 *                        (running tasks)
 * @param nodeIds         nodes a running task holds; empty for a waiting task
 */
public record SnapshotTask(String taskId, String pipelineId, String taskClass, SnapshotRequest request,
                           int nodeCount, double sinceSeconds, List<String> nodeIds) {
}

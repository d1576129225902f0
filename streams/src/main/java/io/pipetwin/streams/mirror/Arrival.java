package io.pipetwin.streams.mirror;

import java.util.List;

/**
 * One pipeline arrival: the submission of a pipeline, with the tasks a forecast copies when it draws this
 * arrival as the template of a future one. Only submissions count as arrivals, so a successor task queued
 * when its predecessors finish is never counted again: the forecast submits the successors of arrived
 * pipelines itself.
 *
 * @param sequence   arrival number within the platform, from 0
 * @param timeMillis event time of the submission in epoch millis
 * @param tasks      the pipeline's tasks in submission order, at least one
 */
public record Arrival(long sequence, long timeMillis, String pipelineId, List<ArrivalTask> tasks) {

    public Arrival {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("arrival of pipeline " + pipelineId + " has no task; a pipeline"
                    + " arrival needs at least one");
        }
        for (ArrivalTask task : tasks) {
            for (int predecessor : task.dependsOn()) {
                if (predecessor < 0 || predecessor >= tasks.size()) {
                    throw new IllegalArgumentException("arrival of pipeline " + pipelineId + ": task " + task.taskId()
                            + " depends on task index " + predecessor + ", outside the pipeline's " + tasks.size()
                            + " tasks; use indices into the arrival's task list");
                }
            }
        }
    }

    /** Returns the pipeline's first task in submission order, for code that treats an arrival as one task. */
    public ArrivalTask firstTask() {
        return tasks.get(0);
    }

    /** Returns the id of the pipeline's first task. */
    public String taskId() {
        return firstTask().taskId();
    }

    /** Returns the type of the pipeline's first task. */
    public String taskType() {
        return firstTask().taskType();
    }

    /** Returns the per-node demand of the pipeline's first task. */
    public ResourceDemand demand() {
        return firstTask().demand();
    }

    /** Returns the node count of the pipeline's first task. */
    public int nodeCount() {
        return firstTask().nodeCount();
    }
}

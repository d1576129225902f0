package io.pipetwin.streams.mirror;

import java.util.List;

/**
 * One task of a pipeline {@link Arrival}.
 *
 * @param demand    resources per node
 * @param nodeCount nodes a gang task needs at once
 * @param dependsOn indices, in the arrival's task list, of the tasks that must finish first. A dependency on
 *                  a task id outside the pipeline is left out.
 */
public record ArrivalTask(String taskId, String taskType, ResourceDemand demand, int nodeCount,
                          List<Integer> dependsOn) {

    public ArrivalTask {
        dependsOn = List.copyOf(dependsOn);
    }

    /** Returns the class that keys this task's durations, as {@link TaskState#taskClass()} does. */
    public String taskClass() {
        return TaskState.taskClass(taskType, demand);
    }
}

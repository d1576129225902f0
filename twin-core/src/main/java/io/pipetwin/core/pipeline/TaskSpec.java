package io.pipetwin.core.pipeline;

import io.pipetwin.core.platform.ResourceRequest;

/**
 * One task of a pipeline template.
 *
 * @param name         name unique within the pipeline
 * @param type         task type
 * @param request      resources held on each node while the task runs
 * @param nodeCount    nodes a gang task needs at once, each with the full request; 1 for ordinary tasks
 * @param inputBytes   bytes read from the storage service before computing; 0 for none
 * @param predecessors indices of tasks in the same pipeline that must finish first; each must be lower
 *                     than this task's own index, which keeps every template acyclic
 */
public record TaskSpec(String name, TaskType type, ResourceRequest request, int nodeCount, double inputBytes,
                       int[] predecessors) {

    public TaskSpec {
        if (nodeCount < 1) {
            throw new IllegalArgumentException("task " + name + ": nodeCount " + nodeCount + " must be at least 1");
        }
        if (inputBytes < 0) {
            throw new IllegalArgumentException("task " + name + ": inputBytes " + inputBytes + " is negative");
        }
        predecessors = predecessors == null ? new int[0] : predecessors.clone();
    }

    /** Returns a single-node task without input transfer. */
    public static TaskSpec of(String name, TaskType type, ResourceRequest request, int... predecessors) {
        return new TaskSpec(name, type, request, 1, 0.0, predecessors);
    }
}

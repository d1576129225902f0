package io.pipetwin.core.workload;

import java.util.List;

/**
 * One task of a generated pipeline.
 *
 * @param taskId           unique in the run: the pipeline id, a slash and the template task name
 * @param taskType         normalised task type, for example {@code train} or {@code bias_check}
 * @param dependsOnIndexes positions in {@link GeneratedPipeline#tasks()} of the tasks that must finish first
 * @param request          resources the task is allocated while it runs
 * @param durationSeconds  compute time, or NaN to draw it from the engine's duration model when the task
 *                         starts computing; NaN unless the generator's {@link TaskSampler} sets it
 * @param taskClass        the calibrated task class the request and duration were drawn from, for example
 *                         {@code gpu-1}; null when the task was drawn from the profile's resource options alone
 */
public record GeneratedTask(String taskId, String taskType, List<Integer> dependsOnIndexes,
                            WorkloadProfile.ResourceOption request, double durationSeconds, String taskClass) {

    /** Creates a task without a task class. */
    public GeneratedTask(String taskId, String taskType, List<Integer> dependsOnIndexes,
                         WorkloadProfile.ResourceOption request, double durationSeconds) {
        this(taskId, taskType, dependsOnIndexes, request, durationSeconds, null);
    }
}

package io.pipetwin.core.workload;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Draws the resource request, and optionally the compute time, of one generated task. The default
 * ({@link #ofResourceOptions}) draws from the profile's {@code taskResources} and leaves the duration to
 * the engine's duration model. A calibrated profile supplies one that draws class, request and duration
 * together from the fitted per-class model.
 */
public interface TaskSampler {

    /**
     * Draws one task of {@code taskType}.
     *
     * @throws IllegalArgumentException when the sampler has nothing to draw for {@code taskType}
     */
    SampledTask sample(String taskType, RandomGenerator random);

    /**
     * The drawn attributes of a task.
     *
     * @param request         resources allocated to the task while it runs
     * @param durationSeconds compute time, or NaN for the engine's duration model to draw it
     * @param taskClass       name of the class the draw came from, or null
     */
    record SampledTask(WorkloadProfile.ResourceOption request, double durationSeconds, String taskClass) {
    }

    /** Returns the sampler that draws a request from the profile's options of the task's type, with no duration. */
    static TaskSampler ofResourceOptions(WorkloadProfile profile) {
        Map<String, WeightedChoice<WorkloadProfile.ResourceOption>> choices = new java.util.HashMap<>();
        for (Map.Entry<String, List<WorkloadProfile.ResourceOption>> entry : profile.taskResources().entrySet()) {
            choices.put(entry.getKey(), new WeightedChoice<>(entry.getValue(),
                    entry.getValue().stream().map(WorkloadProfile.ResourceOption::weight).toList()));
        }
        return (taskType, random) -> {
            WeightedChoice<WorkloadProfile.ResourceOption> choice = choices.get(taskType);
            if (choice == null) {
                throw new IllegalArgumentException("profile " + profile.name() + " has no resource options for task"
                        + " type " + taskType + "; add it to taskResources");
            }
            return new SampledTask(choice.draw(random), Double.NaN, null);
        };
    }
}

package io.pipetwin.core.experiment;

import java.util.ArrayList;
import java.util.List;

import io.pipetwin.core.pipeline.PipelineDag;
import io.pipetwin.core.pipeline.PipelineSpec;
import io.pipetwin.core.pipeline.TaskSpec;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.pipeline.Trigger;
import io.pipetwin.core.platform.ResourceRequest;
import io.pipetwin.core.workload.GeneratedPipeline;
import io.pipetwin.core.workload.GeneratedTask;
import io.pipetwin.core.workload.WorkloadProfile;

/** Converts generated pipelines into the engine's pipeline specs. */
final class PipelineSpecs {

    private static final double BYTES_PER_GIB = 1024.0 * 1024 * 1024;

    private PipelineSpecs() {
    }

    /**
     * Builds the spec of a generated pipeline. Preprocess and train tasks read the whole dataset from
     * storage, and the other tasks read nothing.
     */
    static PipelineSpec toSpec(GeneratedPipeline pipeline) {
        double datasetBytes = pipeline.datasetSizeGib() * BYTES_PER_GIB;
        List<TaskSpec> tasks = new ArrayList<>(pipeline.tasks().size());
        for (GeneratedTask task : pipeline.tasks()) {
            TaskType type = TaskType.parse(task.taskType());
            WorkloadProfile.ResourceOption option = task.request();
            ResourceRequest request = new ResourceRequest(option.cpuMilli(), option.memoryMib(), option.gpuCount(),
                    option.gpuMilli(), option.gpuModel());
            double inputBytes = type == TaskType.PREPROCESS || type == TaskType.TRAIN ? datasetBytes : 0.0;
            int[] predecessors = task.dependsOnIndexes().stream().mapToInt(Integer::intValue).toArray();
            String name = task.taskId().substring(task.taskId().indexOf('/') + 1);
            tasks.add(new TaskSpec(name, type, request, 1, inputBytes, predecessors));
        }
        return new PipelineSpec(pipeline.pipelineId(), pipeline.tenant(), pipeline.modelId(), pipeline.framework(),
                datasetBytes, trigger(pipeline), pipeline.priority(), new PipelineDag(tasks));
    }

    /** Returns the preset compute time of each task (NaN where the duration model draws it), or null if none is set. */
    static double[] durationsSeconds(GeneratedPipeline pipeline) {
        double[] durations = new double[pipeline.tasks().size()];
        boolean anySet = false;
        for (int i = 0; i < durations.length; i++) {
            durations[i] = pipeline.tasks().get(i).durationSeconds();
            anySet |= !Double.isNaN(durations[i]);
        }
        return anySet ? durations : null;
    }

    static Trigger trigger(GeneratedPipeline pipeline) {
        if (pipeline.trigger() == null) {
            return Trigger.MANUAL;
        }
        return switch (pipeline.trigger()) {
            case SCHEDULED -> Trigger.SCHEDULED;
            case METRIC_TRIGGERED -> Trigger.METRIC_TRIGGERED;
        };
    }
}

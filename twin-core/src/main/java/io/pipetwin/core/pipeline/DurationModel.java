package io.pipetwin.core.pipeline;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.platform.ResourceKind;

/** Execution-time model: compute time of a task, excluding queueing and input transfer. */
public interface DurationModel {

    /**
     * Draws a compute time in seconds.
     *
     * @param resource {@link ResourceKind#GPU} when the task runs on GPUs, {@link ResourceKind#CPU} otherwise
     */
    double sampleSeconds(TaskType type, String framework, double datasetSizeBytes, ResourceKind resource,
                         RandomStream random);

    /** Returns the mean compute time in seconds, used to order waiting tasks by expected length. */
    double expectedSeconds(TaskType type, String framework, double datasetSizeBytes, ResourceKind resource);
}

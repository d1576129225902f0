package io.pipetwin.core.scheduling;

import io.pipetwin.core.pipeline.Pipeline;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.platform.Node;

/**
 * Observer of a {@link PlatformSimulation}: metrics, traces and forecasts hook in here. Every method is
 * called at the simulation time of the change, which {@code simulation.now()} returns; all default to
 * doing nothing.
 */
public interface SimulationListener {

    /** Called when a pipeline arrived; its root tasks are submitted right after. */
    default void onPipelineArrived(Pipeline pipeline) {
    }

    /** Called when a task is about to join its queue; the queue does not contain it yet. */
    default void onTaskSubmitted(Task task) {
    }

    /** Called when a task got its resources; its input transfer, if any, starts now. */
    default void onTaskStarted(Task task) {
    }

    /** Called when a task finished its input transfer and starts computing. */
    default void onTaskComputing(Task task) {
    }

    /** Called when a task finished and released its resources. */
    default void onTaskFinished(Task task) {
    }

    /** Called when a task failed with its node; under {@link FailurePolicy#REQUEUE} it is resubmitted right after. */
    default void onTaskInterrupted(Task task, Node failedNode) {
    }

    /** Called when a task lost its resources to a higher-priority task and went back to its queue. */
    default void onTaskPreempted(Task task) {
    }

    /** Called when the last task of a pipeline finished. */
    default void onPipelineCompleted(Pipeline pipeline) {
    }

    /** Called when a pipeline failed because one of its tasks failed. */
    default void onPipelineFailed(Pipeline pipeline) {
    }

    /** Called when a node failed. */
    default void onNodeFailed(Node node) {
    }

    /** Called when a node was added. */
    default void onNodeAdded(Node node) {
    }
}

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

    /** A pipeline arrived; its root tasks are submitted right after. */
    default void onPipelineArrived(Pipeline pipeline) {
    }

    /** A task is about to join its queue; the queue does not contain it yet. */
    default void onTaskSubmitted(Task task) {
    }

    /** A task got its resources; its input transfer, if any, starts now. */
    default void onTaskStarted(Task task) {
    }

    /** A task finished its input transfer and starts computing. */
    default void onTaskComputing(Task task) {
    }

    /** A task finished and released its resources. */
    default void onTaskFinished(Task task) {
    }

    /** A task failed with its node; under {@link FailurePolicy#REQUEUE} it is resubmitted right after. */
    default void onTaskInterrupted(Task task, Node failedNode) {
    }

    /** A task lost its resources to a higher-priority task and went back to its queue. */
    default void onTaskPreempted(Task task) {
    }

    /** A pipeline's last task finished. */
    default void onPipelineCompleted(Pipeline pipeline) {
    }

    /** A pipeline failed because one of its tasks failed. */
    default void onPipelineFailed(Pipeline pipeline) {
    }

    /** A node failed. */
    default void onNodeFailed(Node node) {
    }

    /** A node was added. */
    default void onNodeAdded(Node node) {
    }
}

package io.pipetwin.core.scheduling;

import io.pipetwin.core.pipeline.Task;

/** Receiver of the scheduler's decisions, typically the simulation that runs the tasks. */
public interface StartListener {

    /** Called after {@code task} got its resources on {@link Task#nodes()}. */
    void onStarted(Task task);

    /** Called after {@code task} lost its resources to a higher-priority task and went back to its queue. */
    void onPreempted(Task task);
}

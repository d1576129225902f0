package io.pipetwin.core.scheduling;

import io.pipetwin.core.pipeline.Task;
import java.util.Comparator;

/**
 * Priority classes: higher {@link Task#priority()} first, submission order within a class. With
 * preemption, a task that cannot be placed may evict running tasks of strictly lower classes; the
 * evicted tasks go back to the queue and later restart from the beginning with the same compute time.
 */
public final class PriorityClasses extends SortedQueueing {

    private final boolean preemptive;

    public PriorityClasses(boolean preemptive) {
        super(Comparator.comparingInt(Task::priority).reversed());
        this.preemptive = preemptive;
    }

    @Override
    public boolean preemptive() {
        return preemptive;
    }

    @Override
    public boolean mayPreempt(Task waiting, Task running) {
        return preemptive && running.priority() < waiting.priority();
    }
}

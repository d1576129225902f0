package io.pipetwin.core.scheduling;

import io.pipetwin.core.pipeline.Task;

/**
 * Order of the waiting tasks of one queue. The scheduler keeps one instance per task pool and, on each
 * pass, tries the tasks in rank order 0, 1, 2, ... . Ranks are valid from {@link #prepare()} until the
 * queue next changes.
 */
public interface QueueingPolicy {

    /** Adds a submitted task. */
    void add(Task task);

    /** Returns the number of waiting tasks. */
    int size();

    /** Returns the task at {@code rank}, 0 being the first to try. */
    Task get(int rank);

    /** Removes the task at {@code rank}; the ranks of the tasks after it drop by one. */
    void removeAt(int rank);

    /** Removes {@code task} if it waits here and returns whether it did. */
    boolean remove(Task task);

    /** Brings the ranks up to date before a pass; a no-op for orders fixed at insertion. */
    default void prepare() {
    }

    /** Returns whether {@link #add} always puts the task at the last rank, with no {@link #prepare()} needed. */
    default boolean addsAtLastRank() {
        return false;
    }

    /** Returns whether starting a task can change the order of the others, so the pass must prepare again. */
    default boolean reordersOnStart() {
        return false;
    }

    /** Called when a task of this queue starts. */
    default void onStart(Task task) {
    }

    /** Called when a task of this queue releases its resources. */
    default void onRelease(Task task) {
    }

    /** Returns whether {@code waiting} may evict {@code running} when it cannot be placed otherwise. */
    default boolean mayPreempt(Task waiting, Task running) {
        return false;
    }

    /** Returns whether the order reads {@link Task#expectedDurationSeconds()}, which then must be set on submission. */
    default boolean usesExpectedDuration() {
        return false;
    }

    /** Returns whether this policy ever preempts; lets the scheduler skip the victim search. */
    default boolean preemptive() {
        return false;
    }
}

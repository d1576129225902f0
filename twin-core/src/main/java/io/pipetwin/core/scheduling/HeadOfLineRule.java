package io.pipetwin.core.scheduling;

/** Rule for a scheduling pass that meets a task it cannot place. */
public enum HeadOfLineRule {
    /** Stop the pass for this queue: later tasks wait behind the blocked one, so none overtakes it. */
    STRICT,
    /**
     * Skip the blocked task and try the later ones (greedy backfill without reservations): keeps
     * resources busy, but a large task can wait indefinitely while small ones keep overtaking it.
     */
    BACKFILL
}

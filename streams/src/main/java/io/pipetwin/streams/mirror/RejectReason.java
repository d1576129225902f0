package io.pipetwin.streams.mirror;

/**
 * Why the mirror did not apply an event. Each reason is counted per platform; the name in lower
 * case with dashes (for example {@code unknown-task}) is the reason code for logs and the dead-letter
 * topic.
 */
public enum RejectReason {
    /** The event id was already applied within the deduplication window. */
    DUPLICATE_EVENT,
    /** The record key and the event's platform id differ, or the platform id contains the key separator. */
    INVALID_PLATFORM_ID,
    /** The payload is of a type this version of the twin does not handle. */
    UNKNOWN_PAYLOAD,
    /** A task event names a task no submitted pipeline contains. */
    UNKNOWN_TASK,
    /** A node event or a task start names a node that is not in service. */
    UNKNOWN_NODE,
    /** A submitted pipeline repeats a task id the mirror already knows. */
    DUPLICATE_TASK,
    /** A node was added with an id already in service. */
    DUPLICATE_NODE,
    /** A task was queued while it was already queued or running. */
    TASK_ALREADY_QUEUED,
    /** A task was started while it was already running. */
    TASK_ALREADY_STARTED,
    /** A task finished with status SUCCEEDED before it started. */
    FINISH_BEFORE_START;

    /** Returns the reason code, for example {@code finish-before-start}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

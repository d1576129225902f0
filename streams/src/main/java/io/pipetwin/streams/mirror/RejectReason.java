package io.pipetwin.streams.mirror;

/**
 * Why the twin did not apply a record. Each reason is counted per platform when the record names
 * one, and per instance in the dead-letter counts; the name in lower case with dashes (for example
 * {@code unknown-task}) is the reason code for logs and the dead-letter topic. Published codes must
 * not change, because consumers of the dead-letter headers match on them. Every reason but
 * {@link #DUPLICATE_EVENT} sends the record to the dead-letter topic.
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
    /** A task finished before it started; a task that leaves the queue unstarted sends TaskCancelled. */
    FINISH_BEFORE_START,
    /** A running task was cancelled; a running task ends with TaskFinished. */
    CANCEL_AFTER_START,
    /** A task event names a known task but another pipeline than the one that submitted it. */
    UNKNOWN_PIPELINE,
    /** The event time is more than the allowed lateness behind the latest event time of its platform. */
    TOO_LATE,
    /** A node capacity or a task request is negative or above the bounds of {@link ResourceBounds}. */
    INVALID_RESOURCES,
    /** The record value is not in the Confluent wire format (empty, shorter than 5 bytes, or magic byte not 0). */
    NOT_WIRE_FORMAT,
    /** The schema id in the record's wire-format header is not in the schema registry. */
    UNKNOWN_SCHEMA_ID,
    /** The Avro body does not decode with its writer schema into a platform event. */
    UNDECODABLE,
    /** The record has no value (a tombstone) or the value decoded to no event. */
    MISSING_VALUE;

    /** Returns true for every reason but {@link #DUPLICATE_EVENT}: such records go to the dead-letter topic. */
    public boolean deadLettered() {
        return this != DUPLICATE_EVENT;
    }

    /** Returns the reason code, for example {@code finish-before-start}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

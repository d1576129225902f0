package io.pipetwin.streams.deadletter;

/**
 * Names of the headers the twin adds to every record it writes to the dead-letter topic
 * {@code pipetwin.platform-events.dlq}. The record keeps the original key bytes, value bytes and
 * headers; these headers come after the original ones. All values are UTF-8 strings.
 */
public final class DeadLetterHeaders {

    /** Reason code, a {@link io.pipetwin.streams.mirror.RejectReason#code()}, for example {@code unknown-node}. */
    public static final String REASON = "pipetwin.dlq.reason";
    /** Human-readable detail naming the ids involved, at most {@link #MAX_DETAIL_CHARS} characters. */
    public static final String DETAIL = "pipetwin.dlq.detail";
    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "pipetwin.dlq.source-topic";
    /** Partition the record was read from, decimal. */
    public static final String SOURCE_PARTITION = "pipetwin.dlq.source-partition";
    /** Offset of the record in its source partition, decimal. */
    public static final String SOURCE_OFFSET = "pipetwin.dlq.source-offset";
    /** Wall-clock time the twin dead-lettered the record, ISO-8601 in UTC. */
    public static final String TIME = "pipetwin.dlq.time";
    /** Kafka Streams application id of the twin that dead-lettered the record. */
    public static final String APPLICATION_ID = "pipetwin.dlq.application-id";
    /** Event id of the decoded event; absent when the value did not decode. */
    public static final String EVENT_ID = "pipetwin.dlq.event-id";

    /** Longer details are cut to this length. */
    public static final int MAX_DETAIL_CHARS = 1_000;

    private DeadLetterHeaders() {
    }
}

package io.pipetwin.streams.deadletter;

import io.pipetwin.streams.mirror.RejectReason;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** Builds the dead-letter record of a record the twin could not use. */
public final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    /**
     * Returns a record with the original key, value, timestamp and headers, followed by the
     * {@link DeadLetterHeaders}.
     *
     * @param original      the record as read, with its key and value bytes
     * @param source        topic, partition and offset of the original; empty when unknown (punctuation)
     * @param eventId       the decoded event's id, or null when the value did not decode
     * @param nowMillis     wall-clock time, epoch millis
     */
    public static Record<byte[], byte[]> of(Record<byte[], byte[]> original, Optional<RecordMetadata> source,
                                             RejectReason reason, String detail, String eventId,
                                             String applicationId, long nowMillis) {
        Headers headers = new RecordHeaders(original.headers().toArray());
        add(headers, DeadLetterHeaders.REASON, reason.code());
        String text = detail == null ? "" : detail;
        if (text.length() > DeadLetterHeaders.MAX_DETAIL_CHARS) {
            text = text.substring(0, DeadLetterHeaders.MAX_DETAIL_CHARS);
        }
        add(headers, DeadLetterHeaders.DETAIL, text);
        source.ifPresent(metadata -> {
            add(headers, DeadLetterHeaders.SOURCE_TOPIC, metadata.topic());
            add(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(metadata.partition()));
            add(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(metadata.offset()));
        });
        add(headers, DeadLetterHeaders.TIME, Instant.ofEpochMilli(nowMillis).toString());
        add(headers, DeadLetterHeaders.APPLICATION_ID, applicationId);
        if (eventId != null) {
            add(headers, DeadLetterHeaders.EVENT_ID, eventId);
        }
        return new Record<>(original.key(), original.value(), original.timestamp(), headers);
    }

    /** Returns the last value of a header as a string, or null when absent. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package io.pipetwin.streams.topology;

import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.streams.mirror.RejectReason;

/**
 * Receives every event the mirror rejected, after the rejection was counted. The default logs them
 * rate-limited; a dead-letter publisher implements this to forward the event with its reason code.
 */
@FunctionalInterface
public interface RejectedEventHandler {

    /**
     * @param platformId the record key
     * @param event      the decoded event
     * @param reason     why it was rejected; {@link RejectReason#code()} is the reason code
     * @param detail     the ids involved
     */
    void rejected(String platformId, PlatformEvent event, RejectReason reason, String detail);

    /**
     * Receives every record whose value could not be decoded into an event, after it was counted.
     * Does nothing by default.
     *
     * @param key    the record key as UTF-8, or null
     * @param reason {@link RejectReason#NOT_WIRE_FORMAT}, {@link RejectReason#UNKNOWN_SCHEMA_ID},
     *               {@link RejectReason#UNKNOWN_PAYLOAD}, {@link RejectReason#UNDECODABLE} or
     *               {@link RejectReason#MISSING_VALUE}
     * @param detail the decoder's message
     */
    default void undecodable(String key, RejectReason reason, String detail) {
    }
}

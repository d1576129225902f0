package io.pipetwin.streams.topology;

import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.streams.mirror.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;

/**
 * Logs rejected events at WARN, at most one line per reason per interval. The next line for that reason
 * counts the rejections that were not logged in between.
 */
public final class RateLimitedRejectionLog implements RejectedEventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitedRejectionLog.class);

    private final long intervalMillis;
    private final Map<RejectReason, Long> lastLoggedMillis = new EnumMap<>(RejectReason.class);
    private final Map<RejectReason, Long> suppressed = new EnumMap<>(RejectReason.class);

    /** Logs at most one line per reason per {@code intervalMillis} of wall time. */
    public RateLimitedRejectionLog(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    @Override
    public synchronized void undecodable(String key, RejectReason reason, String detail) {
        long skipped = admit(reason);
        if (skipped < 0) {
            return;
        }
        LOG.warn("Dead-lettered an undecodable record of key {}: {} ({}); {} more {} records since the last line for"
                + " this reason", key, reason.code(), detail, skipped, reason.code());
    }

    /** Returns the number of suppressed lines to report, or -1 when this line is suppressed. */
    private long admit(RejectReason reason) {
        long now = System.currentTimeMillis();
        Long last = lastLoggedMillis.get(reason);
        if (last != null && now - last < intervalMillis) {
            suppressed.merge(reason, 1L, Long::sum);
            return -1;
        }
        long skipped = suppressed.getOrDefault(reason, 0L);
        suppressed.remove(reason);
        lastLoggedMillis.put(reason, now);
        return skipped;
    }

    @Override
    public synchronized void rejected(String platformId, PlatformEvent event, RejectReason reason, String detail) {
        long skipped = admit(reason);
        if (skipped < 0) {
            return;
        }
        LOG.warn("Rejected event {} of platform {} at event time {}: {} ({}); {} more {} rejections since the last"
                        + " line for this reason",
                event.getEventId(), platformId, event.getEventTime(), reason.code(), detail, skipped, reason.code());
    }
}

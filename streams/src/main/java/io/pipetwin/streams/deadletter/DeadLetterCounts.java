package io.pipetwin.streams.deadletter;

import io.pipetwin.streams.mirror.RejectReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records handled without being applied, per reason, since this twin instance started: dead-lettered
 * records and dropped duplicates. Thread-safe; stream threads add, metrics readers read. Under
 * exactly-once a record whose transaction aborted is processed again, so after an abort these
 * in-memory counts can exceed the committed dead-letter records; the per-platform counts in the
 * mirror's summary store are transactional.
 */
public final class DeadLetterCounts {

    private static final RejectReason[] REASONS = RejectReason.values();

    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

    /** Adds one record for a reason. */
    public void increment(RejectReason reason) {
        counts.incrementAndGet(reason.ordinal());
    }

    /** Returns the count for one reason. */
    public long count(RejectReason reason) {
        return counts.get(reason.ordinal());
    }

    /** Returns the counts of the reasons that happened at least once. */
    public Map<RejectReason, Long> snapshot() {
        Map<RejectReason, Long> result = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : REASONS) {
            long count = counts.get(reason.ordinal());
            if (count > 0) {
                result.put(reason, count);
            }
        }
        return result;
    }

    /** Returns the number of records dead-lettered, that is every reason but duplicates. */
    public long deadLettered() {
        long total = 0;
        for (RejectReason reason : REASONS) {
            if (reason.deadLettered()) {
                total += counts.get(reason.ordinal());
            }
        }
        return total;
    }
}

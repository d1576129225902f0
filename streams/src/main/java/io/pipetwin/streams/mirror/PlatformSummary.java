package io.pipetwin.streams.mirror;

import java.util.EnumMap;
import java.util.Map;

/**
 * Small per-platform record: event-time progress, the forecast cadence position, sequence counters,
 * running totals and the event ids of the open {@link EventIdChunk}. Every event changes it and the twin
 * writes it at every commit, so it contains no per-node or per-task data, and at most
 * {@link EventIdChunk#CAPACITY} event ids.
 */
public final class PlatformSummary {

    private final String platformId;
    long latestEventTimeMillis = -1;
    long nextBoundaryMillis = -1;
    long nextQueueSequence;
    int nodesInService;
    int tasksWaiting;
    int tasksRunning;
    int tasksSubmittedOnly;
    final EnumMap<MirrorCounter, Long> totals = new EnumMap<>(MirrorCounter.class);
    final EnumMap<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    /** Sequence number of the next applied event id; the ids of one platform are numbered from 0. */
    long nextEventIdSequence;
    /** Sequence number of the oldest event id still remembered; the ids below it left the deduplication window. */
    long firstRetainedEventIdSequence;
    /** The latest ids, from the last multiple of the chunk capacity up to {@link #nextEventIdSequence}. */
    EventIdChunk openEventIds = new EventIdChunk();
    /** The platform id in the store encoding, computed once because the summary is encoded at every commit. */
    private byte[] encodedPlatformId;

    public PlatformSummary(String platformId) {
        this.platformId = platformId;
    }

    void increment(MirrorCounter counter) {
        add(counter, 1);
    }

    void add(MirrorCounter counter, long delta) {
        if (delta != 0) {
            totals.merge(counter, delta, Long::sum);
        }
    }

    void reject(RejectReason reason) {
        rejected.merge(reason, 1L, Long::sum);
        increment(MirrorCounter.EVENTS_REJECTED);
    }

    public String platformId() {
        return platformId;
    }

    byte[] encodedPlatformId() {
        if (encodedPlatformId == null) {
            encodedPlatformId = StateCodec.encodeText(platformId);
        }
        return encodedPlatformId;
    }

    public long latestEventTimeMillis() {
        return latestEventTimeMillis;
    }

    public long nextBoundaryMillis() {
        return nextBoundaryMillis;
    }

    /** Sets the event time of the next forecast cadence boundary. */
    public void nextBoundaryMillis(long boundaryMillis) {
        this.nextBoundaryMillis = boundaryMillis;
    }

    /** Adds to a running total kept for a caller outside the mirror, such as the forecast cadence. */
    public void count(MirrorCounter counter, long delta) {
        add(counter, delta);
    }

    public long count(MirrorCounter counter) {
        return totals.getOrDefault(counter, 0L);
    }

    public MirrorCounters toCounters() {
        return new MirrorCounters(platformId, latestEventTimeMillis, nextBoundaryMillis, totals, rejected,
                nodesInService, tasksWaiting, tasksRunning, tasksSubmittedOnly);
    }

    Map<MirrorCounter, Long> totals() {
        return totals;
    }
}

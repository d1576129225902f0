package io.pipetwin.streams.mirror;

import java.util.Map;

/**
 * Counters and sizes of one platform's mirror at one moment, as the twin stores them after each event.
 *
 * @param latestEventTimeMillis latest event time applied, epoch millis; -1 before the first event
 * @param nextBoundaryMillis    event time of the next forecast cadence boundary; -1 before the first event
 * @param totals                running totals; a counter that never moved is absent
 * @param rejected              rejected events per reason; a reason that never happened is absent
 * @param nodesInService        nodes currently mirrored
 * @param tasksWaiting          tasks currently in the queue
 * @param tasksRunning          tasks currently holding resources
 * @param tasksSubmittedOnly    tasks of submitted pipelines not yet queued or started
 */
public record MirrorCounters(String platformId, long latestEventTimeMillis, long nextBoundaryMillis,
                             Map<MirrorCounter, Long> totals, Map<RejectReason, Long> rejected,
                             int nodesInService, int tasksWaiting, int tasksRunning, int tasksSubmittedOnly) {

    public MirrorCounters {
        totals = Map.copyOf(totals);
        rejected = Map.copyOf(rejected);
    }

    /** Returns a running total, 0 when it never moved. */
    public long count(MirrorCounter counter) {
        return totals.getOrDefault(counter, 0L);
    }

    /** Returns the number of events rejected for a reason, 0 when it never happened. */
    public long rejectedCount(RejectReason reason) {
        return rejected.getOrDefault(reason, 0L);
    }
}

package io.pipetwin.ingest.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Outcome of a finished replay.
 *
 * @param platformId         platform id of the events
 * @param eventsSent         events acknowledged by the broker
 * @param eventsByType       generated events per type (all acknowledged when the replay succeeds)
 * @param invalidRowsSkipped trace rows (pods and nodes) skipped as invalid
 * @param fallbackPlacements task starts that found no node with enough free capacity
 * @param firstEventTime     event time of the first event, or {@code null} when none was sent
 * @param lastEventTime      event time of the last event, or {@code null} when none was sent
 * @param stoppedAtMaxEvents whether the replay stopped at the configured maximum number of events
 * @param wallTime           wall-clock time from the first send to the last acknowledgement
 * @param eventsResumedAfter events an earlier run had delivered, skipped by this resumed run; 0 otherwise
 */
public record ReplaySummary(
        String platformId,
        long eventsSent,
        Map<TraceEventGenerator.EventType, Long> eventsByType,
        long invalidRowsSkipped,
        long fallbackPlacements,
        Instant firstEventTime,
        Instant lastEventTime,
        boolean stoppedAtMaxEvents,
        Duration wallTime,
        long eventsResumedAfter) {

    /** Returns acknowledged events per wall-clock second. */
    public double eventsPerSecond() {
        double seconds = wallTime.toNanos() / 1e9;
        return seconds > 0 ? eventsSent / seconds : 0;
    }

    /** Returns a multi-line report for people. */
    public String format() {
        StringBuilder text = new StringBuilder();
        text.append("Replay of platform ").append(platformId).append(stoppedAtMaxEvents ? " (stopped at max events)" : "")
                .append('\n');
        if (eventsResumedAfter > 0) {
            text.append(String.format("  resumed after:        %,d events delivered earlier%n", eventsResumedAfter));
        }
        text.append(String.format("  events sent:          %,d in %.1f s (%,.0f events/s)%n",
                eventsSent, wallTime.toNanos() / 1e9, eventsPerSecond()));
        eventsByType.forEach((type, count) -> text.append(String.format("    %-20s %,d%n", type, count)));
        text.append(String.format("  invalid rows skipped: %,d%n", invalidRowsSkipped));
        text.append(String.format("  fallback placements:  %,d%n", fallbackPlacements));
        text.append("  event time:           ").append(firstEventTime).append(" .. ").append(lastEventTime);
        return text.toString();
    }
}

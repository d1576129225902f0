package io.pipetwin.streams.mirror;

import java.time.Duration;

/**
 * Bounds on the per-platform state that is not mirrored one to one from the platform.
 *
 * @param durationWindowSize      finished-task durations kept per task class
 * @param arrivalWindowSize       recent pipeline arrivals kept per platform
 * @param arrivalRateWindow       event-time span over which the arrival rate is estimated
 * @param deduplicationWindow     event-time span within which a repeated event id is rejected
 * @param maxRememberedEventIds   event ids kept per platform at most, whatever their age
 * @param allowedLateness         event-time span an event may lie behind the latest event time of its
 *                                platform; an older event is rejected as {@link RejectReason#TOO_LATE}
 * @param submittedTaskRetention  event-time span for which a pipeline must be idle (no task of it waiting or
 *                                running, none ended within the span) before its tasks that were submitted
 *                                more than the span ago but never queued or started are evicted. Such a
 *                                pipeline ended without a cancel event for them
 */
public record MirrorLimits(int durationWindowSize, int arrivalWindowSize, Duration arrivalRateWindow,
                           Duration deduplicationWindow, int maxRememberedEventIds, Duration allowedLateness,
                           Duration submittedTaskRetention) {

    public MirrorLimits {
        if (allowedLateness == null || allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness " + allowedLateness
                    + " is invalid; use zero or a positive duration, for example PT10M");
        }
        if (submittedTaskRetention == null || submittedTaskRetention.isNegative() || submittedTaskRetention.isZero()) {
            throw new IllegalArgumentException("submitted task retention " + submittedTaskRetention
                    + " is invalid; use a positive duration, for example PT24H");
        }
    }

    /**
     * 256 durations per class, 256 pipeline arrivals over 1 hour, event ids for 1 hour and at most 100,000,
     * 10 minutes of allowed lateness, never-started tasks kept for 24 hours.
     */
    public static MirrorLimits defaults() {
        return new MirrorLimits(256, 256, Duration.ofHours(1), Duration.ofHours(1), 100_000,
                Duration.ofMinutes(10), Duration.ofHours(24));
    }

    public MirrorLimits withAllowedLateness(Duration lateness) {
        return new MirrorLimits(durationWindowSize, arrivalWindowSize, arrivalRateWindow, deduplicationWindow,
                maxRememberedEventIds, lateness, submittedTaskRetention);
    }

    public MirrorLimits withSubmittedTaskRetention(Duration retention) {
        return new MirrorLimits(durationWindowSize, arrivalWindowSize, arrivalRateWindow, deduplicationWindow,
                maxRememberedEventIds, allowedLateness, retention);
    }

    public MirrorLimits withDeduplicationWindow(Duration window, int maxIds) {
        return new MirrorLimits(durationWindowSize, arrivalWindowSize, arrivalRateWindow, window, maxIds,
                allowedLateness, submittedTaskRetention);
    }
}

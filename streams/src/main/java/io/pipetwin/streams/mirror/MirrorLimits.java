package io.pipetwin.streams.mirror;

import java.time.Duration;

/**
 * Bounds on the per-platform state that is not mirrored one to one from the platform.
 *
 * @param durationWindowSize      finished-task durations kept per task class
 * @param arrivalWindowSize       recent arrivals kept per platform
 * @param arrivalRateWindow       event-time span over which the arrival rate is estimated
 * @param deduplicationWindow     event-time span within which a repeated event id is rejected
 * @param maxRememberedEventIds   event ids kept per platform at most, whatever their age
 */
public record MirrorLimits(int durationWindowSize, int arrivalWindowSize, Duration arrivalRateWindow,
                           Duration deduplicationWindow, int maxRememberedEventIds) {

    /** 256 durations per class, 256 arrivals over 1 hour, event ids for 1 hour and at most 100,000. */
    public static MirrorLimits defaults() {
        return new MirrorLimits(256, 256, Duration.ofHours(1), Duration.ofHours(1), 100_000);
    }
}

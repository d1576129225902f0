package io.pipetwin.streams.app;

import io.pipetwin.streams.mirror.RejectReason;

/**
 * Receives the twin's measurements from its stream threads, so a metrics library can record them
 * without the streams module depending on one. Implementations must be thread-safe and cheap: the
 * stream threads call them once per event and once per forecast.
 */
public interface TwinMetrics {

    /** Records nothing. */
    TwinMetrics NONE = new TwinMetrics() {
    };

    /** Called after an event was applied to the mirror of a platform. */
    default void eventApplied(String platformId) {
    }

    /** Called after the mirror rejected an event; {@link RejectReason#code()} is the reason code. */
    default void eventRejected(String platformId, RejectReason reason) {
    }

    /**
     * Called after a forecast was published.
     *
     * @param computeNanos time spent in the forecaster, in nanoseconds
     * @param latencyMillis wall-clock time from the Kafka timestamp of the event that crossed the cadence
     *                      boundary to the publication of the forecast, in milliseconds
     */
    default void forecastPublished(String platformId, long computeNanos, long latencyMillis) {
    }
}

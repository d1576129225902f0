package io.pipetwin.streams.forecast;

/**
 * Event-time cadence of one platform's forecasts.
 *
 * <p>Boundaries are the multiples of the interval since the epoch. The first event of a platform sets
 * the next boundary to the first multiple after its event time, so no forecast starts before any event.
 * An event whose time reaches or passes the next boundary crosses every boundary up to its own time;
 * the twin forecasts at those boundaries before it applies the event, so a forecast at boundary
 * {@code b} starts from the state after all events with time before {@code b}.
 *
 * <p>Gap rule: when one event crosses at most {@code maxCatchUpBoundaries} boundaries, each of them
 * gets a forecast. When it crosses more (a quiet spell longer than that many intervals), only the latest
 * crossed boundary gets a forecast and the others are counted as skipped, so days without events do not
 * cause a burst of identical forecasts.
 */
public final class ForecastCadence {

    /** Shared by every step that crosses no boundary, which is almost every event. */
    private static final long[] NO_BOUNDARIES = new long[0];

    private final long intervalMillis;
    private final int maxCatchUpBoundaries;

    public ForecastCadence(long intervalMillis, int maxCatchUpBoundaries) {
        if (intervalMillis <= 0 || maxCatchUpBoundaries < 1) {
            throw new IllegalArgumentException("cadence interval " + intervalMillis + " ms and catch-up "
                    + maxCatchUpBoundaries + " are invalid; use a positive interval and a catch-up of 1 or more");
        }
        this.intervalMillis = intervalMillis;
        this.maxCatchUpBoundaries = maxCatchUpBoundaries;
    }

    public ForecastCadence(ForecastSettings settings) {
        this(settings.interval().toMillis(), settings.maxCatchUpBoundaries());
    }

    /**
     * Effect of one event on the cadence.
     *
     * @param forecastBoundariesMillis boundaries to forecast at, ascending; empty when none was crossed
     * @param skippedBoundaries        crossed boundaries left without a forecast under the gap rule
     * @param nextBoundaryMillis       the next boundary after this event
     */
    public record Step(long[] forecastBoundariesMillis, long skippedBoundaries, long nextBoundaryMillis) {
    }

    /**
     * Advances the cadence to an event.
     *
     * @param nextBoundaryMillis the platform's next boundary, or -1 before its first event
     * @param eventTimeMillis    the event's time
     */
    public Step advance(long nextBoundaryMillis, long eventTimeMillis) {
        if (nextBoundaryMillis < 0) {
            return new Step(NO_BOUNDARIES, 0, firstBoundaryAfter(eventTimeMillis));
        }
        if (eventTimeMillis < nextBoundaryMillis) {
            return new Step(NO_BOUNDARIES, 0, nextBoundaryMillis);
        }
        long crossed = (eventTimeMillis - nextBoundaryMillis) / intervalMillis + 1;
        long latest = nextBoundaryMillis + (crossed - 1) * intervalMillis;
        long next = latest + intervalMillis;
        if (crossed > maxCatchUpBoundaries) {
            return new Step(new long[]{latest}, crossed - 1, next);
        }
        long[] boundaries = new long[(int) crossed];
        for (int i = 0; i < crossed; i++) {
            boundaries[i] = nextBoundaryMillis + i * intervalMillis;
        }
        return new Step(boundaries, 0, next);
    }

    /** Returns the first boundary strictly after {@code timeMillis}. */
    public long firstBoundaryAfter(long timeMillis) {
        return Math.floorDiv(timeMillis, intervalMillis) * intervalMillis + intervalMillis;
    }
}

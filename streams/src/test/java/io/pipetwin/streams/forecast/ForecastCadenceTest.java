package io.pipetwin.streams.forecast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ForecastCadenceTest {

    private static final long MINUTE = 60_000;
    private final ForecastCadence cadence = new ForecastCadence(5 * MINUTE, 3);

    @Test
    void firstEventSetsNextBoundary() {
        ForecastCadence.Step step = cadence.advance(-1, 7 * MINUTE);

        assertArrayEquals(new long[0], step.forecastBoundariesMillis());
        assertEquals(10 * MINUTE, step.nextBoundaryMillis());
    }

    @Test
    void eventAtBoundaryCrossesIt() {
        ForecastCadence.Step step = cadence.advance(10 * MINUTE, 10 * MINUTE);

        assertArrayEquals(new long[]{10 * MINUTE}, step.forecastBoundariesMillis());
        assertEquals(15 * MINUTE, step.nextBoundaryMillis());
    }

    @Test
    void eventBeforeBoundaryCrossesNothing() {
        ForecastCadence.Step step = cadence.advance(10 * MINUTE, 10 * MINUTE - 1);

        assertArrayEquals(new long[0], step.forecastBoundariesMillis());
        assertEquals(10 * MINUTE, step.nextBoundaryMillis());
    }

    @Test
    void shortGapForecastsEveryBoundary() {
        ForecastCadence.Step step = cadence.advance(10 * MINUTE, 21 * MINUTE);

        assertArrayEquals(new long[]{10 * MINUTE, 15 * MINUTE, 20 * MINUTE}, step.forecastBoundariesMillis());
        assertEquals(0, step.skippedBoundaries());
        assertEquals(25 * MINUTE, step.nextBoundaryMillis());
    }

    @Test
    void longGapForecastsLatestBoundaryOnly() {
        // Boundaries 10, 15, 20, 25 are crossed: more than the catch-up of 3.
        ForecastCadence.Step step = cadence.advance(10 * MINUTE, 29 * MINUTE);

        assertArrayEquals(new long[]{25 * MINUTE}, step.forecastBoundariesMillis());
        assertEquals(3, step.skippedBoundaries());
        assertEquals(30 * MINUTE, step.nextBoundaryMillis());
    }
}

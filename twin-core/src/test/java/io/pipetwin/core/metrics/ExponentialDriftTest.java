package io.pipetwin.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ExponentialDriftTest {

    private static final double DAY_SECONDS = 86_400.0;

    @Test
    void sampleMeanMatchesClosedForm() {
        // Half-life 10 days toward 0.6 from 0.9: after 10 days the gap 0.3 halves, mean = 0.6 + 0.15.
        ExponentialDrift drift = ExponentialDrift.withHalfLifeDays(10, 0.6, 0.02);
        double expectedMean = 0.6 + 0.3 * 0.5;
        SplittableRandom random = new SplittableRandom(7);

        int samples = 200_000;
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            sum += drift.sampleAt(0.9, 10 * DAY_SECONDS, random);
        }

        // Standard error 0.02 / sqrt(200000) = 4.5e-5; the mean is 16 sd from both clamp bounds.
        assertEquals(expectedMean, sum / samples, 5 * 0.02 / Math.sqrt(samples));
        assertEquals(expectedMean, drift.meanAt(0.9, 10 * DAY_SECONDS), 1e-12);
    }

    @Test
    void meanAfterTwoHalfLivesIsQuarterGap() {
        ExponentialDrift drift = ExponentialDrift.withHalfLifeDays(5, 0.5, 0.0);

        assertEquals(0.5 + 0.4 / 4, drift.meanAt(0.9, 10 * DAY_SECONDS), 1e-12);
    }

    @Test
    void integralMatchesClosedForm() {
        double rate = 1e-5;
        ExponentialDrift drift = new ExponentialDrift(rate, 0.5, 0.0);

        // Integral of 0.5 + 0.4 e^{-kt} over [0, T] is 0.5 T + 0.4 (1 - e^{-kT}) / k.
        double lengthSeconds = 200_000;
        double expected = 0.5 * lengthSeconds + 0.4 * (1 - Math.exp(-rate * lengthSeconds)) / rate;

        assertEquals(expected, drift.integralOfMean(0.9, 0, lengthSeconds), 1e-6);
    }

    @Test
    void crossingTimeSolvesMeanEqualsThreshold() {
        ExponentialDrift drift = ExponentialDrift.withHalfLifeDays(10, 0.6, 0.0);

        // 0.6 + 0.3 * 2^(-t/10d) = 0.75 at exactly one half-life.
        assertEquals(10 * DAY_SECONDS, drift.secondsUntilMeanBelow(0.9, 0.75), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, drift.secondsUntilMeanBelow(0.9, 0.55));
        assertEquals(0.0, drift.secondsUntilMeanBelow(0.7, 0.75));
    }
}

package io.pipetwin.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfidenceIntervalTest {

    @Test
    void fiveValuesMatchHandComputation() {
        // Values 1..5: mean 3, sample variance (4+1+0+1+4)/4 = 2.5, t(0.975, 4) = 2.7764 from a t table,
        // so the half-width is 2.7764 * sqrt(2.5) / sqrt(5) = 2.7764 * 0.70711 = 1.9632.
        ConfidenceInterval interval = ConfidenceInterval.of95(new double[] {1, 2, 3, 4, 5});

        assertEquals(5, interval.n());
        assertEquals(3.0, interval.mean(), 1e-12);
        assertEquals(Math.sqrt(2.5), interval.sd(), 1e-12);
        assertEquals(2.7764 * Math.sqrt(0.5), interval.halfWidth(), 1e-4);
    }

    @Test
    void twoValuesUseTwelvePointSeven() {
        // n = 2: t(0.975, 1) = 12.706; values 10 and 12 have sd sqrt(2), half-width 12.706 * sqrt(2) / sqrt(2).
        ConfidenceInterval interval = ConfidenceInterval.of95(new double[] {10, 12});

        assertEquals(11.0, interval.mean(), 1e-12);
        assertEquals(12.706, interval.halfWidth(), 1e-3);
    }

    @Test
    void singleValueHasNoInterval() {
        ConfidenceInterval interval = ConfidenceInterval.of95(new double[] {4, Double.NaN});

        assertEquals(1, interval.n());
        assertEquals(4.0, interval.mean());
        assertTrue(Double.isNaN(interval.halfWidth()));
    }
}

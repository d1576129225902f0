package io.pipetwin.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogHistogramTest {

    @Test
    void quantilesWithinOnePercentOfExact() {
        LogHistogram histogram = new LogHistogram();
        for (int value = 1; value <= 100_000; value++) {
            histogram.add(value);
        }

        // The exact p-quantile of 1..n is ceil(p n); bucket width 2 % bounds the error by about 1 %.
        for (double p : new double[] {0.1, 0.5, 0.9, 0.95, 0.99}) {
            double exact = Math.ceil(p * 100_000);
            assertEquals(exact, histogram.quantile(p), 0.011 * exact, "quantile " + p);
        }
    }

    @Test
    void zerosCountBelowMinimum() {
        LogHistogram histogram = new LogHistogram();
        for (int i = 0; i < 60; i++) {
            histogram.add(0.0);
        }
        for (int i = 0; i < 40; i++) {
            histogram.add(50.0);
        }

        assertEquals(0.0, histogram.quantile(0.6));
        assertEquals(50.0, histogram.quantile(0.61), 0.5);
    }
}

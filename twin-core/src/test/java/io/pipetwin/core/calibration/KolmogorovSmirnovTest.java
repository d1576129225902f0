package io.pipetwin.core.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

    @Test
    void twoSampleDistanceByHand() {
        // F_a steps at 1, 2, 3, 4 (quarters); F_b at 3, 4, 5, 6. At x = 2: F_a = 0.5, F_b = 0, the largest gap.
        double[] a = {1, 2, 3, 4};
        double[] b = {3, 4, 5, 6};
        assertEquals(0.5, KolmogorovSmirnov.twoSample(a, b), 1e-12);
    }

    @Test
    void tiesCountAfterAllEqualValues() {
        // Both CDFs are evaluated after every tie: at 0, F_a = 3/4 and F_b = 1/4.
        double[] a = {0, 0, 0, 1};
        double[] b = {0, 1, 1, 1};
        assertEquals(0.5, KolmogorovSmirnov.twoSample(a, b), 1e-12);
        assertEquals(0.0, KolmogorovSmirnov.twoSample(a, a.clone()), 1e-12);
    }

    @Test
    void emptySampleGivesNaN() {
        assertTrue(Double.isNaN(KolmogorovSmirnov.twoSample(new double[0], new double[] {1})));
    }

    @Test
    void oneSampleAgainstUniformCdf() {
        // Sample {0.1, 0.2}: the empirical CDF jumps to 1/2 at 0.1 and to 1 at 0.2; the gap 1 - 0.2 = 0.8.
        assertEquals(0.8, KolmogorovSmirnov.oneSample(new double[] {0.1, 0.2}, x -> x), 1e-12);
    }
}

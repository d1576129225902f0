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

    @Test
    void oneSampleWithAtomsComparesBothSidesOfTies() {
        // Model: an atom of 1/2 at 0, then uniform on [0, 1]. Sample {0, 0, 0.5, 1}: at 0 both CDFs are 0
        // before and 1/2 after; just below 0.5 and just below 1 the model is 3/4 and 1 against the
        // sample's 1/2 and 3/4, the largest gap 1/4. The continuous version takes the atom for a gap of 1/2.
        EmpiricalDistribution model = new EmpiricalDistribution(new double[] {0, 0, 1}, null, 0);
        double[] sample = {0, 0, 0.5, 1};

        assertEquals(0.25, KolmogorovSmirnov.oneSampleWithAtoms(sample, model::cdf), 1e-12);
        assertEquals(0.5, KolmogorovSmirnov.oneSample(sample, model::cdf), 1e-12);
    }
}

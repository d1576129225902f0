package io.pipetwin.core.calibration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class EmpiricalDistributionTest {

    /**
     * Body quantiles 0, 10, 10, 20 with share 0.8: a third of the body on each of [0, 10], the atom 10 and
     * [10, 20]. Tail values 100 and 200 with share 0.2: atoms of 0.1 each.
     */
    private static final EmpiricalDistribution DISTRIBUTION = new EmpiricalDistribution(new double[] {0, 10, 10, 20},
            new double[] {100, 200}, 0.2);

    @Test
    void cdfByHand() {
        assertAll(
                () -> assertEquals(0.0, DISTRIBUTION.cdf(-1), 1e-12),
                () -> assertEquals(0.8 / 6, DISTRIBUTION.cdf(5), 1e-12),
                () -> assertEquals(0.8 / 3, DISTRIBUTION.cdf(Math.nextDown(10.0)), 1e-12),
                () -> assertEquals(0.8 * 2 / 3, DISTRIBUTION.cdf(10), 1e-12),
                () -> assertEquals(0.8, DISTRIBUTION.cdf(20), 1e-12),
                () -> assertEquals(0.9, DISTRIBUTION.cdf(199), 1e-12),
                () -> assertEquals(1.0, DISTRIBUTION.cdf(200), 1e-12));
    }

    @Test
    void meanByHand() {
        // Body mean (5 + 10 + 15) / 3 = 10, tail mean 150: 0.8 * 10 + 0.2 * 150 = 38.
        assertEquals(38.0, DISTRIBUTION.mean(), 1e-12);
    }

    @Test
    void cdfInvertsInverse() {
        for (double p = 0.01; p < 1; p += 0.01) {
            double x = DISTRIBUTION.inverse(p);
            assertTrue(DISTRIBUTION.cdf(x) >= p - 1e-12, "cdf(inverse(" + p + ")) = " + DISTRIBUTION.cdf(x));
            assertTrue(DISTRIBUTION.cdf(Math.nextDown(x)) <= p + 1e-12, "cdf just below inverse(" + p + ")");
        }
    }

    @Test
    void sampleMeanApproachesMean() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 400_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double value = DISTRIBUTION.sample(random);
            sum += value;
            sumSquares += value * value;
        }
        double mean = sum / n;
        double standardError = Math.sqrt((sumSquares / n - mean * mean) / n);
        assertEquals(DISTRIBUTION.mean(), mean, 4 * standardError);
    }
}

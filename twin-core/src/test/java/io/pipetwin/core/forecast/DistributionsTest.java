package io.pipetwin.core.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.engine.RandomStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DistributionsTest {

    private static final double[] ONE_TO_NINE = {9, 1, 8, 2, 7, 3, 6, 4, 5};

    @Test
    void quantileInterpolatesBetweenRanks() {
        double[] quantiles = Distributions.quantiles(ONE_TO_NINE, new double[] {0.25, 0.5, 0.75, 0.85});

        // Position p·(n + 1) with n = 9: 2.5, 5, 7.5 and 8.5.
        assertEquals(2.5, quantiles[0], 1e-12);
        assertEquals(5.0, quantiles[1], 1e-12);
        assertEquals(7.5, quantiles[2], 1e-12);
        assertEquals(8.5, quantiles[3], 1e-12);
    }

    @Test
    void quantileClampsToExtremes() {
        double[] quantiles = Distributions.quantiles(ONE_TO_NINE, new double[] {0.05, 0.1, 0.9, 0.95});

        assertEquals(1.0, quantiles[0], 0.0);
        assertEquals(1.0, quantiles[1], 0.0);
        assertEquals(9.0, quantiles[2], 0.0);
        assertEquals(9.0, quantiles[3], 0.0);
    }

    @Test
    void quantileOfSingleValueIsThatValue() {
        double[] quantiles = Distributions.quantiles(new double[] {42}, new double[] {0.1, 0.5, 0.9});

        assertEquals(42.0, quantiles[0], 0.0);
        assertEquals(42.0, quantiles[1], 0.0);
        assertEquals(42.0, quantiles[2], 0.0);
    }

    @Test
    void quantileReachingInfinityIsInfinite() {
        double inf = Double.POSITIVE_INFINITY;
        double[] values = {10, 20, 30, inf, inf};

        double[] quantiles = Distributions.quantiles(values, new double[] {0.5, 0.6, 0.7});

        // n = 5: positions 3 (the value 30), 3.6 (between 30 and infinity) and 4.2.
        assertEquals(30.0, quantiles[0], 0.0);
        assertEquals(inf, quantiles[1], 0.0);
        assertEquals(inf, quantiles[2], 0.0);
    }

    @Test
    void quantileOfSortedReadsOnlyCount() {
        double[] sorted = {1, 2, 3, 4, 1000, 1000};

        assertEquals(4.0, Distributions.quantileOfSorted(sorted, 4, 0.9), 0.0);
        assertEquals(2.5, Distributions.quantileOfSorted(sorted, 4, 0.5), 1e-12);
    }

    /**
     * The p10–p90 band of n draws, read as a prediction interval for draw n + 1 of the same distribution,
     * should hold it with probability (0.9 − 0.1)·(n + 1)/(n + 1) = 0.8 whatever n is. With 10 draws the
     * nearest-rank rule gives (9 − 1)/11 = 0.727.
     */
    @Test
    void bandCoversEightyPercentOfDraws() {
        RandomStream random = new RandomStream(7);
        int trials = 200_000;
        for (int replications : new int[] {10, 50}) {
            int inside = 0;
            double[] draws = new double[replications];
            for (int trial = 0; trial < trials; trial++) {
                for (int i = 0; i < replications; i++) {
                    draws[i] = random.nextLognormal(0, 1);
                }
                double[] band = Distributions.quantiles(draws, new double[] {0.1, 0.9});
                double next = random.nextLognormal(0, 1);
                if (next >= band[0] && next <= band[1]) {
                    inside++;
                }
            }
            double coverage = (double) inside / trials;
            // Binomial standard error at 200,000 trials is about 0.0009; 0.005 is more than five of them.
            assertEquals(0.8, coverage, 0.005, "coverage with " + replications + " replications");
        }
    }

    @Test
    void quantilesLeaveInputUnsorted() {
        double[] values = ONE_TO_NINE.clone();

        Distributions.quantiles(values, new double[] {0.5});

        assertTrue(Arrays.equals(ONE_TO_NINE, values));
    }
}

package io.pipetwin.core.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ArrivalProcessTest {

    private static final double WEEK_SECONDS = 168 * 3600.0;

    /** Returns rates that differ by hour: 1 + (h mod 24) per hour on weekdays, 2 at weekends. */
    private static double[] shapedRates() {
        double[] rates = new double[168];
        for (int hour = 0; hour < 168; hour++) {
            rates[hour] = hour < 120 ? 1 + hour % 24 : 2;
        }
        return rates;
    }

    private static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    private static long countBefore(ArrivalProcess process, double endSeconds, long[] countsByHour) {
        long count = 0;
        double time;
        while ((time = process.nextArrivalSeconds()) < endSeconds) {
            count++;
            if (countsByHour != null) {
                countsByHour[(int) (time % WEEK_SECONDS / 3600.0)]++;
            }
        }
        return count;
    }

    @Test
    void poissonHourOfWeekShapeMatchesProfile() {
        double[] rates = shapedRates();
        int weeks = 200;
        long[] countsByHour = new long[168];
        ArrivalProcess process = new ArrivalProcess(new WorkloadProfile.ArrivalProfile(rates, null),
                new SplittableRandom(11));

        countBefore(process, weeks * WEEK_SECONDS, countsByHour);

        // Poisson counts: expected rate * weeks, standard deviation its square root. Allow 4.5 sd per bin
        // (168 bins: a false alarm has probability about 168 * 7e-6) and check the chi-square sum, whose
        // mean is 168 and standard deviation sqrt(2 * 168) = 18.3.
        double chiSquare = 0;
        for (int hour = 0; hour < 168; hour++) {
            double expected = rates[hour] * weeks;
            double deviation = countsByHour[hour] - expected;
            assertTrue(Math.abs(deviation) < 4.5 * Math.sqrt(expected),
                    "hour " + hour + ": " + countsByHour[hour] + " arrivals, expected " + expected);
            chiSquare += deviation * deviation / expected;
        }
        assertTrue(chiSquare < 168 + 5 * 18.3, "chi-square " + chiSquare);
    }

    @Test
    void burstyLongRunRateMatchesProfileMean() {
        double[] rates = shapedRates();
        WorkloadProfile.BurstProfile burst = new WorkloadProfile.BurstProfile(20, 0.01);
        ArrivalProcess process = new ArrivalProcess(new WorkloadProfile.ArrivalProfile(rates, burst),
                new SplittableRandom(12));
        int weeks = 1500;
        double expected = mean(rates) * 168 * weeks;

        long count = countBefore(process, weeks * WEEK_SECONDS, null);

        // Renewal counts have variance about CV^2 * mean; CV = 6.2 here, so the relative standard error
        // is 6.2 / sqrt(2.3e6) = 0.4 %, and 3 % is over 7 standard errors.
        assertEquals(1.0, count / expected, 0.03, "arrivals " + count + ", expected " + expected);
    }

    @Test
    void burstGapsReachClosedFormCv() {
        double meanBurstSize = 120;
        double gapShare = 0.002;
        double[] flatRates = new double[168];
        Arrays.fill(flatRates, 3600.0);
        ArrivalProcess process = new ArrivalProcess(new WorkloadProfile.ArrivalProfile(flatRates,
                new WorkloadProfile.BurstProfile(meanBurstSize, gapShare)), new SplittableRandom(13));

        // With a flat rate of one per second, real-time gaps equal operational gaps: mean 1 and
        // CV^2 = 2 (q s^2 + (1 - q) b^2) - 1 with q = 1 - 1/m, b = m (1 - q s).
        double q = 1 - 1 / meanBurstSize;
        double b = meanBurstSize * (1 - q * gapShare);
        double expectedCv = Math.sqrt(2 * (q * gapShare * gapShare + (1 - q) * b * b) - 1);
        int gaps = 4_000_000;
        double previous = 0;
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < gaps; i++) {
            double time = process.nextArrivalSeconds();
            double gap = time - previous;
            previous = time;
            sum += gap;
            sumOfSquares += gap * gap;
        }
        double sampleMean = sum / gaps;
        double sampleCv = Math.sqrt(sumOfSquares / gaps - sampleMean * sampleMean) / sampleMean;

        assertEquals(expectedCv, ArrivalProcess.operationalGapCv(meanBurstSize, gapShare), 1e-12);
        assertTrue(expectedCv > 15, "formula CV " + expectedCv);
        assertTrue(expectedCv < 21, "formula CV " + expectedCv);
        assertEquals(1.0, sampleMean, 0.03);
        assertEquals(expectedCv, sampleCv, 0.05 * expectedCv);
    }

    @Test
    void defaultProfileGapCvAboveFifteen() {
        WorkloadProfile profile = WorkloadProfileLoader.loadDefault();
        ArrivalProcess process = new ArrivalProcess(profile.arrivals(), new SplittableRandom(14));
        int gaps = 2_000_000;
        double previous = 0;
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < gaps; i++) {
            double time = process.nextArrivalSeconds();
            sum += time - previous;
            sumOfSquares += (time - previous) * (time - previous);
            previous = time;
        }
        double sampleMean = sum / gaps;
        double sampleCv = Math.sqrt(sumOfSquares / gaps - sampleMean * sampleMean) / sampleMean;
        double operationalCv = ArrivalProcess.operationalGapCv(profile.arrivals().burst().meanBurstSize(),
                profile.arrivals().burst().withinBurstGapShare());

        // The hour-of-week modulation only adds variation to the operational-time CV.
        assertTrue(operationalCv > 15, "operational CV " + operationalCv);
        assertTrue(sampleCv > 0.95 * operationalCv, "real-time CV " + sampleCv);
        assertEquals(3600.0 / profile.arrivals().meanRatePerHour(), sampleMean, 0.05 * sampleMean);
    }

    @Test
    void inversionSkipsZeroRateHours() {
        double[] rates = new double[168];
        rates[5] = 10;
        ArrivalProcess process = new ArrivalProcess(new WorkloadProfile.ArrivalProfile(rates, null),
                new SplittableRandom(15));

        for (int i = 0; i < 1000; i++) {
            double time = process.nextArrivalSeconds();
            int hour = (int) (time % WEEK_SECONDS / 3600.0);
            assertEquals(5, hour, "arrival at " + time + " s");
        }
    }
}

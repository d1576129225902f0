package io.pipetwin.core.calibration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;
import io.pipetwin.core.workload.ArrivalProcess;
import io.pipetwin.core.workload.WorkloadProfile;

/**
 * Calibration recovers the parameters of traces drawn from the model itself. Tolerances are about four
 * standard errors of each estimator at the sample size used, so a failure means a biased fit, not noise.
 */
class CalibrationRecoveryTest {

    private static double[] sortedSample(DurationDistribution distribution, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = distribution.sample(random);
        }
        Arrays.sort(values);
        return values;
    }

    @Test
    void lognormalParametersRecovered() {
        // Standard errors at n = 20,000: mu 1.2 / sqrt(n) = 0.0085, sigma 1.2 / sqrt(2n) = 0.006.
        double[] sample = sortedSample(new DurationDistribution.Lognormal(6.0, 1.2), 20_000, 1);
        List<DurationFitter.Fit> fits = DurationFitter.fitAll(sample);
        DurationDistribution.Lognormal fit = (DurationDistribution.Lognormal) fits.get(0).distribution();
        assertAll(
                () -> assertEquals(6.0, fit.mu(), 0.035),
                () -> assertEquals(1.2, fit.sigma(), 0.025),
                () -> assertEquals("lognormal", DurationFitter.choose(fits).distribution().name()),
                () -> assertTrue(fits.get(0).ksDistance() < 0.015, "KS " + fits.get(0).ksDistance()));
    }

    @Test
    void weibullParametersRecovered() {
        // Standard error of the shape at n = 20,000 is about 0.78 k / sqrt(n) = 0.0039 for k = 0.7.
        double[] sample = sortedSample(new DurationDistribution.Weibull(0.7, 1000), 20_000, 2);
        DurationDistribution.Weibull fit = DurationFitter.weibull(sample);
        assertAll(
                () -> assertEquals(0.7, fit.shape(), 0.016),
                () -> assertEquals(1000, fit.scale(), 1000 * 0.05));
    }

    @Test
    void logLogisticParametersRecovered() {
        double[] sample = sortedSample(new DurationDistribution.LogLogistic(500, 1.5), 20_000, 3);
        DurationDistribution.LogLogistic fit = DurationFitter.logLogistic(sample);
        List<DurationFitter.Fit> fits = DurationFitter.fitAll(sample);
        assertAll(
                () -> assertEquals(500, fit.scale(), 500 * 0.04),
                () -> assertEquals(1.5, fit.shape(), 0.05),
                () -> assertEquals("loglogistic", DurationFitter.choose(fits).distribution().name()));
    }

    @Test
    void arrivalModelRecoveredFromItsOwnStream() {
        // Weekdays 08:00-20:00 at 20 per hour, all other hours at 4 per hour; bursts of mean size 4.
        double[] rates = new double[168];
        for (int hour = 0; hour < 168; hour++) {
            int day = hour / 24;
            int hourOfDay = hour % 24;
            rates[hour] = day < 5 && hourOfDay >= 8 && hourOfDay < 20 ? 20 : 4;
        }
        double meanBurstSize = 4;
        double gapShare = 0.05;
        ArrivalProcess process = new ArrivalProcess(new WorkloadProfile.ArrivalProfile(rates,
                new WorkloadProfile.BurstProfile(meanBurstSize, gapShare)), new SplittableRandom(7));
        int weeks = 30;
        double[] times = new double[200_000];
        int n = 0;
        double t;
        while ((t = process.nextArrivalSeconds()) < weeks * 168 * 3600.0) {
            times[n++] = t;
        }
        ArrivalFitter.Result fit = ArrivalFitter.fit(Arrays.copyOf(times, n));

        double busy = 0;
        double quiet = 0;
        for (int hour = 0; hour < 168; hour++) {
            if (rates[hour] == 20) {
                busy += fit.hourOfWeekRatesPerHour()[hour] / 60;
            } else {
                quiet += fit.hourOfWeekRatesPerHour()[hour] / 108;
            }
        }
        double expectedCv = ArrivalProcess.operationalGapCv(meanBurstSize, gapShare);
        double busyMean = busy;
        double quietMean = quiet;
        assertAll(
                () -> assertEquals(20, busyMean, 20 * 0.05, "mean fitted rate of the 60 busy hours"),
                () -> assertEquals(4, quietMean, 4 * 0.06, "mean fitted rate of the 108 quiet hours"),
                () -> assertEquals(expectedCv, ArrivalProcess.operationalGapCv(fit.meanBurstSize(),
                        fit.withinBurstGapShare()), expectedCv * 0.1, "operational gap CV"),
                () -> assertEquals(meanBurstSize, fit.meanBurstSize(), meanBurstSize * 0.25),
                () -> assertTrue(fit.burstKsDistance() < 0.03, "burst model KS " + fit.burstKsDistance()));
    }

    @Test
    void classesAndDemandMixRecovered() {
        // 70% single-GPU jobs with lognormal run times, 30% 8-GPU jobs with Weibull run times.
        SplittableRandom random = new SplittableRandom(11);
        DurationDistribution small = new DurationDistribution.Lognormal(7, 1);
        DurationDistribution large = new DurationDistribution.Weibull(0.8, 20_000);
        TraceSample sample = new TraceSample();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            boolean isLarge = random.nextDouble() < 0.3;
            long run = Math.max(1, Math.round((isLarge ? large : small).sample(random)));
            int gpus = isLarge ? 8 : 1;
            sample.add(new TraceTask("t" + i, "t" + i, i * 60L, OptionalLong.empty(), OptionalLong.empty(),
                    new TraceResourceRequest(1000, 1024, gpus, 1000, null), TraceTaskStatus.SUCCEEDED, null, null,
                    null, null, 0, 1, OptionalLong.of(run)));
        }
        CalibratedModel model = Calibrator.calibrate(sample, List.of(), null);
        CalibratedModel.TaskClass one = model.classes().stream().filter(c -> c.name().equals("gpu-1")).findFirst()
                .orElseThrow();
        CalibratedModel.TaskClass eight = model.classes().stream().filter(c -> c.name().equals("gpu-5-8"))
                .findFirst().orElseThrow();
        // The share's standard error is sqrt(0.3 * 0.7 / 20,000) = 0.0032.
        assertAll(
                () -> assertEquals(2, model.classes().size()),
                () -> assertEquals(0.7, one.weight(), 0.013),
                () -> assertEquals(0.3, eight.weight(), 0.013),
                () -> assertEquals("lognormal", one.duration().chosen()),
                () -> assertEquals("weibull", eight.duration().chosen()),
                () -> assertEquals(1.0, eight.demands().get(0).weight()),
                () -> assertEquals(8, eight.demands().get(0).gpuCount()),
                () -> assertEquals(n, model.trace().arrivals()));
    }
}

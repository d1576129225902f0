package io.pipetwin.core.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Acceptance of the reference workload against figures measured with an independent implementation on
 * SimPy 4.1.1 (mean over seeds 1 to 5 at 100,000 pipelines, and the seed-to-seed standard deviation).
 */
class ReferenceWorkloadTest {

    private static final int PIPELINES = 100_000;
    private static final int SEEDS = 5;

    /** A reference statistic: its SimPy mean over 5 seeds, the SimPy seed-to-seed sd, and how to read ours. */
    private record Target(String name, double referenceMean, double referenceSd,
                          ToDoubleFunction<ReferenceStatistics> value) {
    }

    private static final List<Target> QUEUEING_TARGETS = List.of(
            new Target("train mean wait", 585, 55, s -> s.meanWaitSeconds()[ReferenceStage.TRAIN.ordinal()]),
            new Target("train P(wait>0)", 0.429, 0.015, s -> s.waitPositiveShare()[ReferenceStage.TRAIN.ordinal()]),
            new Target("preprocess mean wait", 32.6, 2.5,
                    s -> s.meanWaitSeconds()[ReferenceStage.PREPROCESS.ordinal()]),
            new Target("evaluate mean wait", 33.2, 2.5, s -> s.meanWaitSeconds()[ReferenceStage.EVALUATE.ordinal()]),
            new Target("deploy mean wait", 32.8, 2.5, s -> s.meanWaitSeconds()[ReferenceStage.DEPLOY.ordinal()]),
            new Target("CPU P(wait>0)", 0.150, 0.007, ReferenceStatistics::cpuWaitPositiveShare),
            new Target("GPU queue time average", 2.67, 0.26, ReferenceStatistics::gpuQueueTimeAverage),
            new Target("CPU queue time average", 0.450, 0.036, ReferenceStatistics::cpuQueueTimeAverage),
            new Target("sojourn mean", 6156, 65, ReferenceStatistics::sojournMeanSeconds));

    @Test
    void referenceStatisticsMatchAcrossFiveSeeds() {
        List<ReferenceStatistics> runs = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            runs.add(new ReferenceWorkload(ReferenceParameters.of(PIPELINES, 4, seed, Recording.FULL), null).run());
        }

        List<Executable> checks = new ArrayList<>();
        for (ReferenceStatistics run : runs) {
            checks.add(() -> assertEquals(218.75, run.meanInterArrivalSeconds(), 218.75 * 0.015, "mean inter-arrival"));
            for (ReferenceStage stage : ReferenceStage.values()) {
                double exact = stage.meanSeconds();
                checks.add(() -> assertEquals(exact, run.meanDurationSeconds()[stage.ordinal()], exact * 0.015,
                        stage + " mean duration"));
            }
            // Offered loads: CPU work per pipeline 2500.88 s over 3500 slot-seconds, GPU 2967.70 s over 3500.
            checks.add(() -> assertEquals(2500.88 / 3500, run.cpuUtilisation(), 0.01, "CPU utilisation"));
            checks.add(() -> assertEquals(2967.70 / 3500, run.gpuUtilisation(), 0.01, "GPU utilisation"));
            checks.add(() -> assertEquals(1.0, run.gpuLittleRatio(), 0.01, "Little's law on the GPU queue"));
            checks.add(() -> assertEquals(1.0, run.cpuLittleRatio(), 0.01, "Little's law on the CPU queue"));
        }
        for (Target target : QUEUEING_TARGETS) {
            double[] values = runs.stream().mapToDouble(target.value()).toArray();
            double mean = mean(values);
            double sd = sampleSd(values, mean);
            double tolerance = 3 * Math.sqrt(target.referenceSd() * target.referenceSd() / 5 + sd * sd / SEEDS);
            checks.add(() -> assertEquals(target.referenceMean(), mean, tolerance,
                    target.name() + " mean over " + SEEDS + " seeds (our sd " + sd + ")"));
        }
        assertAll(checks);
    }

    @Test
    void sameSeedGivesIdenticalTrace() {
        String first = trace(1);
        String again = trace(1);
        String other = trace(2);

        assertTrue(first.startsWith(ReferenceRecorder.TRACE_HEADER));
        assertEquals(1 + 4 * 2000, first.lines().count(), "one header row and one row per task");
        assertArrayEquals(first.getBytes(), again.getBytes());
        assertFalse(first.equals(other), "another seed must give another trace");
    }

    @Test
    void summaryRecordingGivesFullMeans() {
        ReferenceStatistics full = new ReferenceWorkload(ReferenceParameters.of(5000, 4, 3, Recording.FULL), null).run();
        ReferenceStatistics summary = new ReferenceWorkload(ReferenceParameters.of(5000, 4, 3, Recording.SUMMARY), null)
                .run();

        assertArrayEquals(full.meanWaitSeconds(), summary.meanWaitSeconds());
        assertEquals(full.sojournMeanSeconds(), summary.sojournMeanSeconds());
        assertTrue(Double.isNaN(summary.trainWaitP99Seconds()));
        assertFalse(Double.isNaN(full.trainWaitP99Seconds()));
    }

    private static String trace(long seed) {
        StringWriter out = new StringWriter();
        new ReferenceWorkload(ReferenceParameters.of(2000, 4, seed, Recording.FULL), out).run();
        return out.toString();
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double sampleSd(double[] values, double mean) {
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}

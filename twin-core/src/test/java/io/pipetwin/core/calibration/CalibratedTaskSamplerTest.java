package io.pipetwin.core.calibration;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pipetwin.core.workload.GeneratedPipeline;
import io.pipetwin.core.workload.GeneratedTask;
import io.pipetwin.core.workload.WorkloadGenerator;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;

/**
 * A workload generated from the committed Alibaba GPU 2023 profile draws each task's run time from its
 * class's distribution and reproduces the profile's mean GPU-seconds per task.
 */
class CalibratedTaskSamplerTest {

    /** Tasks drawn; the standard error of the mean GPU-seconds per task is then about 1.8 % of the mean. */
    private static final int TASKS = 1_000_000;
    /** Probability that the DKW bound is exceeded by chance, per class. */
    private static final double DKW_FAILURE_PROBABILITY = 1e-6;

    private static WorkloadProfile profile;
    private static CalibratedModel model;
    private static CalibratedTaskSampler sampler;
    private static List<GeneratedTask> tasks;

    @BeforeAll
    static void generate() throws IOException {
        try (InputStream in = CalibratedTaskSamplerTest.class.getResourceAsStream("/profiles/alibaba-gpu-2023.json")) {
            profile = WorkloadProfileLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "alibaba-gpu-2023");
        }
        model = CalibratedProfiles.model(profile, profile.name());
        sampler = CalibratedTaskSampler.forProfile(profile, demand -> true).orElseThrow();
        WorkloadGenerator generator = new WorkloadGenerator(profile, new SplittableRandom(11), new SplittableRandom(12),
                sampler);
        tasks = new ArrayList<>(TASKS);
        while (tasks.size() < TASKS) {
            GeneratedPipeline pipeline = generator.next();
            tasks.addAll(pipeline.tasks());
        }
    }

    @Test
    void everyTaskHasClassAndDuration() {
        for (GeneratedTask task : tasks.subList(0, 10_000)) {
            assertTrue(task.durationSeconds() >= 0, task.taskId() + " has duration " + task.durationSeconds());
            assertTrue(sampler.classNames().contains(task.taskClass()), task.taskId() + " has class "
                    + task.taskClass());
        }
    }

    @Test
    void classSharesMatchProfile() {
        Map<String, Integer> counts = new HashMap<>();
        for (GeneratedTask task : tasks) {
            counts.merge(task.taskClass(), 1, Integer::sum);
        }
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            double share = taskClass.weight();
            // Four binomial standard deviations.
            double tolerance = 4 * Math.sqrt(share * (1 - share) / TASKS);
            assertEquals(share, counts.getOrDefault(taskClass.name(), 0) / (double) TASKS, tolerance,
                    "share of class " + taskClass.name());
        }
    }

    @Test
    void requestsComeFromTheClassDemandMix() {
        for (GeneratedTask task : tasks.subList(0, 10_000)) {
            CalibratedModel.TaskClass taskClass = classNamed(task.taskClass());
            WorkloadProfile.ResourceOption request = task.request();
            boolean listed = taskClass.demands().stream().anyMatch(demand -> demand.gpuCount() == request.gpuCount()
                    && (demand.gpuCount() == 0 || demand.gpuMilli() == request.gpuMilli())
                    && Math.max(demand.cpuMilli(), 1000) == request.cpuMilli()
                    && Math.max(demand.memoryMib(), 1024) == request.memoryMib());
            assertTrue(listed, task.taskId() + " request " + request + " is not a demand of class " + task.taskClass());
        }
    }

    /**
     * Per class, the KS distance between the drawn run times and the class's empirical distribution stays
     * under the Dvoretzky–Kiefer–Wolfowitz bound: {@code P(sup |F_n - F| > e) <= 2 exp(-2 n e^2)}, so with
     * {@code e = sqrt(ln(2 / alpha) / (2 n))} a correct sampler fails with probability at most alpha.
     */
    @Test
    void durationsFollowClassDistribution() {
        Map<String, List<Double>> byClass = new HashMap<>();
        for (GeneratedTask task : tasks) {
            byClass.computeIfAbsent(task.taskClass(), name -> new ArrayList<>()).add(task.durationSeconds());
        }
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            double[] sorted = byClass.get(taskClass.name()).stream().mapToDouble(Double::doubleValue).sorted()
                    .toArray();
            int n = sorted.length;
            double bound = Math.sqrt(Math.log(2 / DKW_FAILURE_PROBABILITY) / (2 * n));
            EmpiricalDistribution fitted = taskClass.duration().empirical();
            double distance = KolmogorovSmirnov.oneSampleWithAtoms(sorted, fitted::cdf);
            assertTrue(distance <= bound, "class " + taskClass.name() + ": KS distance " + distance + " over "
                    + n + " run times exceeds the DKW bound " + bound);
        }
    }

    /**
     * The mean GPU-seconds per task is {@code sum_c share_c * E[gpus | c] * E[run time | c]}, because the
     * request and the run time are drawn independently within a class. The moments of a class's run time
     * come from its stored distribution: uniform between neighbouring body quantiles, atoms at tail values.
     * The tolerance is four standard errors of the mean, from the same moments.
     */
    @Test
    void meanGpuSecondsMatchProfile() {
        double mean = 0;
        double secondMoment = 0;
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            double demandWeights = taskClass.demands().stream().mapToDouble(CalibratedModel.Demand::weight).sum();
            double gpus = 0;
            double gpusSquared = 0;
            for (CalibratedModel.Demand demand : taskClass.demands()) {
                double g = demand.gpuCount() * demand.gpuMilli() / 1000.0;
                gpus += demand.weight() / demandWeights * g;
                gpusSquared += demand.weight() / demandWeights * g * g;
            }
            double[] moments = runTimeMoments(taskClass.duration().empirical());
            mean += taskClass.weight() * gpus * moments[0];
            secondMoment += taskClass.weight() * gpusSquared * moments[1];
        }
        double standardError = Math.sqrt((secondMoment - mean * mean) / TASKS);

        double gpuSeconds = 0;
        for (GeneratedTask task : tasks) {
            gpuSeconds += task.request().gpuCount() * task.request().gpuMilli() / 1000.0 * task.durationSeconds();
        }
        double measured = gpuSeconds / TASKS;

        double expected = mean;
        assertAll(
                () -> assertEquals(expected, sampler.meanLoadPerTask()[0], expected * 1e-9,
                        "sampler's exact mean GPU-seconds per task"),
                () -> assertEquals(expected, measured, 4 * standardError,
                        "mean GPU-seconds per task over " + TASKS + " tasks"));
    }

    @Test
    void infeasibleClassIsDropped() {
        CalibratedTaskSampler cpuOnly = new CalibratedTaskSampler(model, profile.name(),
                demand -> demand.gpuCount() == 0);

        assertAll(
                () -> assertEquals(List.of("cpu"), cpuOnly.classNames()),
                () -> assertEquals(1.0, cpuOnly.classShare("cpu"), 1e-12),
                () -> assertEquals(0.0, cpuOnly.meanLoadPerTask()[0]),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> new CalibratedTaskSampler(model, profile.name(), demand -> false)));
    }

    @Test
    void handWrittenProfileHasNoSampler() throws IOException {
        assertFalse(CalibratedTaskSampler.forProfile(WorkloadProfileLoader.loadDefault(), demand -> true).isPresent());
    }

    /** Returns the first and second moment of {@code distribution}. */
    private static double[] runTimeMoments(EmpiricalDistribution distribution) {
        double[] q = distribution.quantiles();
        int intervals = q.length - 1;
        double first = 0;
        double second = 0;
        for (int i = 0; i < intervals; i++) {
            first += (q[i] + q[i + 1]) / 2 / intervals;
            second += (q[i] * q[i] + q[i] * q[i + 1] + q[i + 1] * q[i + 1]) / 3 / intervals;
        }
        double[] tail = distribution.tail();
        if (tail.length == 0) {
            return new double[] {first, second};
        }
        double tailFirst = 0;
        double tailSecond = 0;
        for (double value : tail) {
            tailFirst += value / tail.length;
            tailSecond += value * value / tail.length;
        }
        double share = distribution.tailShare();
        return new double[] {(1 - share) * first + share * tailFirst, (1 - share) * second + share * tailSecond};
    }

    private static CalibratedModel.TaskClass classNamed(String name) {
        return model.classes().stream().filter(taskClass -> taskClass.name().equals(name)).findFirst().orElseThrow();
    }
}

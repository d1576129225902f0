package io.pipetwin.ingest.synthetic;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipetwin.core.calibration.CalibratedModel;
import io.pipetwin.core.calibration.CalibratedProfiles;
import io.pipetwin.core.calibration.EmpiricalDistribution;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;

/**
 * The default synthetic platform, read only through its events, runs each task for a time drawn from the
 * run-time distribution of the task's class in the built-in Alibaba GPU 2023 profile, and offers the GPU
 * load the arrival scaling aims at.
 */
class CalibratedSyntheticPlatformTest {

    private static final Logger LOG = LoggerFactory.getLogger(CalibratedSyntheticPlatformTest.class);

    /** Tasks that start before this much simulated time are measured; about 30,000 at 20 pipelines per hour. */
    private static final Duration MEASURED_SPAN = Duration.ofDays(62);
    /** Probability that the DKW bound is exceeded by chance, per class. */
    private static final double DKW_FAILURE_PROBABILITY = 1e-6;
    /**
     * Largest error of a duration read from events: each event time is rounded to the millisecond, so a
     * difference of two is off by at most 1 ms.
     */
    private static final double EVENT_TIME_ERROR_SECONDS = 0.001;

    private static SyntheticPlatform platform;
    private static CalibratedModel model;
    private static final Map<String, List<Double>> durationsByClass = new HashMap<>();
    private static final List<double[]> gpusAndSeconds = new ArrayList<>();
    private static int gpuCapacity;
    private static double busyGpuSecondsInSecondHalf;

    @BeforeAll
    static void runPlatform() {
        platform = SyntheticPlatform.builder().seed(31).build();
        model = CalibratedProfiles.model(platform.scaledProfile(), "built-in profile");
        Map<String, String> classByGpuDemand = new HashMap<>();
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            for (CalibratedModel.Demand demand : taskClass.demands()) {
                classByGpuDemand.put(gpuDemand(demand.gpuCount(), demand.gpuMilli()), taskClass.name());
            }
        }

        // A task started before the cut-off ends by cut-off + the longest run time any class can draw.
        double longestSeconds = 0;
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            longestSeconds = Math.max(longestSeconds, taskClass.duration().empirical().inverse(1 - 1e-12));
        }
        Instant start = Instant.parse("2023-01-01T00:00:00Z");
        Instant cutOff = start.plus(MEASURED_SPAN);
        Instant end = cutOff.plusSeconds((long) Math.ceil(longestSeconds) + 1);
        Instant halfway = start.plus(MEASURED_SPAN.dividedBy(2));

        Map<String, ResourceRequest> requests = new HashMap<>();
        Map<String, Instant> started = new HashMap<>();
        long busyGpuMilli = 0;
        Instant previous = start;
        while (true) {
            PlatformEvent event = platform.next();
            Instant time = event.getEventTime();
            if (time.isAfter(end)) {
                break;
            }
            if (time.isAfter(halfway) && !previous.isAfter(cutOff)) {
                Instant from = previous.isBefore(halfway) ? halfway : previous;
                Instant to = time.isAfter(cutOff) ? cutOff : time;
                busyGpuSecondsInSecondHalf += busyGpuMilli / 1000.0 * Duration.between(from, to).toMillis() / 1000.0;
            }
            previous = time;
            Object payload = event.getPayload();
            if (payload instanceof NodeAdded node) {
                gpuCapacity += node.getGpuCount();
            } else if (payload instanceof PipelineSubmitted pipeline) {
                for (TaskSpec task : pipeline.getTasks()) {
                    requests.put(task.getTaskId(), task.getRequest());
                }
            } else if (payload instanceof TaskStarted task) {
                ResourceRequest request = requests.get(task.getTaskId());
                busyGpuMilli += (long) request.getGpuCount() * request.getGpuMilli();
                if (!time.isAfter(cutOff)) {
                    started.put(task.getTaskId(), time);
                }
            } else if (payload instanceof TaskFinished task) {
                ResourceRequest request = requests.get(task.getTaskId());
                busyGpuMilli -= (long) request.getGpuCount() * request.getGpuMilli();
                Instant startedAt = started.remove(task.getTaskId());
                if (startedAt != null) {
                    double seconds = Duration.between(startedAt, time).toMillis() / 1000.0;
                    String taskClass = classByGpuDemand.get(gpuDemand(request.getGpuCount(), request.getGpuMilli()));
                    assertNotNull(taskClass, "task " + task.getTaskId() + " requests GPUs " + request.getGpuCount()
                            + " x " + request.getGpuMilli() + " milli, which no class of the profile lists");
                    durationsByClass.computeIfAbsent(taskClass, name -> new ArrayList<>()).add(seconds);
                    gpusAndSeconds.add(new double[] {request.getGpuCount() * request.getGpuMilli() / 1000.0, seconds});
                }
            }
        }
        assertTrue(started.isEmpty(), started.size() + " tasks started before the cut-off did not finish by " + end);
    }

    @Test
    void everyClassFitsTheDefaultCluster() {
        assertEquals(model.classes().stream().map(CalibratedModel.TaskClass::name).toList(),
                platform.calibratedSampler().classNames());
    }

    /**
     * Per class, the drawn run times read from the events are within the Dvoretzky–Kiefer–Wolfowitz bound
     * {@code e = sqrt(ln(2 / alpha) / (2 n))} of the class's distribution in the profile. The millisecond
     * rounding of event times is allowed for by comparing with the distribution shifted by 1 ms either way,
     * which can only lower the distance of a sample from the true distribution.
     */
    @Test
    void runTimesFollowProfileClasses() {
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            double[] sorted = durationsByClass.get(taskClass.name()).stream().mapToDouble(Double::doubleValue)
                    .sorted().toArray();
            int n = sorted.length;
            double bound = Math.sqrt(Math.log(2 / DKW_FAILURE_PROBABILITY) / (2 * n));
            double distance = distanceWithin(sorted, taskClass.duration().empirical(), EVENT_TIME_ERROR_SECONDS);
            LOG.info("Class {}: {} run times, KS distance {} (DKW bound {})", taskClass.name(), n, distance, bound);
            assertTrue(distance <= bound, "class " + taskClass.name() + ": KS distance " + distance + " over " + n
                    + " run times exceeds the DKW bound " + bound);
        }
    }

    /**
     * The mean GPU-seconds per task is {@code sum_c share_c * E[gpus | c] * E[run time | c]} (request and run
     * time are independent within a class); the tolerance is four standard errors of the measured mean.
     */
    @Test
    void meanGpuSecondsPerTaskMatchesProfile() {
        double expected = expectedGpuSecondsPerTask();
        int n = gpusAndSeconds.size();
        double sum = 0;
        double sumSquares = 0;
        for (double[] task : gpusAndSeconds) {
            double gpuSeconds = task[0] * task[1];
            sum += gpuSeconds;
            sumSquares += gpuSeconds * gpuSeconds;
        }
        double mean = sum / n;
        double standardError = Math.sqrt((sumSquares / n - mean * mean) / n);
        LOG.info("{} tasks: {} GPU-seconds per task (standard error {}) against {} from the profile", n, mean,
                standardError, expected);

        assertEquals(expected, mean, 4 * standardError);
    }

    /**
     * The arrival scaling makes the offered GPU load (arrival rate × GPU-seconds per pipeline / GPUs) equal the
     * default target of 0.75, so the cluster is stable; a calibrated pipeline has one task. CPU and memory
     * are offered less.
     */
    @Test
    void offeredGpuLoadIsTheTarget() {
        double arrivalsPerSecond = platform.scaledArrivalRatePerHour() / 3600;
        double offeredGpu = arrivalsPerSecond * expectedGpuSecondsPerTask() / gpuCapacity;
        double[] offered = platform.offeredUtilisation();
        double realised = busyGpuSecondsInSecondHalf / (gpuCapacity * MEASURED_SPAN.toSeconds() / 2.0);
        LOG.info("Offered utilisation GPU {} CPU {} memory {}; realised GPU utilisation from day {} to {}: {}",
                offered[0], offered[1], offered[2], MEASURED_SPAN.toDays() / 2, MEASURED_SPAN.toDays(), realised);

        assertAll(
                () -> assertEquals(SyntheticPlatform.DEFAULT_TARGET_UTILISATION, offeredGpu, 1e-9),
                () -> assertEquals(offeredGpu, offered[0], 1e-9),
                () -> assertTrue(offered[1] < offeredGpu, "offered CPU load " + offered[1]),
                () -> assertTrue(offered[2] < offeredGpu, "offered memory load " + offered[2]),
                () -> assertEquals(100, gpuCapacity));
    }

    private static double expectedGpuSecondsPerTask() {
        double total = 0;
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            double demandWeights = taskClass.demands().stream().mapToDouble(CalibratedModel.Demand::weight).sum();
            double gpus = 0;
            for (CalibratedModel.Demand demand : taskClass.demands()) {
                gpus += demand.weight() / demandWeights * demand.gpuCount() * demand.gpuMilli() / 1000.0;
            }
            total += taskClass.weight() * gpus * taskClass.duration().empirical().mean();
        }
        return total;
    }

    /**
     * Returns {@code sup_t max(F_n(t) - F(t + error), F(t - error) - F_n(t))} for the sample's CDF F_n. If every
     * observed value is within {@code error} of a draw from F, this is at most the KS distance of the draws.
     */
    private static double distanceWithin(double[] sorted, EmpiricalDistribution distribution, double error) {
        int n = sorted.length;
        double max = 0;
        int i = 0;
        while (i < n) {
            double x = sorted[i];
            int j = i;
            while (j < n && sorted[j] == x) {
                j++;
            }
            max = Math.max(max, (double) j / n - distribution.cdf(x + error));
            max = Math.max(max, distribution.cdf(Math.nextDown(x - error)) - (double) i / n);
            i = j;
        }
        return max;
    }

    private static String gpuDemand(int gpuCount, int gpuMilli) {
        return gpuCount == 0 ? "0" : gpuCount + "x" + gpuMilli;
    }
}

package io.pipetwin.core.forecast;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecasterTest {

    private static final double T0 = 1_700_000_000.0;
    private static final double[] LEVELS = {0.1, 0.5, 0.9};
    private static final SnapshotRequest ONE_GPU = new SnapshotRequest(1000, 1024, 1, 1000, null);
    private static final SnapshotRequest ONE_CORE = new SnapshotRequest(1000, 1024, 0, 0, null);

    private static List<SnapshotNode> twoGpuNodes() {
        return List.of(new SnapshotNode("n1", "A100", 4000, 16384, 1, "A100"),
                new SnapshotNode("n2", "A100", 4000, 16384, 1, "A100"));
    }

    private static SnapshotTask waiting(String id, String taskClass, SnapshotRequest request, double waitedSeconds) {
        return new SnapshotTask(id, "p-" + id, taskClass, request, 1, T0 - waitedSeconds, List.of());
    }

    private static SnapshotTask running(String id, String taskClass, SnapshotRequest request, double elapsedSeconds,
                                        String node) {
        return new SnapshotTask(id, "p-" + id, taskClass, request, 1, T0 - elapsedSeconds, List.of(node));
    }

    /**
     * Four GPU tasks of 100 s wait for two single-GPU nodes, having waited 30 s already. Two start at 0 (wait
     * 30 s) and finish at 100, when the other two start (wait 130 s) and run to 200. Every replication is
     * the same because every duration is 100 s.
     */
    @Test
    void queueDrainsAtExactTimes() {
        List<SnapshotTask> queue = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queue.add(waiting("w" + i, "train", ONE_GPU, 30));
        }
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), queue, List.of(),
                Map.of("train", new double[] {100, 100, 100}), 0.0, List.of());

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(250, 50, 8, 1, LEVELS));

        assertArrayEquals(new double[] {50, 100, 150, 200, 250}, result.offsetsSeconds());
        SeriesForecast gpuQueue = result.queueLengthByTaskPool().get("gpu");
        SeriesForecast gpuWait = result.waitingTimeByTaskPool().get("gpu");
        SeriesForecast gpuUse = result.utilisationByNodePool().get("A100").get("GPU");
        assertAll(
                () -> assertEquals(4.0, gpuQueue.now()),
                () -> assertArrayEquals(new double[] {2, 0, 0, 0, 0}, gpuQueue.mean()),
                () -> assertArrayEquals(new double[] {2, 0, 0, 0, 0}, gpuQueue.quantiles()[2]),
                () -> assertArrayEquals(new double[] {0, 0, 0, 0, 0}, result.queueLengthByTaskPool().get("cpu").mean()),
                () -> assertEquals(30.0, gpuWait.now()),
                () -> assertArrayEquals(new double[] {30, 130, 0, 0, 0}, gpuWait.mean()),
                () -> assertEquals(0.0, gpuUse.now()),
                () -> assertArrayEquals(new double[] {1, 1, 1, 0, 0}, gpuUse.mean()),
                () -> assertEquals(2000.0, result.capacityByNodePool().get("all").get("GPU")),
                () -> assertEquals(8, result.replications()),
                () -> assertEquals(T0, result.startSeconds()));
    }

    /**
     * Observed train durations are 100 s and 200 s; a train task that has run 150 s can only be one of
     * 200 s, so it ends 50 s after the snapshot, and the step at 50 s records the state after that. Its node is busy now, so GPU use now is 1 of 2 GPUs.
     */
    @Test
    void runningTaskUsesResidualLife() {
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), List.of(),
                List.of(running("r1", "train", ONE_GPU, 150, "n2")),
                Map.of("train", new double[] {100, 200}), 0.0, List.of());

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(100, 25, 5, 3, LEVELS));

        SeriesForecast gpuUse = result.utilisationByNodePool().get("all").get("GPU");
        SeriesForecast cpuUse = result.utilisationByNodePool().get("A100").get("CPU");
        assertAll(
                () -> assertEquals(0.5, gpuUse.now()),
                () -> assertEquals(1000.0 / 8000.0, cpuUse.now()),
                () -> assertArrayEquals(new double[] {0.5, 0, 0, 0}, gpuUse.mean()),
                () -> assertArrayEquals(new double[] {0.5, 0, 0, 0}, gpuUse.quantiles()[0]));
    }

    /**
     * A running train task (observed durations 100 s and 200 s, elapsed 150 s) ends at 50 s on n2; a waiting
     * task that waited 30 s starts at 0 on n1. Only the waiting task counts in the first step's waiting time.
     */
    @Test
    void runningTasksAreNotNewStarts() {
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), List.of(waiting("w1", "train", ONE_GPU, 30)),
                List.of(running("r1", "train", ONE_GPU, 150, "n2")),
                Map.of("train", new double[] {100, 200}), 0.0, List.of());

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(100, 25, 5, 3, LEVELS));

        assertEquals(30.0, result.waitingTimeByTaskPool().get("gpu").mean()[0]);
        assertEquals(30.0, result.waitingTimeByTaskPool().get("all").quantiles()[0][0]);
        assertEquals(0.0, result.waitingTimeByTaskPool().get("cpu").mean()[0]);
    }

    /** A gang task on both nodes holds both GPUs now and releases them together when it ends at 50 s. */
    @Test
    void gangRunningTaskHoldsAllNodes() {
        SnapshotTask gang = new SnapshotTask("g", "p-g", "train", ONE_GPU, 2, T0 - 150, List.of("n1", "n2"));
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), List.of(), List.of(gang),
                Map.of("train", new double[] {100, 200}), 0.0, List.of());

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(100, 25, 3, 1, LEVELS));

        SeriesForecast gpuUse = result.utilisationByNodePool().get("all").get("GPU");
        assertEquals(1.0, gpuUse.now());
        assertArrayEquals(new double[] {1, 0, 0, 0}, gpuUse.mean());
    }

    /** A running task recorded on a node the snapshot does not list is left out, now and in every step. */
    @Test
    void runningTaskOnUnknownNodeIsSkipped() {
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), List.of(),
                List.of(running("r1", "train", ONE_GPU, 10, "n9")), Map.of("train", new double[] {100}), 0.0,
                List.of());

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(100, 50, 2, 1, LEVELS));

        SeriesForecast gpuUse = result.utilisationByNodePool().get("all").get("GPU");
        assertEquals(0.0, gpuUse.now());
        assertArrayEquals(new double[] {0, 0}, gpuUse.mean());
    }

    /** A task that ran longer than every observation falls back to elapsed × a lognormal factor: still positive. */
    @Test
    void residualFallbackKeepsTaskRunning() {
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), List.of(),
                List.of(running("r1", "train", ONE_GPU, 1000, "n1")),
                Map.of("train", new double[] {100, 200}), 0.0, List.of());

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(1, 1, 20, 3, LEVELS));

        // The factor exp(0.5 Z) is below 0.001 only for Z below -13.8: the task is still running at 1 s.
        assertEquals(0.5, result.utilisationByNodePool().get("all").get("GPU").mean()[0]);
    }

    /** Without arrivals no quantile of the queue ever exceeds the queue length now. */
    @Test
    void queueNeverGrowsWithoutArrivals() {
        List<SnapshotTask> queue = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queue.add(waiting("g" + i, "train", ONE_GPU, 10));
            queue.add(waiting("c" + i, "prep", ONE_CORE, 10));
        }
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), queue,
                List.of(running("r1", "train", ONE_GPU, 20, "n1")),
                Map.of("train", new double[] {50, 300, 900}, "prep", new double[] {10, 20, 400}), 0.0, List.of());

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(3600, 60, 30, 9, LEVELS));

        for (String pool : List.of("gpu", "cpu", "all")) {
            SeriesForecast series = result.queueLengthByTaskPool().get(pool);
            double now = series.now();
            for (double[] quantile : series.quantiles()) {
                assertTrue(Arrays.stream(quantile).allMatch(v -> v <= now), pool + " queue grew: "
                        + Arrays.toString(quantile));
            }
            assertTrue(Arrays.stream(series.mean()).allMatch(v -> v <= now), pool + " mean queue grew");
        }
        assertEquals(6.0, result.queueLengthByTaskPool().get("gpu").now());
        assertEquals(6.0, result.queueLengthByTaskPool().get("cpu").now());
        assertEquals(12.0, result.queueLengthByTaskPool().get("all").now());
    }

    @Test
    void sameSeedSameResultOtherSeedDiffers() {
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), List.of(waiting("w", "train", ONE_GPU, 5)),
                List.of(running("r", "train", ONE_GPU, 20, "n1")),
                Map.of("train", new double[] {50, 300, 900}), 1.0 / 120, List.of(waiting("a", "train", ONE_GPU, 0)));

        ForecastResult first = new Forecaster().forecast(snapshot, new ForecastConfig(7200, 300, 20, 11, LEVELS));
        ForecastResult again = new Forecaster().forecast(snapshot, new ForecastConfig(7200, 300, 20, 11, LEVELS));
        ForecastResult other = new Forecaster().forecast(snapshot, new ForecastConfig(7200, 300, 20, 12, LEVELS));

        assertArrayEquals(first.queueLengthByTaskPool().get("gpu").mean(), again.queueLengthByTaskPool().get("gpu").mean());
        assertArrayEquals(first.waitingTimeByTaskPool().get("all").quantiles()[1],
                again.waitingTimeByTaskPool().get("all").quantiles()[1]);
        assertFalse(Arrays.equals(first.queueLengthByTaskPool().get("gpu").mean(),
                other.queueLengthByTaskPool().get("gpu").mean()));
    }

    /** With arrivals at rate 1/60 s and 100 s tasks on two GPUs the queue stays near empty but does grow sometimes. */
    @Test
    void arrivalsFillQueue() {
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, List.of(new SnapshotNode("n1", "A100", 4000, 16384, 1,
                "A100")), List.of(), List.of(), Map.of("train", new double[] {100}), 1.0 / 60,
                List.of(waiting("a", "train", ONE_GPU, 0)));

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(3600, 600, 50, 5, LEVELS));

        // One server with service 100 s and arrivals every 60 s on average is overloaded: the queue grows.
        double[] mean = result.queueLengthByTaskPool().get("gpu").mean();
        assertTrue(mean[mean.length - 1] > mean[0], "queue should grow: " + Arrays.toString(mean));
        assertEquals(0.0, result.queueLengthByTaskPool().get("gpu").now());
    }

    private static SnapshotPipeline pipeline(String id, SnapshotPipelineTask... tasks) {
        return new SnapshotPipeline(id, T0, List.of(tasks));
    }

    private static SnapshotPipelineTask pipelineTask(String id, String taskClass, SnapshotRequest request,
                                                     String... dependsOn) {
        return new SnapshotPipelineTask(id, taskClass, request, 1, 0, List.of(dependsOn), false);
    }

    /**
     * Arriving pipelines copy a template whose CPU task of 600 s precedes a GPU task of 100 s. An arrival
     * comes after time 0, so no GPU task can start before 600 s, and GPU tasks run later once their
     * predecessors finish.
     */
    @Test
    void pipelineArrivalsSubmitSuccessorsAfterPredecessors() {
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), List.of(), List.of(),
                Map.of("prep", new double[] {600}, "train", new double[] {100}), 1.0 / 60, List.of())
                .withPipelineArrivals(List.of(pipeline("p", pipelineTask("p/prep", "prep", ONE_CORE),
                        pipelineTask("p/train", "train", ONE_GPU, "p/prep"))));

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(1200, 300, 20, 3, LEVELS));

        double[] gpu = result.utilisationByNodePool().get("A100").get("GPU").mean();
        double[] cpu = result.utilisationByNodePool().get("A100").get("CPU").mean();
        assertAll(
                () -> assertEquals(0.0, gpu[0], "GPU use at 300 s: " + Arrays.toString(gpu)),
                () -> assertEquals(0.0, gpu[1], "GPU use at 600 s: " + Arrays.toString(gpu)),
                () -> assertTrue(gpu[2] > 0 || gpu[3] > 0, "GPU use after 600 s: " + Arrays.toString(gpu)),
                () -> assertTrue(cpu[0] > 0, "CPU use at 300 s: " + Arrays.toString(cpu)));
    }

    /** A template of one task per pipeline draws exactly what the same task as a single-task arrival draws. */
    @Test
    void singleTaskPipelineArrivalsMatchTaskArrivals() {
        SnapshotTask arrival = waiting("a", "train", ONE_GPU, 0);
        PlatformSnapshot tasks = new PlatformSnapshot(T0, twoGpuNodes(), List.of(), List.of(),
                Map.of("train", new double[] {50, 300, 900}), 1.0 / 120, List.of(arrival));
        PlatformSnapshot pipelines = tasks.withPipelineArrivals(List.of(pipeline("p-a",
                pipelineTask("a", "train", ONE_GPU))));
        ForecastConfig config = new ForecastConfig(7200, 300, 20, 11, LEVELS);

        ForecastResult fromTasks = new Forecaster().forecast(tasks, config);
        ForecastResult fromPipelines = new Forecaster().forecast(pipelines, config);

        assertArrayEquals(fromTasks.queueLengthByTaskPool().get("gpu").mean(),
                fromPipelines.queueLengthByTaskPool().get("gpu").mean());
        assertArrayEquals(fromTasks.utilisationByNodePool().get("A100").get("GPU").mean(),
                fromPipelines.utilisationByNodePool().get("A100").get("GPU").mean());
    }

    @Test
    void invalidConfigIsRejected() {
        PlatformSnapshot snapshot = new PlatformSnapshot(T0, twoGpuNodes(), List.of(), List.of(), Map.of(), 0.0,
                List.of());
        Forecaster forecaster = new Forecaster();
        assertThrows(IllegalArgumentException.class,
                () -> forecaster.forecast(snapshot, new ForecastConfig(0, 1, 1, 1, LEVELS)));
        assertThrows(IllegalArgumentException.class,
                () -> forecaster.forecast(snapshot, new ForecastConfig(10, 1, 0, 1, LEVELS)));
        assertThrows(IllegalArgumentException.class,
                () -> forecaster.forecast(snapshot, new ForecastConfig(10, 1, 1, 1, new double[] {0.5, 0.2})));
    }
}

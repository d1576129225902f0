package io.pipetwin.core.forecast;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.metrics.ModelMetricDefaults;
import io.pipetwin.core.metrics.ModelMetrics;
import io.pipetwin.core.metrics.RetrainingPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pipelines, input transfers, GPU models, deployed models and time-varying arrivals in one forecast. */
class ForecastCoverageTest {

    private static final double T0 = 1_700_000_000.0;
    private static final double[] LEVELS = {0.1, 0.5, 0.9};
    private static final SnapshotRequest ONE_GPU = new SnapshotRequest(1000, 1024, 1, 1000, null);
    private static final SnapshotRequest ONE_CORE = new SnapshotRequest(1000, 1024, 0, 0, null);

    private static PlatformSnapshot bare(List<SnapshotNode> nodes, List<SnapshotTask> waiting,
                                         List<SnapshotTask> running, Map<String, double[]> durations) {
        return new PlatformSnapshot(T0, nodes, waiting, running, durations, 0.0, List.of());
    }

    private static SnapshotPipelineTask step(String id, String taskClass, double inputBytes, boolean finished,
                                             String... dependsOn) {
        return new SnapshotPipelineTask(id, taskClass, ONE_GPU, 1, inputBytes, List.of(dependsOn), finished);
    }

    /**
     * One GPU node. Pipeline p1: prep finished, train running for 40 s of its 100 s (remaining 60 s), eval
     * blocked on train and lasting 30 s: eval starts at 60 and finishes at 90. Pipeline p2: its only task
     * waits behind train and eval and lasts 1000 s, so it ends at 1090, past the 600 s horizon.
     */
    @Test
    void blockedTaskStartsAfterPredecessors() {
        SnapshotTask train = new SnapshotTask("p1/train", "p1", "train", ONE_GPU, 1, T0 - 40, List.of("n1"));
        SnapshotTask big = new SnapshotTask("p2/big", "p2", "big", ONE_GPU, 1, T0, List.of());
        PlatformSnapshot snapshot = bare(List.of(new SnapshotNode("n1", "A100", 8000, 65536, 1, "A100")),
                List.of(big), List.of(train),
                Map.of("train", new double[] {100}, "evaluate", new double[] {30}, "big", new double[] {1000}))
                .withPipelines(List.of(
                        new SnapshotPipeline("p1", T0 - 100, List.of(step("p1/prep", "preprocess", 0, true),
                                step("p1/train", "train", 0, false, "p1/prep"),
                                step("p1/eval", "evaluate", 0, false, "p1/train"))),
                        new SnapshotPipeline("p2", T0 - 10, List.of(step("p2/big", "big", 0, false)))));

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(600, 60, 5, 3, LEVELS));

        PipelineForecast p1 = result.pipelines().get("p1");
        PipelineForecast p2 = result.pipelines().get("p2");
        // The blocked eval waits behind big (queued first, FIFO): big starts at 60 when train ends and holds
        // the only GPU to 1060, so eval never starts within the horizon either.
        assertAll(
                () -> assertEquals(2, p1.remainingTasks()),
                () -> assertEquals(0.0, p1.probabilityWithinHorizon()),
                () -> assertEquals(Double.POSITIVE_INFINITY, p1.completionQuantilesSeconds()[1]),
                () -> assertTrue(Double.isNaN(p1.meanCompletionSeconds())),
                () -> assertEquals(0.0, p2.probabilityWithinHorizon()));

        PlatformSnapshot withoutBig = snapshot.withTasks(List.of(), snapshot.running())
                .withPipelines(snapshot.pipelines().subList(0, 1));
        ForecastResult alone = new Forecaster().forecast(withoutBig, new ForecastConfig(600, 60, 5, 3, LEVELS));
        PipelineForecast done = alone.pipelines().get("p1");
        assertAll(
                () -> assertEquals(1.0, done.probabilityWithinHorizon()),
                () -> assertArrayEquals(new double[] {90, 90, 90}, done.completionQuantilesSeconds()),
                () -> assertEquals(90.0, done.meanCompletionSeconds(), 1e-9),
                // eval waited from 60 to 60: its start lands in step 1 (60 s] with a wait of 0.
                () -> assertEquals(0.0, alone.waitingTimeByTaskPool().get("gpu").mean()[0], 1e-9));
    }

    /** A waiting task reads 5 MB over a 1 MB/s uplink: its transfer takes 5 s and ends in the first step. */
    @Test
    void inputTransfersTakeBytesOverBandwidth() {
        SnapshotTask load = new SnapshotTask("p/load", "p", "load", ONE_GPU, 1, T0, List.of());
        PlatformSnapshot snapshot = bare(List.of(new SnapshotNode("n1", "A100", 8000, 65536, 1, "A100")),
                List.of(load), List.of(), Map.of("load", new double[] {100}))
                .withPipelines(List.of(new SnapshotPipeline("p", T0, List.of(step("p/load", "load", 5e6, false)))))
                .withStorage(new SnapshotStorage(1e6, Map.of()));

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(120, 60, 3, 1, LEVELS));

        SeriesForecast transfer = result.transferTimeByTaskPool().get("gpu");
        assertAll(
                () -> assertEquals(5.0, transfer.mean()[0], 1e-9),
                () -> assertEquals(0.0, transfer.mean()[1]),
                // 5 s of transfer then 100 s of compute.
                () -> assertEquals(105.0, result.pipelines().get("p").completionQuantilesSeconds()[1], 1e-9));

        ForecastResult noStorage = new Forecaster().forecast(snapshot.withStorage(null),
                new ForecastConfig(120, 60, 3, 1, LEVELS));
        assertTrue(noStorage.transferTimeByTaskPool().isEmpty());
        assertEquals(100.0, noStorage.pipelines().get("p").completionQuantilesSeconds()[1], 1e-9);
    }

    /** Two GPUs of four busy on the A100 node, none of eight on the V100 node: shares 0.5 and 0. */
    @Test
    void utilisationIsReportedPerGpuModel() {
        SnapshotRequest twoGpus = new SnapshotRequest(1000, 1024, 2, 1000, null);
        SnapshotTask hog = new SnapshotTask("hog", "p", "long", twoGpus, 1, T0, List.of("a"));
        PlatformSnapshot snapshot = bare(List.of(new SnapshotNode("a", "A100", 8000, 65536, 4, "A100"),
                        new SnapshotNode("v", "V100", 8000, 65536, 8, "V100")),
                List.of(), List.of(hog), Map.of("long", new double[] {1e6}));

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(120, 60, 2, 1, LEVELS));

        assertAll(
                () -> assertEquals(List.of("A100", "V100"), List.copyOf(result.utilisationByGpuModel().keySet())),
                () -> assertEquals(0.5, result.utilisationByGpuModel().get("A100").now()),
                () -> assertArrayEquals(new double[] {0.5, 0.5}, result.utilisationByGpuModel().get("A100").mean()),
                () -> assertArrayEquals(new double[] {0, 0}, result.utilisationByGpuModel().get("V100").mean()),
                // 2 of 12 GPUs over the platform.
                () -> assertEquals(2.0 / 12, result.utilisationByNodePool().get("all").get("GPU").mean()[0], 1e-12));
    }

    /**
     * Accuracy 0.9 with the default drift (half-life 30 days toward 0.6, noise 0.01). A threshold of 0.95
     * checked hourly since a deployment 30 minutes ago triggers at the first check, 1800 s ahead, in every
     * replication. A periodic policy of 2 h deployed 90 minutes ago retrains 1800 s ahead too; a period of
     * 1 day does not within the hour.
     */
    @Test
    void modelDriftAndNextRetraining() {
        SnapshotModel model = new SnapshotModel("m1", "pytorch", T0 - 1800,
                Map.of(ModelMetrics.ACCURACY, 0.9, ModelMetrics.ROBUSTNESS, 0.5, ModelMetrics.FAIRNESS, 0.8));
        PlatformSnapshot base = bare(List.of(new SnapshotNode("n1", "A100", 8000, 65536, 1, "A100")), List.of(),
                List.of(), Map.of());
        ForecastConfig config = new ForecastConfig(3600, 600, 400, 7, LEVELS);

        ModelForecast threshold = new Forecaster().forecast(base.withModels(List.of(model),
                RetrainingPolicy.parse("threshold:metric=accuracy,min=0.95,check=1h")), config).models().get("m1");
        SeriesForecast accuracy = threshold.metrics().get(ModelMetrics.ACCURACY);
        double expectedMeanAtHour = 0.6 + 0.3 * Math.exp(-Math.log(2) / (30 * 86_400.0) * 3600);
        double tolerance = 4 * ModelMetricDefaults.OBSERVATION_NOISE_SD / Math.sqrt(400);
        assertAll(
                () -> assertEquals(0.9, accuracy.now()),
                () -> assertEquals(expectedMeanAtHour, accuracy.mean()[5], tolerance),
                () -> assertTrue(accuracy.quantiles()[0][5] < accuracy.quantiles()[2][5]),
                () -> assertEquals(1.0, threshold.probabilityRetrainingWithinHorizon()),
                () -> assertArrayEquals(new double[] {1800, 1800, 1800}, threshold.nextRetrainingQuantilesSeconds()));

        SnapshotModel older = new SnapshotModel("m1", "pytorch", T0 - 5400, model.metrics());
        ModelForecast periodic = new Forecaster().forecast(base.withModels(List.of(older),
                RetrainingPolicy.parse("periodic:period=2h")), config).models().get("m1");
        ModelForecast daily = new Forecaster().forecast(base.withModels(List.of(older),
                RetrainingPolicy.parse("periodic:period=1d")), config).models().get("m1");
        ModelForecast none = new Forecaster().forecast(base.withModels(List.of(older), RetrainingPolicy.NONE),
                config).models().get("m1");
        assertAll(
                () -> assertArrayEquals(new double[] {1800, 1800, 1800}, periodic.nextRetrainingQuantilesSeconds()),
                () -> assertEquals(0.0, daily.probabilityRetrainingWithinHorizon()),
                () -> assertEquals(Double.POSITIVE_INFINITY, daily.nextRetrainingQuantilesSeconds()[0]),
                () -> assertEquals(0.0, none.probabilityRetrainingWithinHorizon()));
    }

    /** A threshold on robustness of a model that reports accuracy alone never fires: the absent metric reads 1. */
    @Test
    void absentMetricNeverTriggersRetraining() {
        SnapshotModel model = new SnapshotModel("m1", "pytorch", T0 - 1800, Map.of(ModelMetrics.ACCURACY, 0.5));
        PlatformSnapshot snapshot = bare(List.of(), List.of(), List.of(), Map.of()).withModels(List.of(model),
                RetrainingPolicy.parse("threshold:metric=robustness,min=0.99,check=10m"));
        ModelForecast forecast = new Forecaster().forecast(snapshot, new ForecastConfig(3600, 600, 20, 1, LEVELS))
                .models().get("m1");
        assertAll(
                () -> assertEquals(0.0, forecast.probabilityRetrainingWithinHorizon()),
                () -> assertEquals(List.of(ModelMetrics.ACCURACY), List.copyOf(forecast.metrics().keySet())));
    }

    /**
     * Arrivals follow the hour-of-week rates: 100 per hour in Monday's first hour and 300 in its second. The
     * arriving tasks need 2 cores on a 1-core node, so they all stay queued: the mean queue after 1 h is 100
     * and after 2 h 400, within 5 standard errors (sqrt(400) / sqrt(400) = 1 at 2 h).
     */
    @Test
    void arrivalsFollowTheHourOfWeekRates() {
        double monday = HourOfWeekArrivalModel.FIRST_MONDAY_EPOCH_SECONDS + 2900 * 7 * 86_400.0;
        double[] rates = new double[168];
        rates[0] = 100;
        rates[1] = 300;
        SnapshotRequest twoCores = new SnapshotRequest(2000, 1024, 0, 0, null);
        SnapshotTask template = new SnapshotTask("t", "p", "etl", twoCores, 1, monday, List.of());
        PlatformSnapshot snapshot = new PlatformSnapshot(monday,
                List.of(new SnapshotNode("c1", "cpu", 1000, 4096, 0, null)), List.of(), List.of(),
                Map.of("etl", new double[] {60}), 0.0, List.of(template))
                .withWorkload(new HourOfWeekArrivalModel(rates), Map.of("etl", new double[] {60}), List.of(template));

        ForecastResult result = new Forecaster().forecast(snapshot, new ForecastConfig(7200, 3600, 400, 11, LEVELS));

        double[] queue = result.queueLengthByTaskPool().get("cpu").mean();
        assertAll(
                () -> assertEquals(100, queue[0], 5 * Math.sqrt(100.0 / 400)),
                () -> assertEquals(400, queue[1], 5 * Math.sqrt(400.0 / 400)));
    }

    @Test
    void hourOfWeekStartsOnMondayUtc() {
        assertAll(
                // 1970-01-01 00:00 UTC was a Thursday: 3 days after Monday 00:00.
                () -> assertEquals(72, HourOfWeekArrivalModel.hourOfWeek(0)),
                () -> assertEquals(0, HourOfWeekArrivalModel.hourOfWeek(4 * 86_400)),
                () -> assertEquals(167, HourOfWeekArrivalModel.hourOfWeek(4 * 86_400 - 1)),
                () -> assertThrows(IllegalArgumentException.class, () -> new HourOfWeekArrivalModel(new double[24])));
        double[] rates = new double[168];
        Arrays.fill(rates, 36);
        rates[5] = 72;
        HourOfWeekArrivalModel model = new HourOfWeekArrivalModel(rates);
        double hour5 = 4 * 86_400 + 5 * 3600.0;
        assertAll(
                () -> assertEquals(0.02, model.ratePerSecondAt(hour5 + 10), 1e-15),
                () -> assertEquals(0.02, model.maxRatePerSecond(hour5 - 7200, hour5 + 1), 1e-15),
                () -> assertEquals(0.01, model.maxRatePerSecond(hour5 - 7200, hour5 - 1), 1e-15),
                () -> assertEquals(0.04, model.scaled(2).ratePerSecondAt(hour5), 1e-15));
    }

    /** Replication r draws from its own streams and fills its own slot: two threads give the same numbers. */
    @Test
    void parallelReplicationsGiveTheSequentialResult() {
        double[] rates = new double[168];
        java.util.Arrays.fill(rates, 120);
        SnapshotTask template = new SnapshotTask("t", "p", "train", ONE_GPU, 1, T0, List.of());
        List<SnapshotNode> nodes = List.of(new SnapshotNode("n1", "A100", 8000, 65536, 2, "A100"),
                new SnapshotNode("n2", "V100", 8000, 65536, 2, "V100"));
        PlatformSnapshot snapshot = bare(nodes, List.of(template), List.of(), Map.of())
                .withWorkload(new HourOfWeekArrivalModel(rates), Map.of("train", new double[] {30, 60, 200, 900}),
                        List.of(template));
        ForecastConfig config = new ForecastConfig(3600, 300, 37, 5, LEVELS);

        ForecastResult sequential = new Forecaster().forecast(snapshot, config);
        ForecastResult parallel = new Forecaster(io.pipetwin.core.scheduling.FifoQueueing::new,
                io.pipetwin.core.scheduling.FirstFit::new, io.pipetwin.core.scheduling.HeadOfLineRule.STRICT, 2)
                .forecast(snapshot, config);

        for (String pool : List.of("gpu", "all")) {
            assertArrayEquals(sequential.queueLengthByTaskPool().get(pool).quantiles()[1],
                    parallel.queueLengthByTaskPool().get(pool).quantiles()[1]);
            assertArrayEquals(sequential.queueLengthByTaskPool().get(pool).mean(),
                    parallel.queueLengthByTaskPool().get(pool).mean());
            assertArrayEquals(sequential.waitingTimeByTaskPool().get(pool).mean(),
                    parallel.waitingTimeByTaskPool().get(pool).mean());
        }
        assertArrayEquals(sequential.utilisationByGpuModel().get("V100").mean(),
                parallel.utilisationByGpuModel().get("V100").mean());
        assertTrue(sequential.queueLengthByTaskPool().get("gpu").mean()[11] > 0, "the test needs a busy queue");
    }

    @Test
    void dependencyOutsideThePipelineIsRejected() {
        PlatformSnapshot snapshot = bare(List.of(), List.of(), List.of(), Map.of())
                .withPipelines(List.of(new SnapshotPipeline("p", T0, List.of(step("p/a", "x", 0, false, "q/b")))));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Forecaster().forecast(snapshot, new ForecastConfig(60, 60, 1, 1, LEVELS)));
        assertTrue(error.getMessage().contains("q/b"), error.getMessage());
    }
}

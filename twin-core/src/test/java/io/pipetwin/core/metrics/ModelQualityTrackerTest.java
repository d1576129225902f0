package io.pipetwin.core.metrics;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class ModelQualityTrackerTest {

    private static final double DAY_SECONDS = 86_400.0;

    /** A minimal event list standing in for the engine: runs scheduled checks in time order. */
    private static final class CheckQueue implements ModelQualityTracker.CheckScheduler {
        private record Entry(double timeSeconds, long order, Runnable action) {
        }

        private final PriorityQueue<Entry> entries = new PriorityQueue<>(
                (a, b) -> a.timeSeconds != b.timeSeconds ? Double.compare(a.timeSeconds, b.timeSeconds)
                        : Long.compare(a.order, b.order));
        private long order;

        @Override
        public void scheduleAt(double timeSeconds, Runnable action) {
            entries.add(new Entry(timeSeconds, order++, action));
        }

        void runUntil(double endSeconds) {
            while (!entries.isEmpty() && entries.peek().timeSeconds <= endSeconds) {
                entries.poll().action.run();
            }
        }
    }

    /** Training with zero spread sets accuracy 0.9, robustness 0.5 and fairness 0.7 exactly. */
    private static TaskEffects deterministicEffects() {
        return TaskEffects.defaults().register(TaskEffects.TRAIN,
                new TrainingEffect(framework -> 0.9, 0, 0.5, 0, 0.7, 0, 100));
    }

    private static void trainAndDeploy(ModelQualityTracker tracker, String pipelineId, double timeSeconds) {
        tracker.onPipelineSubmitted(pipelineId, "m1", "pytorch", timeSeconds, false);
        tracker.onTaskFinished(pipelineId, "train", timeSeconds, 3600, 0);
        tracker.onTaskFinished(pipelineId, "deploy", timeSeconds, 0, 0);
        tracker.onPipelineFinished(pipelineId, timeSeconds);
    }

    @Test
    void thresholdWithoutDriftNeverRetrains() {
        CheckQueue checks = new CheckQueue();
        List<Double> retrainTimes = new ArrayList<>();
        ModelQualityTracker tracker = new ModelQualityTracker(RetrainingPolicy.parse("threshold:min=0.8,check=1h"),
                deterministicEffects(), metric -> DriftProcess.NONE, ModelMetrics.ACCURACY, 0.8,
                new SplittableRandom(1), checks, (model, trigger, time) -> {
                    retrainTimes.add(time);
                    return "r" + retrainTimes.size();
                });

        trainAndDeploy(tracker, "p1", 0);
        checks.runUntil(100 * DAY_SECONDS);

        assertTrue(retrainTimes.isEmpty(), "retrained at " + retrainTimes);
        assertEquals(0.9, tracker.meanMetric("m1", ModelMetrics.ACCURACY, 100 * DAY_SECONDS), 1e-12);
    }

    @Test
    void thresholdRetrainsAtFirstCheckAfterCrossing() {
        // Accuracy 0.9 decays toward 0.6 with a 10-day half-life; it crosses 0.76 at
        // t* = 10 d * log2(0.3 / 0.16). With daily checks the first check at or after t* retrains.
        ExponentialDrift accuracyDrift = ExponentialDrift.withHalfLifeDays(10, 0.6, 0.0);
        Function<String, DriftProcess> drift = metric -> metric.equals(ModelMetrics.ACCURACY) ? accuracyDrift
                : DriftProcess.NONE;
        double crossingSeconds = 10 * DAY_SECONDS * Math.log(0.3 / 0.16) / Math.log(2);
        double expectedRetrainSeconds = Math.ceil(crossingSeconds / DAY_SECONDS) * DAY_SECONDS;

        CheckQueue checks = new CheckQueue();
        List<Double> retrainTimes = new ArrayList<>();
        List<RetrainingTrigger> triggers = new ArrayList<>();
        ModelQualityTracker tracker = new ModelQualityTracker(RetrainingPolicy.parse("threshold:min=0.76,check=1d"),
                deterministicEffects(), drift, ModelMetrics.ACCURACY, 0.76, new SplittableRandom(1), checks,
                (model, trigger, time) -> {
                    retrainTimes.add(time);
                    triggers.add(trigger);
                    return "r" + retrainTimes.size();
                });

        trainAndDeploy(tracker, "p1", 0);
        checks.runUntil(expectedRetrainSeconds + 3 * DAY_SECONDS);

        assertEquals(List.of(expectedRetrainSeconds), retrainTimes,
                "one retraining; later checks are skipped while it runs");
        assertEquals(List.of(RetrainingTrigger.METRIC_TRIGGERED), triggers);
    }

    /**
     * Runs a model whose every version trains to accuracy 0.7, below the threshold 0.8, under {@code spec}
     * with hourly checks; each retraining finishes and deploys 2 hours after its submission. Returns the
     * submission times over {@code days}.
     */
    private static List<Double> retrainTimesBelowThreshold(String spec, int days) {
        TaskEffects effects = TaskEffects.defaults().register(TaskEffects.TRAIN,
                new TrainingEffect(framework -> 0.7, 0, 0.5, 0, 0.7, 0, 100));
        CheckQueue checks = new CheckQueue();
        List<Double> retrainTimes = new ArrayList<>();
        ModelQualityTracker[] holder = new ModelQualityTracker[1];
        holder[0] = new ModelQualityTracker(RetrainingPolicy.parse(spec), effects, metric -> DriftProcess.NONE,
                ModelMetrics.ACCURACY, 0.8, new SplittableRandom(1), checks, (model, trigger, time) -> {
                    retrainTimes.add(time);
                    String id = "r" + retrainTimes.size();
                    double doneSeconds = time + 7200;
                    checks.scheduleAt(doneSeconds, () -> {
                        holder[0].onTaskFinished(id, "train", doneSeconds, 7200, 0);
                        holder[0].onTaskFinished(id, "deploy", doneSeconds, 0, 0);
                        holder[0].onPipelineFinished(id, doneSeconds);
                    });
                    return id;
                });
        trainAndDeploy(holder[0], "p1", 0);
        checks.runUntil(days * DAY_SECONDS);
        return retrainTimes;
    }

    @Test
    void modelTrainedBelowThresholdIsRetrainedOncePerCooldown() {
        // Every version is below the threshold, so every check that is not blocked triggers. With a 1-day
        // cooldown the first trigger is the first check (1 h) and each later one the first hourly check a
        // full day after the previous trigger: 1 h + k days, for 1 h + k days <= 10 days, so k = 0..9.
        List<Double> expected = new ArrayList<>();
        for (int k = 0; 3600 + k * DAY_SECONDS <= 10 * DAY_SECONDS; k++) {
            expected.add(3600 + k * DAY_SECONDS);
        }
        assertEquals(10, expected.size());

        assertEquals(expected, retrainTimesBelowThreshold("threshold:min=0.8,check=1h,cooldown=1d", 10));
        assertEquals(expected, retrainTimesBelowThreshold("threshold:min=0.8,check=1h", 10),
                "the default cooldown is one day");
    }

    @Test
    void zeroCooldownRetrainsAtEveryCheckAfterTheLastRetrainingFinished() {
        // Without a cooldown, a trigger at t blocks checks until the retraining deploys at t + 2 h; the check
        // at t + 2 h runs after the deployment (it was scheduled later), so triggers fall every 2 hours.
        List<Double> times = retrainTimesBelowThreshold("threshold:min=0.8,check=1h,cooldown=0", 1);
        List<Double> expected = new ArrayList<>();
        for (double t = 3600; t <= DAY_SECONDS; t += 7200) {
            expected.add(t);
        }
        assertEquals(expected, times);
    }

    @Test
    void accountsMatchClosedFormWithoutRetraining() {
        double rate = Math.log(2) / (10 * DAY_SECONDS);
        ExponentialDrift accuracyDrift = new ExponentialDrift(rate, 0.6, 0.0);
        Function<String, DriftProcess> drift = metric -> metric.equals(ModelMetrics.ACCURACY) ? accuracyDrift
                : DriftProcess.NONE;
        CheckQueue checks = new CheckQueue();
        ModelQualityTracker tracker = new ModelQualityTracker(RetrainingPolicy.NONE, deterministicEffects(), drift,
                ModelMetrics.ACCURACY, 0.75, new SplittableRandom(1), checks, (model, trigger, time) -> null);

        double endSeconds = 30 * DAY_SECONDS;
        trainAndDeploy(tracker, "p1", 0);
        checks.runUntil(endSeconds);
        ModelAccount account = tracker.report(endSeconds).models().get(0);

        // Mean accuracy over [0, T]: (0.6 T + 0.3 (1 - e^{-kT}) / k) / T. Below 0.75 after one half-life.
        double expectedAverage = (0.6 * endSeconds + 0.3 * (1 - Math.exp(-rate * endSeconds)) / rate) / endSeconds;
        assertAll(
                () -> assertEquals(expectedAverage, account.timeAveragedMetrics().get(ModelMetrics.ACCURACY), 1e-9),
                () -> assertEquals(0.5, account.timeAveragedMetrics().get(ModelMetrics.ROBUSTNESS), 1e-12),
                () -> assertEquals(endSeconds - 10 * DAY_SECONDS, account.secondsBelowThreshold(), 1e-3),
                () -> assertEquals(1, account.versionsDeployed()),
                () -> assertEquals(0, account.retrainingsMetricTriggered()));
    }

    @Test
    void periodicRetrainingChargesGpuHours() {
        CheckQueue checks = new CheckQueue();
        List<String> submitted = new ArrayList<>();
        ModelQualityTracker tracker = new ModelQualityTracker(RetrainingPolicy.parse("periodic:period=7d"),
                deterministicEffects(), metric -> DriftProcess.NONE, ModelMetrics.ACCURACY, 0.8,
                new SplittableRandom(1), checks, (model, trigger, time) -> {
                    String id = "r" + submitted.size();
                    submitted.add(id);
                    return id;
                });

        trainAndDeploy(tracker, "p1", 0);
        checks.runUntil(7 * DAY_SECONDS);
        // The retraining pipeline trains for 2 GPU-hours after waiting 600 s, deploys and finishes.
        tracker.onTaskFinished("r0", "train", 7 * DAY_SECONDS + 8000, 7200, 600);
        tracker.onTaskFinished("r0", "deploy", 7 * DAY_SECONDS + 9000, 0, 0);
        tracker.onPipelineFinished("r0", 7 * DAY_SECONDS + 9000);
        checks.runUntil(14 * DAY_SECONDS);
        ModelAccount account = tracker.report(14 * DAY_SECONDS).models().get(0);

        assertAll(
                () -> assertEquals(List.of("r0", "r1"), submitted),
                () -> assertEquals(2, account.retrainingsScheduled()),
                () -> assertEquals(1, account.retrainingsCompleted()),
                () -> assertEquals(2.0, account.retrainingGpuHours(), 1e-12),
                () -> assertEquals(600 / 3600.0, account.retrainingQueueingHours(), 1e-12),
                () -> assertEquals(9000.0, account.retrainingLatencySeconds(), 1e-9),
                () -> assertEquals(2, account.versionsDeployed()));
    }

    @Test
    void failedRetrainingFreesModelWithoutDeploying() {
        CheckQueue checks = new CheckQueue();
        List<Double> submittedAt = new ArrayList<>();
        ModelQualityTracker tracker = new ModelQualityTracker(RetrainingPolicy.parse("periodic:period=1d"),
                deterministicEffects(), metric -> DriftProcess.NONE, ModelMetrics.ACCURACY, 0.8,
                new SplittableRandom(1), checks, (model, trigger, time) -> {
                    submittedAt.add(time);
                    return "r" + submittedAt.size();
                });

        trainAndDeploy(tracker, "p1", 0);
        checks.runUntil(DAY_SECONDS);
        tracker.onPipelineFailed("r1", DAY_SECONDS + 100);
        checks.runUntil(2 * DAY_SECONDS);
        ModelAccount account = tracker.report(2 * DAY_SECONDS).models().get(0);

        assertAll(
                () -> assertEquals(List.of(DAY_SECONDS, 2 * DAY_SECONDS), submittedAt,
                        "the check after the failure submits again"),
                () -> assertEquals(1, account.retrainingsFailed()),
                () -> assertEquals(0, account.retrainingsCompleted()),
                () -> assertEquals(1, account.versionsDeployed()));
    }

    @Test
    void hardeningAndCompressionChangeCandidate() {
        ModelCandidate candidate = new ModelCandidate("m", "pytorch", new ModelMetrics(0.9, 0.4, 0.7), 400);

        HardeningEffect.defaults().apply(candidate, new SplittableRandom(1));
        CompressionEffect.defaults().apply(candidate, new SplittableRandom(1));
        BiasMitigationEffect.defaults().apply(candidate, new SplittableRandom(1));

        double expectedAccuracy = 0.9 - ModelMetricDefaults.HARDENING_ACCURACY_COST
                - ModelMetricDefaults.COMPRESSION_ACCURACY_COST - ModelMetricDefaults.BIAS_MITIGATION_ACCURACY_COST;
        assertAll(
                () -> assertEquals(0.4 + ModelMetricDefaults.HARDENING_ROBUSTNESS_GAIN * 0.6,
                        candidate.metrics().get(ModelMetrics.ROBUSTNESS), 1e-12),
                () -> assertEquals(0.7 + ModelMetricDefaults.BIAS_MITIGATION_FAIRNESS_GAIN * 0.3,
                        candidate.metrics().get(ModelMetrics.FAIRNESS), 1e-12),
                () -> assertEquals(expectedAccuracy, candidate.metrics().get(ModelMetrics.ACCURACY), 1e-12),
                () -> assertEquals(400 * ModelMetricDefaults.COMPRESSION_SIZE_RATIO, candidate.sizeMib(), 1e-12));
    }
}

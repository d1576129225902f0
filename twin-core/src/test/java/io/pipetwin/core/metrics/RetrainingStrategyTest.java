package io.pipetwin.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetrainingStrategyTest {

    private static MonitoringSample sample(double timeSeconds, double accuracy) {
        return new MonitoringSample(timeSeconds, timeSeconds, new ModelMetrics(accuracy, 0.5, 0.5));
    }

    /** Returns the indexes of the samples at which the strategy requests a retraining. */
    private static List<Integer> triggerIndexes(RetrainingStrategy strategy, double[] accuracies) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < accuracies.length; i++) {
            if (strategy.decide(sample(i * 3600.0, accuracies[i])) != null) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    @Test
    void thresholdTriggersOnlyBelowThreshold() {
        double[] trajectory = {0.90, 0.86, 0.81, 0.79, 0.83, 0.78};
        ThresholdRetraining strategy = new ThresholdRetraining(ModelMetrics.ACCURACY, 0.80, 3600, 0);

        assertEquals(List.of(3, 5), triggerIndexes(strategy, trajectory));
        assertEquals(RetrainingTrigger.METRIC_TRIGGERED, strategy.decide(sample(6 * 3600.0, 0.1)));
    }

    @Test
    void thresholdTriggersAtMostOncePerCooldown() {
        // Hourly samples, all below the threshold; a 5-hour cooldown lets samples 0, 5, 10 trigger.
        double[] trajectory = new double[12];
        java.util.Arrays.fill(trajectory, 0.5);
        ThresholdRetraining strategy = new ThresholdRetraining(ModelMetrics.ACCURACY, 0.80, 3600, 5 * 3600.0);

        assertEquals(List.of(0, 5, 10), triggerIndexes(strategy, trajectory));
        assertThrows(IllegalArgumentException.class,
                () -> new ThresholdRetraining(ModelMetrics.ACCURACY, 0.80, 3600, -1));
    }

    @Test
    void pageHinkleyAlarmWithinCooldownDoesNotTrigger() {
        // A step down large enough to alarm at the first drop sample (0.5 - 0.005 > lambda), repeated: the
        // test resets after each alarm, so without a cooldown every second sample alarms.
        double[] trajectory = {0.9, 0.4, 0.9, 0.4, 0.9, 0.4, 0.9, 0.4};
        PageHinkleyRetraining noCooldown = new PageHinkleyRetraining(ModelMetrics.ACCURACY, 0.005, 0.05, 3600, 0);
        List<Integer> alarms = triggerIndexes(noCooldown, trajectory);
        assertEquals(List.of(1, 3, 5, 7), alarms);

        PageHinkleyRetraining cooled = new PageHinkleyRetraining(ModelMetrics.ACCURACY, 0.005, 0.05, 3600,
                4 * 3600.0);
        assertEquals(List.of(1, 5), triggerIndexes(cooled, trajectory));
    }

    @Test
    void periodicTriggersAtEveryCheck() {
        PeriodicRetraining strategy = new PeriodicRetraining(7 * 86_400.0);

        assertEquals(7 * 86_400.0, strategy.checkIntervalSeconds());
        assertEquals(RetrainingTrigger.SCHEDULED, strategy.decide(sample(7 * 86_400.0, 0.95)));
    }

    @Test
    void noneIsNeverChecked() {
        NoRetraining strategy = new NoRetraining();

        assertEquals(Double.POSITIVE_INFINITY, strategy.checkIntervalSeconds());
        assertNull(strategy.decide(sample(0, 0.0)));
    }

    @Test
    void pageHinkleyAlarmsOnThirdDropSample() {
        // Ten observations at c, then a step down by d. Derivation with delta = 0.005, lambda = 0.05:
        // during the constant phase each term is +delta, so M = m. The k-th observation after the step has
        // running mean c - k d / (10 + k), so its term is -d * 10 / (10 + k) + delta and M - m after k
        // drops is sum_{j<=k} (d * 10 / (10 + j) - delta).
        double c = 0.9;
        double d = 0.03;
        double delta = 0.005;
        double lambda = 0.05;
        int expectedAlarmDrop = 0;
        double gap = 0;
        for (int k = 1; k <= 10 && expectedAlarmDrop == 0; k++) {
            gap += d * 10 / (10.0 + k) - delta;
            if (gap > lambda) {
                expectedAlarmDrop = k;
            }
        }
        assertEquals(3, expectedAlarmDrop, "hand derivation: 0.0223, 0.0423, 0.0603 > 0.05");

        double[] trajectory = new double[16];
        for (int i = 0; i < trajectory.length; i++) {
            trajectory[i] = i < 10 ? c : c - d;
        }
        PageHinkleyRetraining strategy = new PageHinkleyRetraining(ModelMetrics.ACCURACY, delta, lambda, 3600);

        List<Integer> triggers = triggerIndexes(strategy, trajectory);

        assertEquals(10 + expectedAlarmDrop - 1, triggers.get(0));
        assertEquals(1, triggers.size(), "after the alarm the test restarts on the new level and stays quiet");
    }

    @Test
    void pageHinkleyQuietOnConstantMetric() {
        double[] trajectory = new double[500];
        java.util.Arrays.fill(trajectory, 0.85);

        assertTrue(triggerIndexes(new PageHinkleyRetraining(ModelMetrics.ACCURACY, 0.005, 0.05, 3600), trajectory)
                .isEmpty());
    }

    @Test
    void policyParsesSpecifications() {
        RetrainingStrategy periodic = RetrainingPolicy.parse("periodic:period=2d").newStrategy();
        RetrainingStrategy threshold = RetrainingPolicy.parse("threshold:min=0.7,check=30m").newStrategy();

        assertEquals(2 * 86_400.0, periodic.checkIntervalSeconds());
        assertEquals(1800.0, threshold.checkIntervalSeconds());
        assertNull(threshold.decide(sample(0, 0.75)));
        assertEquals(RetrainingTrigger.METRIC_TRIGGERED, threshold.decide(sample(0, 0.65)));
    }

    @Test
    void policyRejectsUnknownOption() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RetrainingPolicy.parse("periodic:every=2d"));

        assertTrue(error.getMessage().contains("every"), error.getMessage());
        assertTrue(error.getMessage().contains("period"), error.getMessage());
    }
}

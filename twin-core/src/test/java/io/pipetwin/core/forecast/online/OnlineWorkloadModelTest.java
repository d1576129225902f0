package io.pipetwin.core.forecast.online;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.forecast.HourOfWeekArrivalModel;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SnapshotRequest;
import io.pipetwin.core.forecast.SnapshotTask;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnlineWorkloadModelTest {

    /** A Monday 00:00 UTC: 1970-01-05 plus 2900 weeks. */
    private static final double MONDAY = 4 * 86_400.0 + 2900 * 604_800.0;
    private static final SnapshotRequest CPU = new SnapshotRequest(2000, 4096, 0, 0, null);
    private static final SnapshotRequest GPU = new SnapshotRequest(8000, 65536, 1, 1000, "A100");

    private static OnlineModelSettings settings(double halfLifeHours, double priorWeightHours, int reservoir,
                                                int recent) {
        return new OnlineModelSettings(halfLifeHours, priorWeightHours, reservoir, recent, 42L);
    }

    /**
     * Two weeks observed with 10 arrivals in each Monday 09:00 hour and none elsewhere, without forgetting.
     * Hour 9 has 20 arrivals over 2 h, every other hour 0 over 2 h; the overall rate is 20 / 336 per hour.
     * With a prior worth 2 h: rate_9 = (20 + 2·20/336) / 4 and every other rate = (2·20/336) / 4.
     */
    @Test
    void ratesShrinkTowardTheOverallRateWithoutPrior() {
        OnlineWorkloadModel model = new OnlineWorkloadModel(settings(1e12, 2.0, 10, 10), null);
        model.advanceTo(MONDAY);
        for (int week = 0; week < 2; week++) {
            for (int i = 0; i < 10; i++) {
                model.observeArrival(MONDAY + week * 604_800.0 + 9 * 3600 + i * 300, "etl", CPU, 1);
            }
        }
        model.advanceTo(MONDAY + 2 * 604_800.0);

        OnlineModelParameters parameters = model.parameters();
        double overall = 20.0 / 336;
        assertAll(
                () -> assertEquals(20, parameters.arrivalsObserved()),
                () -> assertEquals(20.0, parameters.weightedArrivals()[9], 1e-6),
                () -> assertEquals(2.0, parameters.exposureHours()[9], 1e-6),
                () -> assertEquals(2.0, parameters.exposureHours()[100], 1e-6),
                () -> assertEquals((20 + 2 * overall) / 4, parameters.ratesPerHour()[9], 1e-6),
                () -> assertEquals(2 * overall / 4, parameters.ratesPerHour()[10], 1e-6),
                () -> assertEquals((20 + 2 * overall) / 4 / 3600,
                        model.arrivalModel().ratePerSecondAt(MONDAY + 3 * 604_800.0 + 9 * 3600 + 1), 1e-9));
    }

    /** An arrival counted without class and request moves the rates and the count but not the request mix. */
    @Test
    void countedArrivalSkipsTheRequestMix() {
        OnlineWorkloadModel observed = new OnlineWorkloadModel(settings(1e12, 0.0, 10, 10), null);
        OnlineWorkloadModel counted = new OnlineWorkloadModel(settings(1e12, 0.0, 10, 10), null);
        observed.observeArrival(MONDAY + 60, "etl", CPU, 1);
        counted.countArrival(MONDAY + 60);
        observed.advanceTo(MONDAY + 3600);
        counted.advanceTo(MONDAY + 3600);

        assertAll(
                () -> assertEquals(1, counted.parameters().arrivalsObserved()),
                () -> assertArrayEquals(observed.parameters().ratesPerHour(), counted.parameters().ratesPerHour()),
                () -> assertEquals(MONDAY + 3600, counted.clockSeconds()),
                () -> assertEquals(0, counted.parameters().recentArrivals()),
                () -> assertTrue(counted.recentArrivals().isEmpty()));
    }

    /**
     * Half-life 1 h: an arrival at Monday 00:00 counts 1/2 an hour later and 1/4 two hours later. The
     * exposure hour of 00:00–01:00 counts 1 at 01:00 and 1/2 at 02:00.
     */
    @Test
    void observationsLoseHalfTheirWeightPerHalfLife() {
        OnlineWorkloadModel model = new OnlineWorkloadModel(settings(1.0, 0.0, 10, 10), null);
        model.observeArrival(MONDAY, "etl", CPU, 1);
        model.advanceTo(MONDAY + 3600);
        OnlineModelParameters oneHour = model.parameters();
        model.advanceTo(MONDAY + 7200);
        OnlineModelParameters twoHours = model.parameters();
        assertAll(
                () -> assertEquals(0.5, oneHour.weightedArrivals()[0], 1e-12),
                () -> assertEquals(1.0, oneHour.exposureHours()[0], 1e-12),
                () -> assertEquals(0.25, twoHours.weightedArrivals()[0], 1e-12),
                () -> assertEquals(0.5, twoHours.exposureHours()[0], 1e-12),
                () -> assertEquals(1.0, twoHours.exposureHours()[1], 1e-12),
                // The rate of hour 0 is the ratio, 0.25 / 0.5, whatever the common discount.
                () -> assertEquals(0.5, twoHours.ratesPerHour()[0], 1e-12));
    }

    @Test
    void withoutDataTheRatesAreTheProfilePrior() {
        WorkloadProfile profile = WorkloadProfileLoader.loadDefault();
        OnlineWorkloadModel model = OnlineWorkloadModel.withProfilePrior(OnlineModelSettings.DEFAULTS, profile);
        assertArrayEquals(profile.arrivals().hourOfWeekRatesPerHour(), model.parameters().ratesPerHour(), 1e-12);
    }

    /** Durations e^0, e^1, e^2: log mean 1, maximum-likelihood variance ((−1)² + 0 + 1²) / 3 = 2/3. */
    @Test
    void durationsFitALognormalAndKeepABoundedSample() {
        OnlineWorkloadModel model = new OnlineWorkloadModel(settings(24, 1, 2, 10), null);
        model.observeDuration("train", 1.0);
        model.observeDuration("train", Math.E);
        model.observeDuration("train", Math.E * Math.E);
        DurationFit fit = model.parameters().durations().get("train");
        assertAll(
                () -> assertEquals(3, fit.count()),
                () -> assertEquals(1.0, fit.mu(), 1e-12),
                () -> assertEquals(Math.sqrt(2.0 / 3), fit.sigma(), 1e-12),
                () -> assertEquals(Math.E, fit.medianSeconds(), 1e-12),
                () -> assertEquals(2, fit.kept()),
                () -> assertEquals(2, model.durationSamples().get("train").length),
                () -> assertThrows(IllegalArgumentException.class, () -> model.observeDuration("train", 0.0)));
    }

    /**
     * 10,000 durations 1..10,000 into a reservoir of 400: a uniform sample, whose mean is 5000.5 within
     * 5 standard errors (sd of the values 2887 / sqrt(400) = 144).
     */
    @Test
    void reservoirIsAUniformSample() {
        OnlineWorkloadModel model = new OnlineWorkloadModel(settings(24, 1, 400, 10), null);
        for (int i = 1; i <= 10_000; i++) {
            model.observeDuration("train", i);
        }
        double[] kept = model.durationSamples().get("train");
        assertEquals(400, kept.length);
        assertEquals(5000.5, Arrays.stream(kept).average().orElseThrow(), 5 * 2887 / Math.sqrt(400));
    }

    @Test
    void recentArrivalsKeepTheLastOnesOldestFirst() {
        OnlineWorkloadModel model = new OnlineWorkloadModel(settings(24, 1, 10, 3), null);
        for (int i = 0; i < 5; i++) {
            model.observeArrival(MONDAY + i, i % 2 == 0 ? "etl" : "train", i % 2 == 0 ? CPU : GPU, 1);
        }
        List<SnapshotTask> recent = model.recentArrivals();
        assertAll(
                () -> assertEquals(List.of(MONDAY + 2, MONDAY + 3, MONDAY + 4),
                        recent.stream().map(SnapshotTask::sinceSeconds).toList()),
                () -> assertEquals(List.of("etl", "train", "etl"), recent.stream().map(SnapshotTask::taskClass).toList()),
                () -> assertEquals(GPU, recent.get(1).request()));
    }

    @Test
    void bytesRoundTripAndContinue() {
        OnlineWorkloadModel original = new OnlineWorkloadModel(settings(48, 2, 50, 20), new double[168]);
        feed(original, 0, 500);
        OnlineWorkloadModel restored = OnlineWorkloadModel.fromBytes(original.toBytes());

        assertParametersEqual(original.parameters(), restored.parameters());
        assertEquals(original.recentArrivals(), restored.recentArrivals());

        feed(original, 500, 1500);
        feed(restored, 500, 1500);
        assertArrayEquals(original.toBytes(), restored.toBytes());
        assertArrayEquals(original.durationSamples().get("train"), restored.durationSamples().get("train"));
    }

    @Test
    void serializedSizeDoesNotGrowWithHistory() {
        OnlineWorkloadModel shortHistory = new OnlineWorkloadModel(settings(48, 2, 100, 20), null);
        OnlineWorkloadModel longHistory = new OnlineWorkloadModel(settings(48, 2, 100, 20), null);
        feed(shortHistory, 0, 10_000);
        feed(longHistory, 0, 200_000);
        assertEquals(shortHistory.toBytes().length, longHistory.toBytes().length);
    }

    @Test
    void corruptBytesAreRejectedWithTheFix() {
        byte[] bytes = new OnlineWorkloadModel(OnlineModelSettings.DEFAULTS, null).toBytes();
        bytes[0] = 9;
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> OnlineWorkloadModel.fromBytes(bytes));
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> OnlineWorkloadModel.fromBytes(Arrays.copyOf(new OnlineWorkloadModel(
                        OnlineModelSettings.DEFAULTS, null).toBytes(), 20)));
        assertAll(
                () -> assertTrue(version.getMessage().contains("version 9"), version.getMessage()),
                () -> assertTrue(truncated.getMessage().contains("rebuild the model"), truncated.getMessage()));
    }

    @Test
    void applyToFillsTheSnapshotsWorkloadInputs() {
        OnlineWorkloadModel model = new OnlineWorkloadModel(settings(48, 2, 50, 20), null);
        feed(model, 0, 100);
        PlatformSnapshot snapshot = new PlatformSnapshot(MONDAY + 200 * 60, List.of(), List.of(), List.of(),
                Map.of(), 0.0, List.of());
        PlatformSnapshot applied = model.applyTo(snapshot);
        assertAll(
                () -> assertInstanceOf(HourOfWeekArrivalModel.class, applied.arrivalModel()),
                () -> assertEquals(20, applied.recentArrivals().size()),
                // 66 of the 100 durations are etl (every index not divisible by 3): the reservoir keeps 50.
                () -> assertEquals(50, applied.observedDurationsSeconds().get("etl").length),
                () -> assertEquals(MONDAY + 200 * 60, model.parameters().clockSeconds()));
    }

    /** Feeds one arrival per minute from event {@code from} to {@code to}, and one duration each. */
    private static void feed(OnlineWorkloadModel model, int from, int to) {
        for (int i = from; i < to; i++) {
            boolean gpu = i % 3 == 0;
            model.observeArrival(MONDAY + i * 60.0, gpu ? "train" : "etl", gpu ? GPU : CPU, 1);
            model.observeDuration(gpu ? "train" : "etl", 10 + i % 17);
        }
    }

    private static void assertParametersEqual(OnlineModelParameters expected, OnlineModelParameters actual) {
        assertAll(
                () -> assertArrayEquals(expected.ratesPerHour(), actual.ratesPerHour()),
                () -> assertArrayEquals(expected.weightedArrivals(), actual.weightedArrivals()),
                () -> assertArrayEquals(expected.exposureHours(), actual.exposureHours()),
                () -> assertEquals(expected.arrivalsObserved(), actual.arrivalsObserved()),
                () -> assertEquals(expected.durations(), actual.durations()),
                () -> assertEquals(expected.recentArrivals(), actual.recentArrivals()),
                () -> assertEquals(expected.clockSeconds(), actual.clockSeconds()));
    }
}

package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.SnapshotRequest;
import io.pipetwin.core.forecast.online.OnlineModelParameters;
import io.pipetwin.core.forecast.online.OnlineModelSettings;
import io.pipetwin.core.forecast.online.OnlineWorkloadModel;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskStatus;
import io.pipetwin.streams.Events;
import io.pipetwin.streams.mirror.ApplyResult;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.mirror.MirrorStore;
import io.pipetwin.streams.mirror.PlatformMirror;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static io.pipetwin.streams.Events.finished;
import static io.pipetwin.streams.Events.node;
import static io.pipetwin.streams.Events.pipeline;
import static io.pipetwin.streams.Events.queued;
import static io.pipetwin.streams.Events.request;
import static io.pipetwin.streams.Events.started;
import static io.pipetwin.streams.Events.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workload model absorbs the mirror's windows at boundaries. Every arrival counts in the rates even when
 * the ring overwrote it. A model restored from its stored bytes with the mirror's windows ends up identical
 * to one that was never interrupted.
 */
class AbsorbedWorkloadModelTest {

    private static final long MINUTE = 60_000;
    private static final long INTERVAL = 5 * MINUTE;
    /** Monday 2023-01-02 00:00 UTC, the start of hour of the week 0. */
    private static final long T0 = Instant.parse("2023-01-02T00:00:00Z").toEpochMilli();
    /** Windows small enough that one interval overflows them. */
    private static final MirrorLimits SMALL_WINDOWS = new MirrorLimits(4, 8, Duration.ofHours(1), Duration.ofHours(1),
            100_000, Duration.ofMinutes(10), Duration.ofHours(24));

    private static PlatformMirror mirror() {
        PlatformMirror mirror = new PlatformMirror("p1", SMALL_WINDOWS, MirrorStore.NONE);
        apply(mirror, new Events("p1").event("node", T0, node("n1", 1_000_000, 1_000_000, 0, null)));
        return mirror;
    }

    private static void apply(PlatformMirror mirror, PlatformEvent event) {
        ApplyResult result = mirror.apply(event);
        assertTrue(result.applied(), () -> "event " + event + " was rejected: " + result.reason() + ", "
                + result.detail());
    }

    private static AbsorbedWorkloadModel emptyModel() {
        return new AbsorbedWorkloadModel(new OnlineWorkloadModel(OnlineModelSettings.DEFAULTS, null));
    }

    @Test
    void overwrittenArrivalsCountInTheRates() {
        PlatformMirror mirror = mirror();
        Events events = new Events("p1");
        // 20 arrivals in the first interval, 2.5 times the ring of 8; 10 of them finish, 2.5 times the window of 4.
        for (int i = 0; i < 20; i++) {
            long time = T0 + MINUTE + i * 1000L;
            apply(mirror, events.event(time, pipeline("pipe-" + i, task("t" + i, "train", request(1_000, 1_024, 0, 0)))));
            apply(mirror, events.event(time, queued("pipe-" + i, "t" + i)));
        }
        for (int i = 0; i < 10; i++) {
            apply(mirror, events.event(T0 + 2 * MINUTE + i * 1000L, started("pipe-" + i, "t" + i, "n1")));
            apply(mirror, events.event(T0 + 3 * MINUTE + i * 1000L, finished("pipe-" + i, "t" + i, TaskStatus.SUCCEEDED)));
        }
        AbsorbedWorkloadModel model = emptyModel();

        long counted = model.absorb(mirror.arrivals(), mirror.durationWindows(), (T0 + INTERVAL) / 1000.0,
                T0 / 1000.0);

        OnlineModelParameters parameters = model.model().parameters();
        assertEquals(20, counted);
        assertEquals(20, parameters.arrivalsObserved());
        assertEquals(20, model.arrivalMarker());
        assertEquals(20.0, parameters.weightedArrivals()[0], 0.01, "all 20 arrivals fall in hour of the week 0");
        assertEquals(8, parameters.recentArrivals(), "only the arrivals still in the ring enter the request mix");
        String taskClass = mirror.durationWindows().keySet().iterator().next();
        assertEquals(10, model.durationMarker(taskClass));
        // The window kept the last 4 durations; the 6 it overwrote never reach the model.
        assertEquals(4, parameters.durations().get(taskClass).count());
        assertEquals((T0 + INTERVAL) / 1000.0, parameters.clockSeconds(), 1e-9);

        // Nothing new by the next boundary: the markers stay and only the clock moves.
        assertEquals(0, model.absorb(mirror.arrivals(), mirror.durationWindows(), (T0 + 2 * INTERVAL) / 1000.0,
                T0 / 1000.0));
        assertEquals(20, model.model().parameters().arrivalsObserved());
        assertEquals(4, model.model().parameters().durations().get(taskClass).count());
    }

    @Test
    void restoredModelMatchesUninterruptedOne() {
        List<PlatformEvent> history = history(new SplittableRandom(7), 400);
        PlatformMirror uninterruptedMirror = mirror();
        PlatformMirror restartedMirror = mirror();
        AbsorbedWorkloadModel uninterrupted = emptyModel();
        AbsorbedWorkloadModel restarted = emptyModel();
        byte[] storedAtLastBoundary = restarted.toBytes();
        long nextBoundary = T0 + INTERVAL;
        int crashes = 0;
        int overflowingIntervals = 0;
        for (int i = 0; i < history.size(); i++) {
            PlatformEvent event = history.get(i);
            while (event.getEventTime().toEpochMilli() >= nextBoundary) {
                double boundarySeconds = nextBoundary / 1000.0;
                double fallbackStart = (nextBoundary - INTERVAL) / 1000.0;
                long counted = uninterrupted.absorb(uninterruptedMirror.arrivals(),
                        uninterruptedMirror.durationWindows(), boundarySeconds, fallbackStart);
                if (counted > SMALL_WINDOWS.arrivalWindowSize()) {
                    overflowingIntervals++;
                }
                restarted.absorb(restartedMirror.arrivals(), restartedMirror.durationWindows(), boundarySeconds,
                        fallbackStart);
                storedAtLastBoundary = restarted.toBytes();
                nextBoundary += INTERVAL;
            }
            apply(uninterruptedMirror, event);
            apply(restartedMirror, event);
            // A crash between boundaries loses the model's memory; the store still has it as of the last boundary.
            if (i % 37 == 36) {
                restarted = AbsorbedWorkloadModel.fromBytes(storedAtLastBoundary);
                crashes++;
            }
        }

        assertTrue(crashes > 5, "the history crashes the restarted model several times");
        assertTrue(overflowingIntervals > 0, "some interval has more arrivals than the ring holds");
        OnlineModelParameters parameters = uninterrupted.model().parameters();
        assertTrue(parameters.arrivalsObserved() > 100, "the history has arrivals: " + parameters.arrivalsObserved());
        assertTrue(parameters.durations().size() >= 2, "the history finishes tasks of two classes");
        assertArrayEquals(uninterrupted.toBytes(), restarted.toBytes());
    }

    @Test
    void markerlessModelSkipsOldEntries() {
        PlatformMirror mirror = mirror();
        Events events = new Events("p1");
        for (int i = 0; i < 3; i++) {
            apply(mirror, events.event(T0 + MINUTE + i, pipeline("pipe-" + i, task("t" + i, "train",
                    request(1_000, 1_024, 0, 0)))));
            apply(mirror, events.event(T0 + MINUTE + i, started("pipe-" + i, "t" + i, "n1")));
        }
        OnlineWorkloadModel bare = new OnlineWorkloadModel(OnlineModelSettings.DEFAULTS, null);
        bare.observeArrival((T0 + MINUTE) / 1000.0, "train", new SnapshotRequest(1_000, 1_024, 0, 0, null), 1);
        AbsorbedWorkloadModel restored = AbsorbedWorkloadModel.fromBytes(bare.toBytes());
        assertEquals(-1, restored.arrivalMarker());

        restored.absorb(mirror.arrivals(), mirror.durationWindows(), (T0 + INTERVAL) / 1000.0, T0 / 1000.0);
        assertEquals(1, restored.model().parameters().arrivalsObserved(), "the windows' old entries are skipped");
        assertEquals(3, restored.arrivalMarker());

        apply(mirror, events.event(T0 + 6 * MINUTE, pipeline("pipe-3", task("t3", "train", request(1_000, 1_024, 0, 0)))));
        apply(mirror, events.event(T0 + 6 * MINUTE, started("pipe-3", "t3", "n1")));
        restored.absorb(mirror.arrivals(), mirror.durationWindows(), (T0 + 2 * INTERVAL) / 1000.0, T0 / 1000.0);
        assertEquals(2, restored.model().parameters().arrivalsObserved());
    }

    /**
     * Single-task pipelines of two task types at random times over about 4 hours, each started on arrival
     * or queued first, and most of them finishing. Bursts overflow the small windows.
     */
    private static List<PlatformEvent> history(SplittableRandom random, int pipelines) {
        record Timed(long timeMillis, int order, Object payload) {
        }
        List<Timed> timed = new ArrayList<>();
        long time = T0 + MINUTE;
        int order = 0;
        for (int i = 0; i < pipelines; i++) {
            // Mostly gaps of up to a minute, sometimes a burst of arrivals a few seconds apart.
            time += random.nextInt(10) < 3 ? random.nextInt(1_000, 5_000) : random.nextInt(1_000, 60_000);
            String pipelineId = "pipe-" + i;
            String taskId = "t" + i;
            String type = random.nextBoolean() ? "train" : "evaluate";
            timed.add(new Timed(time, order++, pipeline(pipelineId, task(taskId, type, request(1_000, 1_024, 0, 0)))));
            long start = time;
            if (random.nextBoolean()) {
                timed.add(new Timed(time, order++, queued(pipelineId, taskId)));
                start += random.nextInt(0, 120_000);
            }
            timed.add(new Timed(start, order++, started(pipelineId, taskId, "n1")));
            if (random.nextInt(10) < 8) {
                timed.add(new Timed(start + random.nextInt(0, 900_000), order++,
                        finished(pipelineId, taskId, TaskStatus.SUCCEEDED)));
            }
        }
        timed.sort(Comparator.comparingLong(Timed::timeMillis).thenComparingInt(Timed::order));
        Events events = new Events("p1");
        List<PlatformEvent> result = new ArrayList<>(timed.size());
        for (Timed entry : timed) {
            result.add(events.event(entry.timeMillis(), entry.payload()));
        }
        return result;
    }
}

package io.pipetwin.core.scheduling;

import static io.pipetwin.core.scheduling.Platforms.cpuNode;
import static io.pipetwin.core.scheduling.Platforms.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.platform.ResourceRequest;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Hand-traced schedules for each queueing policy, on nodes of 1000 milli-cores per slot. */
class QueueingPolicyTest {

    private static final ResourceRequest ONE_CORE = ResourceRequest.cpu(1000, 0);

    private static PlatformSimulation twoNodes(Supplier<QueueingPolicy> queueing) {
        return Platforms.simulation(List.of(cpuNode("n1", 1000), cpuNode("n2", 1000)), queueing, new FirstFit(),
                HeadOfLineRule.STRICT, FailurePolicy.FAIL);
    }

    private static PlatformSimulation oneSlot(Supplier<QueueingPolicy> queueing) {
        return Platforms.simulation(List.of(cpuNode("n1", 1000)), queueing, new FirstFit(), HeadOfLineRule.STRICT,
                FailurePolicy.FAIL);
    }

    /**
     * Two one-core nodes. A (10 s) runs on n1 and B (8 s) on n2 from 0; C (5 s), D (2 s) and E (3 s) wait.
     * At 8 the shortest, D, takes n2 (8 to 10). At 10 A's completion is handled first (scheduled earlier):
     * E, now the shortest, takes n1; then D's completion frees n2 for C.
     */
    @Test
    void shortestExpectedJobFirstOrdersByLength() {
        PlatformSimulation platform = twoNodes(ShortestExpectedJobFirst::new);
        Platforms.Trace trace = new Platforms.Trace(platform);

        platform.submit(task("A", ONE_CORE, 10));
        platform.submit(task("B", ONE_CORE, 8));
        platform.submit(task("C", ONE_CORE, 5));
        platform.submit(task("D", ONE_CORE, 2));
        platform.submit(task("E", ONE_CORE, 3));
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n2", "start D 8.0 n2", "start E 10.0 n1",
                "start C 10.0 n2"), trace.starts());
    }

    /**
     * Two one-core nodes. A (class 0, 10 s) runs on n1 and B (class 0, 6 s) on n2; then L (class 0, 2 s) and
     * H (class 5, 3 s) wait. H overtakes L: it takes n2 at 6, and L follows it there at 9, before A frees n1.
     */
    @Test
    void priorityClassesServeHigherFirst() {
        PlatformSimulation platform = twoNodes(() -> new PriorityClasses(false));
        Platforms.Trace trace = new Platforms.Trace(platform);

        platform.submit(task("A", ONE_CORE, 10, 1, "t", 0));
        platform.submit(task("B", ONE_CORE, 6, 1, "t", 0));
        platform.submit(task("L", ONE_CORE, 2, 1, "t", 0));
        platform.submit(task("H", ONE_CORE, 3, 1, "t", 5));
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n2", "start H 6.0 n2", "start L 9.0 n2"),
                trace.starts());
    }

    /**
     * Two one-core nodes: A (class 1, 10 s) on n1, B (class 0, 10 s) on n2. C (class 5, 3 s) arrives at 4;
     * either node needs one eviction, and B's class is lower, so B is evicted: C runs on n2 from 4 to 7 and B
     * restarts there at 7, ending at 17.
     */
    @Test
    void preemptionEvictsLowestClass() {
        PlatformSimulation platform = twoNodes(() -> new PriorityClasses(true));
        Platforms.Trace trace = new Platforms.Trace(platform);
        Task b = task("B", ONE_CORE, 10, 1, "t", 0);
        Task c = task("C", ONE_CORE, 3, 1, "t", 5);
        int submitHigh = platform.simulation().register(ignored -> platform.submit(c));

        platform.submit(task("A", ONE_CORE, 10, 1, "t", 1));
        platform.submit(b);
        platform.simulation().scheduleAt(4.0, submitHigh, 0);
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n2", "start C 4.0 n2", "end C 7.0", "start B 7.0 n2",
                "end A 10.0", "end B 17.0"), trace.events);
        assertEquals(2, b.attempts());
    }

    /**
     * A (class 0, 10 s) runs from 0; C (class 5, 3 s) arrives at 4 and evicts A, runs 4 to 7; A restarts
     * at 7 from the beginning and ends at 17.
     */
    @Test
    void preemptionEvictsLowerClass() {
        PlatformSimulation platform = oneSlot(() -> new PriorityClasses(true));
        Platforms.Trace trace = new Platforms.Trace(platform);
        Task low = task("A", ONE_CORE, 10, 1, "t", 0);
        Task high = task("C", ONE_CORE, 3, 1, "t", 5);
        int submitHigh = platform.simulation().register(ignored -> platform.submit(high));

        platform.submit(low);
        platform.simulation().scheduleAt(4.0, submitHigh, 0);
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start C 4.0 n1", "end C 7.0", "start A 7.0 n1", "end A 17.0"),
                trace.events);
        assertEquals(2, low.attempts());
    }

    /** Without preemption the same arrival waits for A: C runs 10 to 13. */
    @Test
    void priorityWithoutPreemptionWaits() {
        PlatformSimulation platform = oneSlot(() -> new PriorityClasses(false));
        Platforms.Trace trace = new Platforms.Trace(platform);
        Task high = task("C", ONE_CORE, 3, 1, "t", 5);
        int submitHigh = platform.simulation().register(ignored -> platform.submit(high));

        platform.submit(task("A", ONE_CORE, 10, 1, "t", 0));
        platform.simulation().scheduleAt(4.0, submitHigh, 0);
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "end A 10.0", "start C 10.0 n1", "end C 13.0"), trace.events);
    }

    /**
     * Two slots; tenant x submits x1, x2, x3 and then tenant y submits y1, y2, all 1 s. Fair share: x1 starts,
     * then y1 (y runs fewer tasks than x); at 1 both tenants run nothing, so x2 (submitted first) and then y2;
     * x3 at 2. FIFO would run x1, x2 at 0, x3, y1 at 1 and y2 at 2.
     */
    @Test
    void tenantFairShareAlternatesTenants() {
        PlatformSimulation fair = Platforms.simulation(List.of(cpuNode("n1", 2000)), TenantFairShare::new,
                new FirstFit(), HeadOfLineRule.STRICT, FailurePolicy.FAIL);
        PlatformSimulation fifo = Platforms.simulation(List.of(cpuNode("n1", 2000)), FifoQueueing::new,
                new FirstFit(), HeadOfLineRule.STRICT, FailurePolicy.FAIL);
        Platforms.Trace fairTrace = new Platforms.Trace(fair);
        Platforms.Trace fifoTrace = new Platforms.Trace(fifo);

        for (PlatformSimulation platform : List.of(fair, fifo)) {
            // Queue all five before any starts, so the policy sees them together.
            platform.scheduler().cluster().failNode("n1");
            for (String id : List.of("x1", "x2", "x3")) {
                platform.submit(task(id, ONE_CORE, 1, 1, "x", 0));
            }
            for (String id : List.of("y1", "y2")) {
                platform.submit(task(id, ONE_CORE, 1, 1, "y", 0));
            }
            platform.addNode(cpuNode("n2", 2000));
            platform.simulation().run();
        }

        assertEquals(List.of("start x1 0.0 n2", "start y1 0.0 n2", "start x2 1.0 n2", "start y2 1.0 n2",
                "start x3 2.0 n2"), fairTrace.starts());
        assertEquals(List.of("start x1 0.0 n2", "start x2 0.0 n2", "start x3 1.0 n2", "start y1 1.0 n2",
                "start y2 2.0 n2"), fifoTrace.starts());
    }
}

package io.pipetwin.core.scheduling;

import static io.pipetwin.core.scheduling.Platforms.cpuNode;
import static io.pipetwin.core.scheduling.Platforms.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipetwin.core.platform.ResourceRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class FifoFirstFitTest {

    private static final ResourceRequest ONE_CORE = ResourceRequest.cpu(1000, 1024);
    private static final ResourceRequest TWO_CORES = ResourceRequest.cpu(2000, 1024);

    /**
     * Two nodes of 2 cores. A (2 cores, 10 s) fills n1; B and C (1 core, 5 s and 3 s) go to n2; D (2 cores,
     * 4 s) waits: at t = 3 only one core is free on n2, at t = 5 n2 is empty, so D runs on n2 from 5 to 9.
     * E (1 core) arrives after D and, under strict FIFO, waits behind D although a core is free from
     * t = 3 to 5; it starts at 9 on n2 when D finishes, before A frees n1 at 10.
     */
    @Test
    void strictFifoBlocksBehindHead() {
        PlatformSimulation platform = Platforms.simulation(List.of(cpuNode("n1", 2000), cpuNode("n2", 2000)),
                FifoQueueing::new, new FirstFit(), HeadOfLineRule.STRICT, FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);

        platform.submit(task("A", TWO_CORES, 10));
        platform.submit(task("B", ONE_CORE, 5));
        platform.submit(task("C", ONE_CORE, 3));
        platform.submit(task("D", TWO_CORES, 4));
        platform.submit(task("E", ONE_CORE, 1));
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n2", "start C 0.0 n2", "start D 5.0 n2",
                "start E 9.0 n2"), trace.starts());
        assertEquals(5.0 + 9.0, platform.scheduler().queueLengthIntegral("cpu"),
                "queue length integral is the sum of waits: D 5 s, E 9 s");
    }

    /** The same tasks with backfill: E overtakes D and runs on n2 from 3 to 4; D still starts at 5. */
    @Test
    void backfillLetsLaterTaskOvertake() {
        PlatformSimulation platform = Platforms.simulation(List.of(cpuNode("n1", 2000), cpuNode("n2", 2000)),
                FifoQueueing::new, new FirstFit(), HeadOfLineRule.BACKFILL, FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);

        platform.submit(task("A", TWO_CORES, 10));
        platform.submit(task("B", ONE_CORE, 5));
        platform.submit(task("C", ONE_CORE, 3));
        platform.submit(task("D", TWO_CORES, 4));
        platform.submit(task("E", ONE_CORE, 1));
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n2", "start C 0.0 n2", "start E 3.0 n2",
                "start D 5.0 n2"), trace.starts());
    }

    /**
     * A blocked head must start when capacity appears without any release. One node of 2 cores runs A
     * (2 cores, 10 s); B (2 cores, 4 s) waits at its head while C (1 core) joins behind it at t = 1, which
     * runs a pass that finds B still blocked. At t = 2 a second 2-core node is added and B starts there. C
     * then waits for the first free core, which B releases on n2 at 6 (A holds n1 until 10).
     */
    @Test
    void blockedHeadStartsOnAddedNode() {
        PlatformSimulation platform = Platforms.simulation(List.of(cpuNode("n1", 2000)),
                FifoQueueing::new, new FirstFit(), HeadOfLineRule.STRICT, FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);
        int submitC = platform.simulation().register(ignored -> platform.submit(task("C", ONE_CORE, 1)));

        platform.submit(task("A", TWO_CORES, 10));
        platform.submit(task("B", TWO_CORES, 4));
        platform.simulation().scheduleAt(1, submitC, 0);
        platform.scheduleNodeAddition(2, cpuNode("n2", 2000));
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 2.0 n2", "start C 6.0 n2"), trace.starts());
    }

    /**
     * Under backfill the scheduler skips a waiting task that failed to fit while no capacity was freed since,
     * so it must try it again after a node is added or a task releases. One node of 2 cores runs A (2 cores,
     * 10 s); B and C (2 cores, 4 s each) wait, and D (1 core, 1 s) joins at t = 3 while nothing fits. At
     * t = 2 a second 2-core node is added, so B starts on n2; C starts there when B releases it at 6, and D
     * waits for A to free n1 at 10.
     */
    @Test
    void backfillRetriesSkippedTasksWhenCapacityGrows() {
        PlatformSimulation platform = Platforms.simulation(List.of(cpuNode("n1", 2000)),
                FifoQueueing::new, new FirstFit(), HeadOfLineRule.BACKFILL, FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);
        int submitD = platform.simulation().register(ignored -> platform.submit(task("D", ONE_CORE, 1)));

        platform.submit(task("A", TWO_CORES, 10));
        platform.submit(task("B", TWO_CORES, 4));
        platform.submit(task("C", TWO_CORES, 4));
        platform.scheduleNodeAddition(2, cpuNode("n2", 2000));
        platform.simulation().scheduleAt(3, submitD, 0);
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 2.0 n2", "start C 6.0 n2", "start D 10.0 n1"),
                trace.starts());
    }

    /**
     * Under backfill a task submitted while every waiting task is known not to fit is tried on its own, and
     * under strict FIFO it waits behind the blocked head. One node of 2 cores runs A (1 core, 10 s), and B
     * (2 cores, 1 s) waits. C (1 core, 1 s) takes the free core at once under backfill. Under strict FIFO it
     * waits until 11, after B ran from 10 to 11.
     */
    @Test
    void newTaskBehindSettledQueue() {
        for (HeadOfLineRule rule : HeadOfLineRule.values()) {
            PlatformSimulation platform = Platforms.simulation(List.of(cpuNode("n1", 2000)),
                    FifoQueueing::new, new FirstFit(), rule, FailurePolicy.FAIL);
            Platforms.Trace trace = new Platforms.Trace(platform);

            platform.submit(task("A", ONE_CORE, 10));
            platform.submit(task("B", TWO_CORES, 1));
            platform.submit(task("C", ONE_CORE, 1));
            platform.simulation().run();

            List<String> expected = rule == HeadOfLineRule.BACKFILL
                    ? List.of("start A 0.0 n1", "start C 0.0 n1", "start B 10.0 n1")
                    : List.of("start A 0.0 n1", "start B 10.0 n1", "start C 11.0 n1");
            assertEquals(expected, trace.starts(), rule.name());
        }
    }

    /**
     * Backfill skips a waiting task whose request failed earlier in the same pass, but only an equal request.
     * One node of 2 cores and 64 GiB runs A (1 core, 48 GiB, 10 s) and E (1 core, 8 GiB, 1 s). B and C (1 core,
     * 32 GiB) and D (1 core, 8 GiB) wait for a core. E's release at 1 runs a full pass: B fails on memory, C is
     * skipped as the same request, and D, which differs only in memory, starts. B and C start when A ends.
     */
    @Test
    void backfillSkipsOnlyEqualFailedRequests() {
        PlatformSimulation platform = Platforms.simulation(List.of(cpuNode("n1", 2000)),
                FifoQueueing::new, new FirstFit(), HeadOfLineRule.BACKFILL, FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);

        platform.submit(task("A", ResourceRequest.cpu(1000, 48 * 1024), 10));
        platform.submit(task("E", ResourceRequest.cpu(1000, 8 * 1024), 1));
        platform.submit(task("B", ResourceRequest.cpu(1000, 32 * 1024), 1));
        platform.submit(task("C", ResourceRequest.cpu(1000, 32 * 1024), 1));
        platform.submit(task("D", ResourceRequest.cpu(1000, 8 * 1024), 1));
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start E 0.0 n1", "start D 1.0 n1", "start B 10.0 n1",
                "start C 10.0 n1"), trace.starts());
    }
}

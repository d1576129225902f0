package io.pipetwin.core.scheduling;

import static io.pipetwin.core.scheduling.Platforms.cpuNode;
import static io.pipetwin.core.scheduling.Platforms.gpuNode;
import static io.pipetwin.core.scheduling.Platforms.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-traced placements. CPU requests ask for no memory, so a node's score depends on its free CPU share
 * (memory stays fully free and adds the same constant to every node's mean).
 */
class PlacementPolicyTest {

    private static final ResourceRequest ONE_CORE = ResourceRequest.cpu(1000, 0);
    private static final ResourceRequest ONE_GPU = new ResourceRequest(0, 0, 1, 1000, null);

    private static Platforms.Trace run(PlacementPolicy placement, List<io.pipetwin.core.platform.NodeSpec> nodes,
                                       List<io.pipetwin.core.pipeline.Task> tasks) {
        PlatformSimulation platform = Platforms.simulation(nodes, FifoQueueing::new, placement, HeadOfLineRule.STRICT,
                FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);
        tasks.forEach(platform::submit);
        platform.simulation().run();
        return trace;
    }

    /**
     * n1 has 4 cores, n2 2. Best fit: A leaves n2 at 1/2 free versus n1 at 3/4, so n2; B fills n2 (0 free);
     * C (2 cores) fits only on n1. First fit puts A and B on n1 and C on n1 as well.
     */
    @Test
    void bestFitPacksTightestNode() {
        List<io.pipetwin.core.pipeline.Task> tasks = List.of(task("A", ONE_CORE, 10), task("B", ONE_CORE, 10),
                task("C", ResourceRequest.cpu(2000, 0), 10));
        Platforms.Trace best = run(new BestFit(), List.of(cpuNode("n1", 4000), cpuNode("n2", 2000)), tasks);

        assertEquals(List.of("start A 0.0 n2", "start B 0.0 n2", "start C 0.0 n1"), best.starts());
    }

    @Test
    void firstFitTakesFirstNode() {
        List<io.pipetwin.core.pipeline.Task> tasks = List.of(task("A", ONE_CORE, 10), task("B", ONE_CORE, 10),
                task("C", ResourceRequest.cpu(2000, 0), 10));
        Platforms.Trace first = run(new FirstFit(), List.of(cpuNode("n1", 4000), cpuNode("n2", 2000)), tasks);

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n1", "start C 0.0 n1"), first.starts());
    }

    /**
     * Spread: A goes to n1 (3/4 free after, versus 1/2 on n2); B then leaves n1 at 2/4 and n2 at 1/2, a tie
     * won by n1, the node added first; C leaves n1 at 1/4 and n2 at 1/2, so n2.
     */
    @Test
    void spreadTakesLeastLoadedNode() {
        List<io.pipetwin.core.pipeline.Task> tasks = List.of(task("A", ONE_CORE, 10), task("B", ONE_CORE, 10),
                task("C", ONE_CORE, 10));
        Platforms.Trace spread = run(new Spread(), List.of(cpuNode("n1", 4000), cpuNode("n2", 2000)), tasks);

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n1", "start C 0.0 n2"), spread.starts());
    }

    /**
     * Nodes: c1 without GPUs, t4 with one T4, a100 with one A100; preference A100 then T4. G1 takes the A100,
     * G2 the T4; the CPU task P1 takes c1 (GPU-less first, 1 core there), P2 then falls back to the first GPU
     * node in cluster order, t4.
     */
    @Test
    void gpuModelAffinityPrefersModels() {
        List<io.pipetwin.core.pipeline.Task> tasks = List.of(task("G1", ONE_GPU, 10), task("G2", ONE_GPU, 10),
                task("P1", ONE_CORE, 10), task("P2", ONE_CORE, 10));
        Platforms.Trace affinity = run(new GpuModelAffinity(List.of("A100", "T4")),
                List.of(cpuNode("c1", 1000), gpuNode("t4", 4000, 1, "T4"), gpuNode("a100", 4000, 1, "A100")), tasks);

        assertEquals(List.of("start G1 0.0 a100", "start G2 0.0 t4", "start P1 0.0 c1", "start P2 0.0 t4"),
                affinity.starts());
    }

    /** A request naming a GPU model only runs on that model, whatever the placement policy. */
    @Test
    void requestedGpuModelIsHardConstraint() {
        Cluster cluster = new Cluster(List.of(gpuNode("t4", 4000, 1, "T4"), gpuNode("a100", 4000, 1, "A100")));
        Node[] out = new Node[1];

        boolean placed = new FirstFit().place(new ResourceRequest(0, 0, 1, 1000, "A100"), 1, cluster, out);

        assertEquals(true, placed);
        assertEquals("a100", out[0].id());
        assertFalse(new FirstFit().place(new ResourceRequest(0, 0, 1, 1000, "H100"), 1, cluster, out));
    }

    /**
     * Three nodes with one GPU each. A (10 s) holds n1's GPU. Gang G (2 nodes, 5 s) gets n2 and n3 at 0.
     * Gang H (3 nodes, 1 s) needs all three at once: nothing is held for it while it waits, and it starts
     * at 10 when A frees n1 (G freed n2 and n3 at 5).
     */
    @Test
    void gangPlacesAllNodesOrNone() {
        PlatformSimulation platform = Platforms.simulation(List.of(gpuNode("n1", 1000, 1, "A100"),
                        gpuNode("n2", 1000, 1, "A100"), gpuNode("n3", 1000, 1, "A100")), FifoQueueing::new,
                new BestFit(), HeadOfLineRule.STRICT, FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);
        platform.submit(task("A", ONE_GPU, 10));
        platform.submit(task("G", ONE_GPU, 5, 2, "t", 0));
        platform.submit(task("H", ONE_GPU, 1, 3, "t", 0));

        platform.simulation().runUntil(7);
        double gpusInUseAt7 = platform.cluster().allocated("all", io.pipetwin.core.platform.ResourceKind.GPU);
        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start G 0.0 n2+n3", "start H 10.0 n1+n2+n3"), trace.starts());
        assertEquals(1000.0, gpusInUseAt7, "only A's GPU is held while H waits");
    }
}

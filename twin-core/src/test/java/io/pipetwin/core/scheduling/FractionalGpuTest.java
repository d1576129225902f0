package io.pipetwin.core.scheduling;

import static io.pipetwin.core.scheduling.Platforms.gpuNode;
import static io.pipetwin.core.scheduling.Platforms.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class FractionalGpuTest {

    private static ResourceRequest share(int gpuMilli) {
        return new ResourceRequest(0, 0, 1, gpuMilli, null);
    }

    /**
     * One GPU. F1 (500, 10 s) and F2 (500, 4 s) share it from 0; F3 (300, 2 s) waits for F2 and runs 4 to 6;
     * W (a whole GPU, 1 s) waits until the GPU is empty, at 10.
     */
    @Test
    void sharesFillOneGpu() {
        PlatformSimulation platform = Platforms.simulation(List.of(gpuNode("n1", 1000, 1, "T4")), FifoQueueing::new,
                new FirstFit(), HeadOfLineRule.STRICT, FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);

        platform.submit(task("F1", share(500), 10));
        platform.submit(task("F2", share(500), 4));
        platform.submit(task("F3", share(300), 2));
        platform.submit(task("W", share(1000), 1));
        platform.simulation().run();

        assertEquals(List.of("start F1 0.0 n1", "start F2 0.0 n1", "start F3 4.0 n1", "start W 10.0 n1"),
                trace.starts());
    }

    /** Two GPUs: a 300 share packs onto the GPU already half used, so a whole-GPU task still finds GPU 1. */
    @Test
    void sharePacksOntoUsedGpu() {
        PlatformSimulation platform = Platforms.simulation(List.of(gpuNode("n1", 1000, 2, "T4")), FifoQueueing::new,
                new FirstFit(), HeadOfLineRule.STRICT, FailurePolicy.FAIL);
        Task half = task("F1", share(500), 10);
        Task small = task("F2", share(300), 10);
        Task whole = task("W", share(1000), 10);

        platform.submit(half);
        platform.submit(small);
        platform.submit(whole);
        Node node = platform.cluster().node("n1");

        assertEquals(1L, half.gpuMask(0));
        assertEquals(1L, small.gpuMask(0));
        assertEquals(2L, whole.gpuMask(0));
        assertEquals(200, node.freeGpuMilli(0));
        assertEquals(0, node.freeGpuMilli(1));
        assertEquals(1800L, node.allocatedGpuMilli());
    }

    /** A two-GPU task needs two whole free GPUs on one node: a share on either GPU blocks it. */
    @Test
    void multiGpuTaskNeedsWholeGpus() {
        PlatformSimulation platform = Platforms.simulation(List.of(gpuNode("n1", 1000, 2, "T4")), FifoQueueing::new,
                new FirstFit(), HeadOfLineRule.STRICT, FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);

        platform.submit(task("F", share(100), 3));
        platform.submit(task("M", ResourceRequest.gpus(0, 0, 2), 1));
        platform.simulation().run();

        assertEquals(List.of("start F 0.0 n1", "start M 3.0 n1"), trace.starts());
    }
}

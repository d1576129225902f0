package io.pipetwin.core.scheduling;

import static io.pipetwin.core.scheduling.Platforms.cpuNode;
import static io.pipetwin.core.scheduling.Platforms.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.pipeline.Pipeline;
import io.pipetwin.core.pipeline.PipelineDag;
import io.pipetwin.core.pipeline.PipelineSpec;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskSpec;
import io.pipetwin.core.pipeline.TaskState;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.pipeline.Trigger;
import io.pipetwin.core.platform.ResourceRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one core. A (10 s) runs on n1, B (10 s) on n2, C (1 s) waits; n1 fails at 4.
 */
class NodeFailureTest {

    private static final ResourceRequest ONE_CORE = ResourceRequest.cpu(1000, 0);

    private static PlatformSimulation twoNodes(FailurePolicy policy) {
        return Platforms.simulation(List.of(cpuNode("n1", 1000), cpuNode("n2", 1000)), FifoQueueing::new,
                new FirstFit(), HeadOfLineRule.STRICT, policy);
    }

    /** Fail policy: A fails at 4; C runs on n2 when B ends, 10 to 11. */
    @Test
    void failPolicyDropsRunningTask() {
        PlatformSimulation platform = twoNodes(FailurePolicy.FAIL);
        Platforms.Trace trace = new Platforms.Trace(platform);
        Task a = task("A", ONE_CORE, 10);
        platform.submit(a);
        platform.submit(task("B", ONE_CORE, 10));
        platform.submit(task("C", ONE_CORE, 1));
        platform.scheduleNodeFailure(4, "n1");

        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n2", "end B 10.0", "start C 10.0 n2", "end C 11.0"),
                trace.events);
        assertEquals(TaskState.FAILED, a.state());
        assertEquals(4.0, a.endSeconds());
        assertEquals(1000.0, platform.cluster().capacity("all", io.pipetwin.core.platform.ResourceKind.CPU),
                "only n2 counts after n1 failed");
    }

    /** Requeue policy: A rejoins the queue at 4 behind C; C runs 10 to 11 on n2, then A 11 to 21. */
    @Test
    void requeuePolicyRestartsTask() {
        PlatformSimulation platform = twoNodes(FailurePolicy.REQUEUE);
        Platforms.Trace trace = new Platforms.Trace(platform);
        Task a = task("A", ONE_CORE, 10);
        platform.submit(a);
        platform.submit(task("B", ONE_CORE, 10));
        platform.submit(task("C", ONE_CORE, 1));
        platform.scheduleNodeFailure(4, "n1");

        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n2", "end B 10.0", "start C 10.0 n2", "end C 11.0",
                "start A 11.0 n2", "end A 21.0"), trace.events);
        assertEquals(TaskState.FINISHED, a.state());
        assertEquals(2, a.attempts());
    }

    /** Requeue policy and a node added at 6: C (head of the queue) starts there at 6, A at 7 when C ends. */
    @Test
    void addedNodeTakesQueuedTasks() {
        PlatformSimulation platform = twoNodes(FailurePolicy.REQUEUE);
        Platforms.Trace trace = new Platforms.Trace(platform);
        platform.submit(task("A", ONE_CORE, 10));
        platform.submit(task("B", ONE_CORE, 10));
        platform.submit(task("C", ONE_CORE, 1));
        platform.scheduleNodeFailure(4, "n1");
        platform.scheduleNodeAddition(6, cpuNode("n3", 1000));

        platform.simulation().run();

        assertEquals(List.of("start A 0.0 n1", "start B 0.0 n2", "start C 6.0 n3", "start A 7.0 n3"), trace.starts());
    }

    /** Fail policy: a failed task fails its pipeline, and its successor is never submitted. */
    @Test
    void failedTaskFailsPipeline() {
        PlatformSimulation platform = twoNodes(FailurePolicy.FAIL);
        PipelineDag chain = PipelineDag.chain(List.of(TaskSpec.of("prep", TaskType.PREPROCESS, ONE_CORE),
                TaskSpec.of("train", TaskType.TRAIN, ONE_CORE)));
        PipelineSpec spec = new PipelineSpec("p1", "t", "m", "pytorch", 0, Trigger.MANUAL, 0, chain);
        platform.scheduleNodeFailure(4, "n1");

        Pipeline pipeline = platform.submitPipeline(spec, new double[] {10, 5});
        platform.simulation().run();

        assertTrue(pipeline.isFailed());
        assertFalse(pipeline.isComplete());
        assertEquals(TaskState.BLOCKED, pipeline.task(1).state());
    }
}

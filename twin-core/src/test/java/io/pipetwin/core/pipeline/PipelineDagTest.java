package io.pipetwin.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceRequest;
import io.pipetwin.core.scheduling.FailurePolicy;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.core.scheduling.PlatformSimulation;
import io.pipetwin.core.scheduling.Scheduler;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineDagTest {

    private static final ResourceRequest CORE = ResourceRequest.cpu(1000, 0);

    /**
     * Diamond prep → (train, evaluate) → deploy on 4 cores: prep 0 to 2, train 2 to 7 and evaluate 2 to 3 in
     * parallel, deploy after both, 7 to 8.
     */
    @Test
    void diamondWaitsForAllPredecessors() {
        PipelineDag dag = new PipelineDag(List.of(
                TaskSpec.of("prep", TaskType.PREPROCESS, CORE),
                TaskSpec.of("train", TaskType.TRAIN, CORE, 0),
                TaskSpec.of("evaluate", TaskType.EVALUATE, CORE, 0),
                TaskSpec.of("deploy", TaskType.DEPLOY, CORE, 1, 2)));
        Simulation simulation = new Simulation(1);
        Cluster cluster = new Cluster(List.of(new NodeSpec("n", null, 4000, 0, 0, null)));
        PlatformSimulation platform = new PlatformSimulation(simulation, cluster,
                new Scheduler(simulation, cluster, FifoQueueing::new, new FirstFit(), HeadOfLineRule.STRICT),
                new LognormalDurationModel(), FailurePolicy.FAIL);

        Pipeline pipeline = platform.submitPipeline(new PipelineSpec("p", "t", "m", "pytorch", 0, Trigger.MANUAL, 0,
                dag), new double[] {2, 5, 1, 1});
        simulation.run();

        assertArrayEquals(new int[] {0}, dag.roots());
        assertArrayEquals(new int[] {1, 2}, dag.successors(0));
        assertEquals(2.0, pipeline.task(1).startSeconds());
        assertEquals(2.0, pipeline.task(2).startSeconds());
        assertEquals(7.0, pipeline.task(3).startSeconds());
        assertEquals(8.0, pipeline.completionSeconds());
        assertEquals("p/deploy", pipeline.task(3).taskId());
    }

    @Test
    void durationsMissingAreDrawnFromModel() {
        PipelineDag dag = PipelineDag.chain(List.of(TaskSpec.of("train", TaskType.TRAIN, CORE)));
        Simulation simulation = new Simulation(1);
        Cluster cluster = new Cluster(List.of(new NodeSpec("n", null, 4000, 0, 0, null)));
        PlatformSimulation platform = new PlatformSimulation(simulation, cluster,
                new Scheduler(simulation, cluster, FifoQueueing::new, new FirstFit(), HeadOfLineRule.STRICT),
                new LognormalDurationModel(), FailurePolicy.FAIL);

        Pipeline pipeline = platform.submitPipeline(new PipelineSpec("p", "t", "m", null, 0, Trigger.MANUAL, 0, dag),
                null);
        simulation.run();

        assertTrue(pipeline.task(0).durationSeconds() > 0);
        assertEquals(pipeline.task(0).durationSeconds(), pipeline.completionSeconds(), 1e-9);
    }

    @Test
    void forwardPredecessorIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PipelineDag(List.of(
                TaskSpec.of("a", TaskType.CUSTOM, CORE, 1), TaskSpec.of("b", TaskType.CUSTOM, CORE))));
    }
}

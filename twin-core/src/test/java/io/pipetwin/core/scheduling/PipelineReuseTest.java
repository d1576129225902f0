package io.pipetwin.core.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.pipeline.Pipeline;
import io.pipetwin.core.pipeline.PipelineDag;
import io.pipetwin.core.pipeline.PipelineSpec;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskSpec;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.pipeline.Trigger;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reusing the objects of completed pipelines must not change what a run does. */
class PipelineReuseTest {

    private static final int PIPELINES = 2_000;

    /** One line per start and finish, naming the pipeline by its arrival number rather than by object. */
    private static final class Recorder implements SimulationListener {
        final List<String> lines = new ArrayList<>();
        final Set<Pipeline> pipelineObjects = Collections.newSetFromMap(new IdentityHashMap<>());
        private final PlatformSimulation platform;

        Recorder(PlatformSimulation platform) {
            this.platform = platform;
        }

        @Override
        public void onPipelineArrived(Pipeline pipeline) {
            pipelineObjects.add(pipeline);
        }

        @Override
        public void onTaskStarted(Task task) {
            lines.add("start " + task.pipeline().number() + "/" + task.indexInPipeline() + " "
                    + platform.simulation().now() + " " + task.node(0).id() + " wait " + task.waitSeconds());
        }

        @Override
        public void onTaskFinished(Task task) {
            lines.add("end " + task.pipeline().number() + "/" + task.indexInPipeline() + " "
                    + platform.simulation().now() + " attempts " + task.attempts());
        }

        @Override
        public void onPipelineCompleted(Pipeline pipeline) {
            lines.add("done " + pipeline.number() + " " + (pipeline.completionSeconds() - pipeline.arrivalSeconds()));
        }
    }

    private static Recorder run(HeadOfLineRule rule, boolean reuse) {
        List<NodeSpec> nodes = List.of(Platforms.gpuNode("n1", 2000, 1, "a100"),
                Platforms.gpuNode("n2", 2000, 1, "a100"));
        PlatformSimulation platform = Platforms.simulation(nodes, FifoQueueing::new, new FirstFit(), rule,
                FailurePolicy.FAIL);
        platform.setReusePipelines(reuse);
        Recorder recorder = new Recorder(platform);
        platform.addListener(recorder);
        // A three-stage chain: CPU, then GPU, then CPU; the arrival rate loads the GPUs to about 0.8.
        PipelineSpec spec = new PipelineSpec("chain", "chain", "model", null, 0, Trigger.SCHEDULED, 0,
                PipelineDag.chain(List.of(
                        TaskSpec.of("prepare", TaskType.PREPROCESS, ResourceRequest.cpu(1000, 1024)),
                        TaskSpec.of("train", TaskType.TRAIN, ResourceRequest.gpus(1000, 1024, 1)),
                        TaskSpec.of("check", TaskType.EVALUATE, ResourceRequest.cpu(2000, 1024)))));
        RandomStream random = platform.simulation().stream("test");
        double[] durations = new double[3];
        int[] arrived = {0};
        int[] handler = new int[1];
        handler[0] = platform.simulation().register(ignored -> {
            durations[0] = random.nextExponential(10);
            durations[1] = random.nextExponential(40);
            durations[2] = random.nextExponential(5);
            platform.submitPipeline(spec, durations);
            if (++arrived[0] < PIPELINES) {
                platform.simulation().schedule(random.nextExponential(25), handler[0], 0);
            }
        });
        platform.simulation().schedule(0, handler[0], 0);
        platform.simulation().run();
        return recorder;
    }

    @ParameterizedTest
    @EnumSource(HeadOfLineRule.class)
    void reuseLeavesTheScheduleUnchanged(HeadOfLineRule rule) {
        Recorder fresh = run(rule, false);
        Recorder reused = run(rule, true);

        assertEquals(PIPELINES, fresh.pipelineObjects.size(), "without reuse every arrival is a new object");
        assertTrue(reused.pipelineObjects.size() < PIPELINES / 10,
                "with reuse the run should cycle through a few objects, got " + reused.pipelineObjects.size());
        assertEquals(fresh.lines.size(), reused.lines.size(), "number of recorded lines");
        for (int i = 0; i < fresh.lines.size(); i++) {
            assertEquals(fresh.lines.get(i), reused.lines.get(i), "line " + i + " differs");
        }
        assertEquals(PIPELINES, fresh.lines.stream().filter(line -> line.startsWith("done")).count());
    }
}

package io.pipetwin.core.scheduling;

import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.LognormalDurationModel;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Small platforms and tasks for hand-traced scheduling tests. */
final class Platforms {

    private Platforms() {
    }

    /** Returns a simulation on {@code nodes} that records every task start in {@code starts}. */
    static PlatformSimulation simulation(List<NodeSpec> nodes, Supplier<QueueingPolicy> queueing,
                                        PlacementPolicy placement, HeadOfLineRule rule, FailurePolicy failurePolicy) {
        Simulation simulation = new Simulation(1);
        Cluster cluster = new Cluster(nodes);
        Scheduler scheduler = new Scheduler(simulation, cluster, queueing, placement, rule);
        return new PlatformSimulation(simulation, cluster, scheduler, new LognormalDurationModel(), failurePolicy);
    }

    static NodeSpec cpuNode(String id, long cpuMilli) {
        return new NodeSpec(id, null, cpuMilli, 64 * 1024, 0, null);
    }

    static NodeSpec gpuNode(String id, long cpuMilli, int gpus, String model) {
        return new NodeSpec(id, null, cpuMilli, 64 * 1024, gpus, model);
    }

    static Task task(String id, ResourceRequest request, double durationSeconds) {
        return task(id, request, durationSeconds, 1, "t", 0);
    }

    static Task task(String id, ResourceRequest request, double durationSeconds, int nodeCount, String tenant,
                     int priority) {
        Task task = new Task(id, null, -1, TaskType.CUSTOM, "custom", request, nodeCount, 0.0, tenant, priority);
        task.setDurationSeconds(durationSeconds);
        task.setExpectedDurationSeconds(durationSeconds);
        return task;
    }

    /** Records start and finish times and nodes of every task. */
    static final class Trace implements SimulationListener {
        final List<String> events = new ArrayList<>();
        private final PlatformSimulation platform;

        Trace(PlatformSimulation platform) {
            this.platform = platform;
            platform.addListener(this);
        }

        @Override
        public void onTaskStarted(Task task) {
            StringBuilder nodes = new StringBuilder();
            for (int i = 0; i < task.nodeCount(); i++) {
                nodes.append(i == 0 ? "" : "+").append(task.node(i).id());
            }
            events.add("start " + task.taskId() + " " + platform.simulation().now() + " " + nodes);
        }

        @Override
        public void onTaskFinished(Task task) {
            events.add("end " + task.taskId() + " " + platform.simulation().now());
        }

        List<String> starts() {
            return events.stream().filter(e -> e.startsWith("start")).toList();
        }
    }
}

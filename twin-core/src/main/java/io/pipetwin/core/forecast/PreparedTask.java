package io.pipetwin.core.forecast;

import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.platform.ResourceRequest;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A snapshot task converted once per forecast into what every replication needs, so that replications do not
 * parse, validate or look up the same values again.
 *
 * @param graphIndex  index in the {@link PipelineGraph}, or -1 when no snapshot pipeline lists the task
 * @param nodeIndices cluster indices of the nodes a running task holds; null when one is unknown
 * @param expectedSeconds mean observed duration of the task's class, the expected duration that
 *                    shortest-expected-job-first orders by (the class, not the task type, keys the observations)
 */
record PreparedTask(SnapshotTask source, TaskType type, ResourceRequest request, int nodeCount, double inputBytes,
                    int graphIndex, int[] nodeIndices, double expectedSeconds) {

    static PreparedTask of(SnapshotTask task, PipelineGraph graph, Map<String, Integer> nodeIndexById,
                           ToDoubleFunction<String> meanSeconds) {
        int index = graph.indexOf(task.taskId());
        double inputBytes = index < 0 ? 0.0 : graph.tasks[index].inputBytes();
        int[] nodes = new int[task.nodeIds().size()];
        List<String> ids = task.nodeIds();
        for (int i = 0; i < nodes.length; i++) {
            Integer nodeIndex = nodeIndexById.get(ids.get(i));
            if (nodeIndex == null) {
                nodes = null;
                break;
            }
            nodes[i] = nodeIndex;
        }
        return new PreparedTask(task, TaskType.parse(task.taskClass()), request(task.taskId(), task.request()),
                Math.max(1, task.nodeCount()), inputBytes, index, nodes, meanSeconds.applyAsDouble(task.taskClass()));
    }

    static ResourceRequest request(String taskId, SnapshotRequest request) {
        try {
            return new ResourceRequest(request.cpuMilli(), request.memoryMib(), request.gpuCount(),
                    request.gpuMilli(), request.gpuModel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("snapshot task " + taskId + ": " + e.getMessage(), e);
        }
    }
}

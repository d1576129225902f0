package io.pipetwin.core.forecast;

import io.pipetwin.core.pipeline.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A recently arrived pipeline converted once per forecast into a template of future pipeline arrivals:
 * its tasks, each task's successors, and the number of predecessors each task waits for. Replications share
 * it read-only.
 *
 * @param tasks        the pipeline's tasks in the snapshot's order
 * @param successors   per task, the indices of the tasks that depend on it
 * @param predecessors per task, the number of tasks it depends on; 0 marks the tasks submitted at arrival
 */
record PipelineTemplate(PreparedTask[] tasks, int[][] successors, int[] predecessors) {

    /**
     * Converts {@code pipeline}. A dependency on a task id outside the pipeline is dropped, because it cannot
     * be waited for. A task on a dependency cycle is never submitted.
     */
    static PipelineTemplate of(SnapshotPipeline pipeline, ToDoubleFunction<String> meanSeconds) {
        List<SnapshotPipelineTask> specs = pipeline.tasks();
        Map<String, Integer> indexById = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            indexById.putIfAbsent(specs.get(i).taskId(), i);
        }
        PreparedTask[] tasks = new PreparedTask[specs.size()];
        List<List<Integer>> successorLists = new ArrayList<>(specs.size());
        int[] predecessors = new int[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            SnapshotPipelineTask spec = specs.get(i);
            SnapshotTask source = new SnapshotTask(spec.taskId(), pipeline.pipelineId(), spec.taskClass(),
                    spec.request(), spec.nodeCount(), Double.NaN, List.of());
            tasks[i] = new PreparedTask(source, TaskType.parse(spec.taskClass()),
                    PreparedTask.request(spec.taskId(), spec.request()), Math.max(1, spec.nodeCount()),
                    spec.inputBytes(), -1, null, meanSeconds.applyAsDouble(spec.taskClass()));
            successorLists.add(new ArrayList<>());
        }
        for (int i = 0; i < specs.size(); i++) {
            for (String predecessorId : specs.get(i).dependsOn()) {
                Integer predecessor = indexById.get(predecessorId);
                if (predecessor != null) {
                    successorLists.get(predecessor).add(i);
                    predecessors[i]++;
                }
            }
        }
        int[][] successors = new int[specs.size()][];
        for (int i = 0; i < successors.length; i++) {
            successors[i] = successorLists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return new PipelineTemplate(tasks, successors, predecessors);
    }
}

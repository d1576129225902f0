package io.pipetwin.core.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The snapshot's pipeline DAGs flattened into arrays, built once per forecast and shared read-only by its
 * replications. Tasks are numbered globally in pipeline order; each replication copies the counters it
 * decrements.
 */
final class PipelineGraph {

    final List<SnapshotPipeline> pipelines;
    /** Global task index of each task id. */
    private final Map<String, Integer> indexByTaskId = new HashMap<>();
    final SnapshotPipelineTask[] tasks;
    final int[] pipelineOfTask;
    final int[][] successors;
    /** Unfinished predecessors of each task in the snapshot. */
    final int[] initialRemainingPredecessors;
    /** Unfinished tasks of each pipeline in the snapshot. */
    final int[] initialRemainingTasks;
    /** Tasks neither finished nor waiting nor running in the snapshot: submitted when their predecessors finish. */
    final boolean[] blocked;

    PipelineGraph(PlatformSnapshot snapshot) {
        pipelines = snapshot.pipelines();
        List<SnapshotPipelineTask> all = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int p = 0; p < pipelines.size(); p++) {
            for (SnapshotPipelineTask task : pipelines.get(p).tasks()) {
                if (indexByTaskId.putIfAbsent(task.taskId(), all.size()) != null) {
                    throw new IllegalArgumentException("snapshot pipeline " + pipelines.get(p).pipelineId()
                            + ": task id " + task.taskId() + " appears twice; task ids must be unique");
                }
                all.add(task);
                owners.add(p);
            }
        }
        tasks = all.toArray(new SnapshotPipelineTask[0]);
        pipelineOfTask = owners.stream().mapToInt(Integer::intValue).toArray();
        initialRemainingPredecessors = new int[tasks.length];
        initialRemainingTasks = new int[pipelines.size()];
        List<List<Integer>> successorLists = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            successorLists.add(new ArrayList<>());
        }
        for (int i = 0; i < tasks.length; i++) {
            SnapshotPipelineTask task = tasks[i];
            if (!task.finished()) {
                initialRemainingTasks[pipelineOfTask[i]]++;
            }
            for (String predecessorId : task.dependsOn()) {
                Integer predecessor = indexByTaskId.get(predecessorId);
                if (predecessor == null || pipelineOfTask[predecessor] != pipelineOfTask[i]) {
                    throw new IllegalArgumentException("snapshot pipeline " + pipelines.get(pipelineOfTask[i])
                            .pipelineId() + ": task " + task.taskId() + " depends on " + predecessorId
                            + ", which is not a task of the same pipeline; list it in the pipeline's tasks");
                }
                successorLists.get(predecessor).add(i);
                if (!tasks[predecessor].finished()) {
                    initialRemainingPredecessors[i]++;
                }
            }
        }
        successors = new int[tasks.length][];
        for (int i = 0; i < tasks.length; i++) {
            successors[i] = successorLists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        Set<String> present = new HashSet<>();
        snapshot.waiting().forEach(task -> present.add(task.taskId()));
        snapshot.running().forEach(task -> present.add(task.taskId()));
        blocked = new boolean[tasks.length];
        for (int i = 0; i < tasks.length; i++) {
            blocked[i] = !tasks[i].finished() && !present.contains(tasks[i].taskId());
        }
    }

    /** Returns the global index of {@code taskId}, or -1 when no snapshot pipeline lists it. */
    int indexOf(String taskId) {
        Integer index = indexByTaskId.get(taskId);
        return index == null ? -1 : index;
    }

    int[] remainingPredecessorsCopy() {
        return Arrays.copyOf(initialRemainingPredecessors, initialRemainingPredecessors.length);
    }

    int[] remainingTasksCopy() {
        return Arrays.copyOf(initialRemainingTasks, initialRemainingTasks.length);
    }
}

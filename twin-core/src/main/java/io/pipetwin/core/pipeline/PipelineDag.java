package io.pipetwin.core.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The task graph of a pipeline template, with successor lists precomputed once so that every pipeline
 * run of the template shares them.
 */
public final class PipelineDag {

    private final List<TaskSpec> tasks;
    private final int[][] successors;
    private final int[] roots;

    public PipelineDag(List<TaskSpec> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one task");
        }
        this.tasks = List.copyOf(tasks);
        List<List<Integer>> next = new ArrayList<>();
        List<Integer> rootList = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            next.add(new ArrayList<>());
        }
        for (int i = 0; i < tasks.size(); i++) {
            int[] predecessors = tasks.get(i).predecessors();
            if (predecessors.length == 0) {
                rootList.add(i);
            }
            for (int predecessor : predecessors) {
                if (predecessor < 0 || predecessor >= i) {
                    throw new IllegalArgumentException("task " + tasks.get(i).name() + " (index " + i
                            + ") names predecessor index " + predecessor + "; predecessors must come earlier in "
                            + "the task list");
                }
                next.get(predecessor).add(i);
            }
        }
        this.successors = new int[tasks.size()][];
        for (int i = 0; i < tasks.size(); i++) {
            successors[i] = next.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        this.roots = rootList.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Returns a chain in which each task follows the previous one. */
    public static PipelineDag chain(List<TaskSpec> tasksInOrder) {
        List<TaskSpec> linked = new ArrayList<>();
        for (int i = 0; i < tasksInOrder.size(); i++) {
            TaskSpec task = tasksInOrder.get(i);
            int[] predecessors = i == 0 ? new int[0] : new int[] {i - 1};
            linked.add(new TaskSpec(task.name(), task.type(), task.request(), task.nodeCount(), task.inputBytes(),
                    predecessors));
        }
        return new PipelineDag(linked);
    }

    public List<TaskSpec> tasks() {
        return tasks;
    }

    public int size() {
        return tasks.size();
    }

    public TaskSpec task(int index) {
        return tasks.get(index);
    }

    /** Returns the indices of tasks that depend on task {@code index}; the array must not be modified. */
    public int[] successors(int index) {
        return successors[index];
    }

    /** Returns the indices of tasks without predecessors; the array must not be modified. */
    public int[] roots() {
        return roots;
    }
}

package io.pipetwin.core.workload;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** DAG helpers for pipeline templates. */
final class TemplateGraph {

    private TemplateGraph() {
    }

    /**
     * Returns task indexes in an order where every task follows the tasks it depends on (Kahn's
     * algorithm, ties by position in the template).
     *
     * @throws IllegalArgumentException naming the tasks on a cycle when the template is not acyclic
     */
    static List<Integer> topologicalOrder(List<WorkloadProfile.TemplateTask> tasks, Map<String, Integer> indexByName) {
        int count = tasks.size();
        int[] remainingDependencies = new int[count];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            dependents.add(new ArrayList<>());
        }
        for (int t = 0; t < count; t++) {
            List<String> dependsOn = tasks.get(t).dependsOn();
            if (dependsOn == null) {
                continue;
            }
            for (String name : dependsOn) {
                dependents.get(indexByName.get(name)).add(t);
                remainingDependencies[t]++;
            }
        }

        Deque<Integer> ready = new ArrayDeque<>();
        for (int t = 0; t < count; t++) {
            if (remainingDependencies[t] == 0) {
                ready.add(t);
            }
        }
        List<Integer> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int task = ready.poll();
            order.add(task);
            for (int dependent : dependents.get(task)) {
                if (--remainingDependencies[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() < count) {
            List<String> onCycle = new ArrayList<>();
            for (int t = 0; t < count; t++) {
                if (remainingDependencies[t] > 0) {
                    onCycle.add(tasks.get(t).name());
                }
            }
            throw new IllegalArgumentException("dependsOn forms a cycle through tasks " + onCycle);
        }
        return order;
    }
}

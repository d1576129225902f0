package io.pipetwin.core.scheduling;

import io.pipetwin.core.pipeline.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tenant fair share: the next task comes from the tenant with the fewest tasks running from this queue,
 * ties and tasks of one tenant in submission order. The order is recomputed before each pass and after
 * each start, since a start changes the running counts.
 */
public final class TenantFairShare implements QueueingPolicy {

    private final List<Task> waiting = new ArrayList<>();
    private final Map<String, Integer> runningByTenant = new HashMap<>();
    private final Comparator<Task> order = Comparator
            .comparingInt((Task task) -> running(task.tenant()))
            .thenComparingLong(Task::submitSequence);

    private int running(String tenant) {
        return runningByTenant.getOrDefault(tenant, 0);
    }

    @Override
    public void add(Task task) {
        waiting.add(task);
    }

    @Override
    public int size() {
        return waiting.size();
    }

    @Override
    public Task get(int rank) {
        return waiting.get(rank);
    }

    @Override
    public void removeAt(int rank) {
        waiting.remove(rank);
    }

    @Override
    public boolean remove(Task task) {
        return waiting.remove(task);
    }

    @Override
    public void prepare() {
        waiting.sort(order);
    }

    @Override
    public boolean reordersOnStart() {
        return true;
    }

    @Override
    public void onStart(Task task) {
        runningByTenant.merge(task.tenant(), 1, Integer::sum);
    }

    @Override
    public void onRelease(Task task) {
        runningByTenant.merge(task.tenant(), -1, Integer::sum);
    }
}

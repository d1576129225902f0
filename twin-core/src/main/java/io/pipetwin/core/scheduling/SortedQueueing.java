package io.pipetwin.core.scheduling;

import io.pipetwin.core.pipeline.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Base of policies whose order is fixed when a task is submitted: a list kept sorted by a key, ties in
 * submission order. Insertion is a binary search plus a shift.
 */
abstract class SortedQueueing implements QueueingPolicy {

    private final List<Task> sorted = new ArrayList<>();
    private final Comparator<Task> order;

    SortedQueueing(Comparator<Task> keyOrder) {
        this.order = keyOrder.thenComparingLong(Task::submitSequence);
    }

    @Override
    public void add(Task task) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (order.compare(sorted.get(mid), task) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        sorted.add(low, task);
    }

    @Override
    public int size() {
        return sorted.size();
    }

    @Override
    public Task get(int rank) {
        return sorted.get(rank);
    }

    @Override
    public void removeAt(int rank) {
        sorted.remove(rank);
    }

    @Override
    public boolean remove(Task task) {
        return sorted.remove(task);
    }
}

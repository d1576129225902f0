package io.pipetwin.core.scheduling;

import io.pipetwin.core.pipeline.Task;
/** First in, first out: tasks in order of submission, kept in a ring buffer. */
public final class FifoQueueing implements QueueingPolicy {

    private Task[] ring = new Task[64];
    private int head;
    private int size;

    @Override
    public void add(Task task) {
        if (size == ring.length) {
            Task[] larger = new Task[ring.length * 2];
            for (int i = 0; i < size; i++) {
                larger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = larger;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = task;
        size++;
    }

    @Override
    public boolean addsAtLastRank() {
        return true;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Task get(int rank) {
        return ring[(head + rank) & (ring.length - 1)];
    }

    @Override
    public void removeAt(int rank) {
        int mask = ring.length - 1;
        if (rank == 0) {
            ring[head] = null;
            head = (head + 1) & mask;
            size--;
            return;
        }
        for (int i = rank; i < size - 1; i++) {
            ring[(head + i) & mask] = ring[(head + i + 1) & mask];
        }
        ring[(head + size - 1) & mask] = null;
        size--;
    }

    @Override
    public boolean remove(Task task) {
        for (int rank = 0; rank < size; rank++) {
            if (get(rank) == task) {
                removeAt(rank);
                return true;
            }
        }
        return false;
    }
}

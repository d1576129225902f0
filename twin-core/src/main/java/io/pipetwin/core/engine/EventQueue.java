package io.pipetwin.core.engine;

import java.util.Arrays;

/**
 * Pending events in a 4-ary min-heap kept in parallel primitive arrays, ordered by time and then by
 * insertion sequence, so events at the same time run in the order they were scheduled. Pushing and
 * popping allocate nothing except when the arrays grow.
 *
 * <p>{@link #pop()} leaves the root empty instead of moving the last element there at once. Most
 * handlers schedule an event while they run. The first push after a pop then sifts the new element
 * down from the root, so a pop followed by a push costs one sift instead of two. Any other call refills
 * the root with the last element first. Because (time, sequence) is a total order, the order in which
 * events leave the queue is the same either way.
 */
final class EventQueue {

    private double[] times;
    private long[] sequences;
    private int[] handlers;
    private int[] payloads;
    /** Array positions in use, the empty root included. */
    private int used;
    /** True when position 0 is empty, because the last pop removed its event and nothing refilled it yet. */
    private boolean rootEmpty;
    private long nextSequence;

    private double headTime;
    private int headHandler;
    private int headPayload;

    EventQueue(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        times = new double[capacity];
        sequences = new long[capacity];
        handlers = new int[capacity];
        payloads = new int[capacity];
    }

    int size() {
        return rootEmpty ? used - 1 : used;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** Returns the time of the earliest event; only valid when the queue is not empty. */
    double peekTime() {
        if (rootEmpty) {
            refillRoot();
        }
        return times[0];
    }

    void push(double time, int handler, int payload) {
        long sequence = nextSequence++;
        if (rootEmpty) {
            rootEmpty = false;
            siftDown(time, sequence, handler, payload, used);
            return;
        }
        if (used == times.length) {
            grow();
        }
        int index = used++;
        while (index > 0) {
            int parent = (index - 1) >>> 2;
            double parentTime = times[parent];
            if (parentTime < time || (parentTime == time && sequences[parent] < sequence)) {
                break;
            }
            move(parent, index);
            index = parent;
        }
        set(index, time, sequence, handler, payload);
    }

    /**
     * Removes the earliest event and keeps its fields for {@link #headTime()}, {@link #headHandler()}
     * and {@link #headPayload()}; only valid when the queue is not empty.
     */
    void pop() {
        if (rootEmpty) {
            refillRoot();
        }
        headTime = times[0];
        headHandler = handlers[0];
        headPayload = payloads[0];
        rootEmpty = true;
    }

    double headTime() {
        return headTime;
    }

    int headHandler() {
        return headHandler;
    }

    int headPayload() {
        return headPayload;
    }

    /** Moves the last element into the empty root and sifts it down. */
    private void refillRoot() {
        rootEmpty = false;
        int last = --used;
        if (last == 0) {
            return;
        }
        siftDown(times[last], sequences[last], handlers[last], payloads[last], last);
    }

    /** Places the element at the root and sifts it down within the first {@code bound} positions. */
    private void siftDown(double time, long sequence, int handler, int payload, int bound) {
        int index = 0;
        while (true) {
            int first = (index << 2) + 1;
            if (first >= bound) {
                break;
            }
            int best = first;
            double bestTime = times[first];
            int end = Math.min(first + 4, bound);
            for (int child = first + 1; child < end; child++) {
                double childTime = times[child];
                // Sequences are read only on equal times, which are rare with continuous delays.
                if (childTime < bestTime || (childTime == bestTime && sequences[child] < sequences[best])) {
                    best = child;
                    bestTime = childTime;
                }
            }
            if (time < bestTime || (time == bestTime && sequence < sequences[best])) {
                break;
            }
            move(best, index);
            index = best;
        }
        set(index, time, sequence, handler, payload);
    }

    private void move(int from, int to) {
        times[to] = times[from];
        sequences[to] = sequences[from];
        handlers[to] = handlers[from];
        payloads[to] = payloads[from];
    }

    private void set(int index, double time, long sequence, int handler, int payload) {
        times[index] = time;
        sequences[index] = sequence;
        handlers[index] = handler;
        payloads[index] = payload;
    }

    private void grow() {
        int capacity = times.length * 2;
        times = Arrays.copyOf(times, capacity);
        sequences = Arrays.copyOf(sequences, capacity);
        handlers = Arrays.copyOf(handlers, capacity);
        payloads = Arrays.copyOf(payloads, capacity);
    }
}

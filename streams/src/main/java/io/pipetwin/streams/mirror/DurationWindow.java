package io.pipetwin.streams.mirror;

import java.util.Arrays;

/**
 * The most recent observed durations of one task class, in a ring of fixed capacity. Each added
 * duration has a sequence number; its slot in the ring is the sequence modulo the capacity, so the
 * store can persist one small entry per observation and restore the ring in order.
 */
public final class DurationWindow {

    private final double[] durationsSeconds;
    private long nextSequence;

    public DurationWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("duration window capacity " + capacity + " is invalid; use 1 or more");
        }
        this.durationsSeconds = new double[capacity];
    }

    /** Adds a duration and returns its sequence number. */
    long add(double durationSeconds) {
        long sequence = nextSequence;
        durationsSeconds[slot(sequence)] = durationSeconds;
        nextSequence = sequence + 1;
        return sequence;
    }

    /** Puts back a persisted observation; restores must be given in ascending sequence order. */
    void restore(long sequence, double durationSeconds) {
        durationsSeconds[slot(sequence)] = durationSeconds;
        nextSequence = Math.max(nextSequence, sequence + 1);
    }

    int slot(long sequence) {
        return (int) (sequence % durationsSeconds.length);
    }

    /** Returns the durations in the window in seconds, oldest first; a copy. */
    public double[] durationsSeconds() {
        int size = size();
        double[] result = new double[size];
        long first = nextSequence - size;
        for (int i = 0; i < size; i++) {
            result[i] = durationsSeconds[slot(first + i)];
        }
        return result;
    }

    /** Returns the number of durations in the window. */
    public int size() {
        return (int) Math.min(nextSequence, durationsSeconds.length);
    }

    /** Returns the number of durations ever added, including those that left the window. */
    public long observedCount() {
        return nextSequence;
    }

    @Override
    public String toString() {
        return "DurationWindow" + Arrays.toString(durationsSeconds());
    }
}

package io.pipetwin.streams.mirror;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recent pipeline arrivals of one platform, in a ring of fixed capacity, from which the snapshot
 * takes its arrival rate and the pipelines it resamples as future arrivals. A pipeline arrives once, when it
 * is submitted. Its tasks queued or started later, successors included, are not arrivals, because the
 * forecast submits the tasks of an arrived pipeline itself as their predecessors finish.
 *
 * <p>NOTE: the arrival time is the submission, not the first queued event. The trace replays and the
 * synthetic platform queue a pipeline's first tasks at its submission. On a platform that queues them later,
 * forecast arrivals queue earlier than the real ones by that lag.
 */
public final class ArrivalWindow {

    private final Arrival[] arrivals;
    private long nextSequence;

    public ArrivalWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("arrival window capacity " + capacity + " is invalid; use 1 or more");
        }
        this.arrivals = new Arrival[capacity];
    }

    /** Records the arrival of a pipeline with {@code tasks} and returns it with its sequence number. */
    Arrival add(long timeMillis, String pipelineId, List<ArrivalTask> tasks) {
        Arrival arrival = new Arrival(nextSequence, timeMillis, pipelineId, tasks);
        arrivals[slot(arrival.sequence())] = arrival;
        nextSequence++;
        return arrival;
    }

    /** Puts back a persisted arrival. */
    void restore(Arrival arrival) {
        Arrival current = arrivals[slot(arrival.sequence())];
        if (current == null || current.sequence() < arrival.sequence()) {
            arrivals[slot(arrival.sequence())] = arrival;
        }
        nextSequence = Math.max(nextSequence, arrival.sequence() + 1);
    }

    int slot(long sequence) {
        return (int) (sequence % arrivals.length);
    }

    /** Returns the arrivals in the window at or before {@code nowMillis}, oldest first. */
    public List<Arrival> recent(long nowMillis) {
        int size = (int) Math.min(nextSequence, arrivals.length);
        List<Arrival> result = new ArrayList<>(size);
        for (long sequence = nextSequence - size; sequence < nextSequence; sequence++) {
            Arrival arrival = arrivals[slot(sequence)];
            if (arrival != null && arrival.timeMillis() <= nowMillis) {
                result.add(arrival);
            }
        }
        return result;
    }

    /**
     * Estimates the arrival rate at {@code nowMillis} as the arrivals within the last
     * {@code windowMillis} divided by that window. When the ring is full and its oldest arrival is inside
     * the window, the ring's own span is the divisor, because older arrivals in the window are no longer
     * counted.
     *
     * @return arrivals per second; 0 with no arrivals in the window
     */
    public double ratePerSecond(long nowMillis, long windowMillis) {
        List<Arrival> recent = recent(nowMillis);
        long from = nowMillis - windowMillis;
        int count = 0;
        long oldestInWindow = Long.MAX_VALUE;
        for (Arrival arrival : recent) {
            if (arrival.timeMillis() > from) {
                count++;
                oldestInWindow = Math.min(oldestInWindow, arrival.timeMillis());
            }
        }
        if (count == 0) {
            return 0;
        }
        boolean ringFullInsideWindow = count == arrivals.length;
        long spanMillis = ringFullInsideWindow ? Math.max(1000, nowMillis - oldestInWindow) : windowMillis;
        return count / (spanMillis / 1000.0);
    }

    /** Returns the number of pipeline arrivals ever recorded. */
    public long arrivalCount() {
        return nextSequence;
    }
}

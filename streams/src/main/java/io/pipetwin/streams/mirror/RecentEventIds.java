package io.pipetwin.streams.mirror;

import java.util.HashSet;

/**
 * Event ids applied within the deduplication window, for rejecting repeats. An id leaves the window
 * when its event time is more than {@code windowMillis} behind the latest event time, or when more
 * than {@code maxIds} ids are held (oldest first), so the state stays bounded.
 *
 * <p>The ids are kept in a ring in the order they were added, next to a set for lookups. The mirror adds
 * one id per applied event, so adding avoids boxing and iterator allocation.
 */
public final class RecentEventIds {

    private final long windowMillis;
    private final int maxIds;
    private final HashSet<String> ids = new HashSet<>();
    private String[] ringIds = new String[16];
    private long[] ringTimesMillis = new long[16];
    private int head;
    private int size;

    public RecentEventIds(long windowMillis, int maxIds) {
        this.windowMillis = windowMillis;
        this.maxIds = maxIds;
    }

    boolean contains(String eventId) {
        return ids.contains(eventId);
    }

    /**
     * Adds an id that is not held and returns how many ids left the window. Ids leave in the order they
     * were added, so the ones that left are always the oldest: the caller tracks them by sequence number.
     */
    int add(String eventId, long eventTimeMillis, long latestEventTimeMillis) {
        append(eventId, eventTimeMillis);
        int evicted = 0;
        while (size > 0) {
            boolean tooOld = ringTimesMillis[head] < latestEventTimeMillis - windowMillis;
            boolean tooMany = size > maxIds;
            if (!tooOld && !tooMany) {
                break;
            }
            ids.remove(ringIds[head]);
            ringIds[head] = null;
            head = (head + 1) & (ringIds.length - 1);
            size--;
            evicted++;
        }
        return evicted;
    }

    /** Puts back persisted ids; they must be given in the order they were added. */
    void restore(String eventId, long eventTimeMillis) {
        append(eventId, eventTimeMillis);
    }

    public int size() {
        return size;
    }

    private void append(String eventId, long eventTimeMillis) {
        if (size == ringIds.length) {
            grow();
        }
        int tail = (head + size) & (ringIds.length - 1);
        ringIds[tail] = eventId;
        ringTimesMillis[tail] = eventTimeMillis;
        size++;
        ids.add(eventId);
    }

    /** Doubles the ring and keeps the order. The length stays a power of two for the index mask. */
    private void grow() {
        String[] newIds = new String[ringIds.length * 2];
        long[] newTimes = new long[ringIds.length * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (ringIds.length - 1);
            newIds[i] = ringIds[from];
            newTimes[i] = ringTimesMillis[from];
        }
        ringIds = newIds;
        ringTimesMillis = newTimes;
        head = 0;
    }
}

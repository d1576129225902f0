package io.pipetwin.streams.mirror;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Event ids applied within the deduplication window, for rejecting repeats. An id leaves the window
 * when its event time is more than {@code windowMillis} behind the latest event time, or when more
 * than {@code maxIds} ids are held (oldest first), so the state stays bounded.
 */
public final class RecentEventIds {

    private final long windowMillis;
    private final int maxIds;
    private final LinkedHashMap<String, Long> timeMillisById = new LinkedHashMap<>();

    public RecentEventIds(long windowMillis, int maxIds) {
        this.windowMillis = windowMillis;
        this.maxIds = maxIds;
    }

    boolean contains(String eventId) {
        return timeMillisById.containsKey(eventId);
    }

    /**
     * Adds an id and returns how many ids left the window. Ids leave in the order they were added, so the
     * ones that left are always the oldest: the caller tracks them by sequence number.
     */
    int add(String eventId, long eventTimeMillis, long latestEventTimeMillis) {
        timeMillisById.put(eventId, eventTimeMillis);
        int evicted = 0;
        Iterator<Map.Entry<String, Long>> iterator = timeMillisById.entrySet().iterator();
        while (iterator.hasNext()) {
            Map.Entry<String, Long> oldest = iterator.next();
            boolean tooOld = oldest.getValue() < latestEventTimeMillis - windowMillis;
            boolean tooMany = timeMillisById.size() > maxIds;
            if (!tooOld && !tooMany) {
                break;
            }
            evicted++;
            iterator.remove();
        }
        return evicted;
    }

    /** Puts back persisted ids; they must be given in the order they were added. */
    void restore(String eventId, long eventTimeMillis) {
        timeMillisById.put(eventId, eventTimeMillis);
    }

    public int size() {
        return timeMillisById.size();
    }
}

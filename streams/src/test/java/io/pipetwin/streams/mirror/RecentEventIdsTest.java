package io.pipetwin.streams.mirror;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentEventIdsTest {

    @Test
    void idsLeaveByAgeInInsertionOrder() {
        RecentEventIds ids = new RecentEventIds(10_000, 1_000);
        for (int i = 0; i < 40; i++) {
            assertEquals(0, ids.add("e" + i, 100L * i, 100L * i));
        }

        // Latest time 13,500 ms with a 10,000 ms window: ids older than 3,500 ms (e0..e34) leave.
        int evicted = ids.add("late", 13_500, 13_500);

        assertEquals(35, evicted);
        assertEquals(40 + 1 - 35, ids.size());
        assertFalse(ids.contains("e34"));
        assertTrue(ids.contains("e35"));
        assertTrue(ids.contains("late"));
    }

    @Test
    void idsLeaveByCountAcrossRingWrapAround() {
        int maxIds = 20;
        RecentEventIds ids = new RecentEventIds(Long.MAX_VALUE / 2, maxIds);
        int evictedTotal = 0;
        for (int i = 0; i < 100; i++) {
            evictedTotal += ids.add("e" + i, i, i);
        }

        assertEquals(100 - maxIds, evictedTotal);
        assertEquals(maxIds, ids.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i >= 100 - maxIds, ids.contains("e" + i), "e" + i);
        }
    }
}

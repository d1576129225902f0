package io.pipetwin.streams.mirror;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

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

    @Test
    void idsWithEqualHashCodesStayDistinct() {
        // "Aa" and "BB" have the same String hash code, and so do all strings of two such pairs.
        RecentEventIds ids = new RecentEventIds(Long.MAX_VALUE / 2, 3);
        ids.add("AaAa", 0, 0);
        ids.add("AaBB", 1, 1);
        ids.add("BBAa", 2, 2);

        assertTrue(ids.contains("AaBB"));
        assertFalse(ids.contains("BBBB"));
        assertEquals(1, ids.add("BBBB", 3, 3));
        assertFalse(ids.contains("AaAa"));
        assertTrue(ids.contains("AaBB"));
        assertTrue(ids.contains("BBAa"));
        assertTrue(ids.contains("BBBB"));
    }

    @Test
    void randomAddsMatchSetModel() {
        Random random = new Random(7);
        int maxIds = 300;
        long windowMillis = 5_000;
        RecentEventIds ids = new RecentEventIds(windowMillis, maxIds);
        ArrayDeque<String> order = new ArrayDeque<>();
        ArrayDeque<Long> times = new ArrayDeque<>();
        Set<String> model = new HashSet<>();
        long latest = 0;
        for (int i = 0; i < 20_000; i++) {
            // Ids from a small range repeat, and a few go back in time, as late events do.
            String id = "e" + random.nextInt(2_000);
            long time = latest + random.nextInt(40) - 5;
            if (model.contains(id)) {
                assertTrue(ids.contains(id), id);
                continue;
            }
            assertFalse(ids.contains(id), id);
            latest = Math.max(latest, time);
            order.addLast(id);
            times.addLast(time);
            model.add(id);
            int expectedEvicted = 0;
            while (!order.isEmpty() && (times.peekFirst() < latest - windowMillis || order.size() > maxIds)) {
                model.remove(order.removeFirst());
                times.removeFirst();
                expectedEvicted++;
            }

            assertEquals(expectedEvicted, ids.add(id, time, latest), "evicted at add " + i);
            assertEquals(model.size(), ids.size());
        }
        for (int i = 0; i < 2_000; i++) {
            assertEquals(model.contains("e" + i), ids.contains("e" + i), "e" + i);
        }
    }
}

package io.pipetwin.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import org.junit.jupiter.api.Test;

/**
 * Summary-only recording keeps memory flat: the heap retained by a finished run (the workload, its engine,
 * scheduler and recorder, still reachable) does not grow with the number of pipelines.
 */
class ReferenceMemoryTest {

    /**
     * Allowed growth from 200k to 2M pipelines. Anything kept per pipeline, even one 4-byte int, would add
     * at least 1.8M × 4 bytes = 6.9 MiB; the rest of the heap (test framework, class metadata counted as
     * heap objects) moves by far less than this between two full collections.
     */
    private static final long BOUND_BYTES = 4L << 20;

    @Test
    void summaryRecordingRetainsTheSameHeapAt200kAnd2MPipelines() {
        long small = retainedAfterRun(200_000);
        long large = retainedAfterRun(2_000_000);

        assertTrue(large - small < BOUND_BYTES, "retained heap grew from " + small + " to " + large
                + " bytes between 200k and 2M pipelines");
    }

    private static long retainedAfterRun(int pipelines) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ReferenceWorkload workload = new ReferenceWorkload(ReferenceParameters.of(pipelines, 4, 1, Recording.SUMMARY),
                null);
        workload.run();
        assertEquals(5L * pipelines, workload.eventCount(), "one arrival and four completions per pipeline");
        long used = Long.MAX_VALUE;
        // The smallest of a few full collections, so that an allocation racing one of them does not count.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        Reference.reachabilityFence(workload);
        return used;
    }
}

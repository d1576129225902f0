package io.pipetwin.core.scheduling;

import io.pipetwin.core.pipeline.Task;
import java.util.Comparator;

/**
 * Shortest expected job first: tasks in ascending order of expected compute time (the duration model's
 * mean, or the drawn duration when no expectation was set), ties in submission order. Non-preemptive.
 */
public final class ShortestExpectedJobFirst extends SortedQueueing {

    public ShortestExpectedJobFirst() {
        super(Comparator.comparingDouble(ShortestExpectedJobFirst::expectedSeconds));
    }

    @Override
    public boolean usesExpectedDuration() {
        return true;
    }

    private static double expectedSeconds(Task task) {
        double expected = task.expectedDurationSeconds();
        if (Double.isNaN(expected)) {
            expected = task.durationSeconds();
        }
        return Double.isNaN(expected) ? Double.MAX_VALUE : expected;
    }
}

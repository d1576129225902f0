package io.pipetwin.core.scheduling;

import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Victim search for preemptive queueing. On each node in service it evicts the lowest-priority running
 * tasks first (the latest started first within a class) until the waiting task would fit. It picks the
 * node that needs the fewest evictions, then the one whose highest evicted class is lowest, then the node
 * added first. Gang tasks are never victims.
 */
final class Preemption {

    private static final Comparator<Task> EVICTION_ORDER = Comparator.comparingInt(Task::priority)
            .thenComparing(Comparator.comparingDouble(Task::startSeconds).reversed());

    private final List<Task> running;

    Preemption(List<Task> running) {
        this.running = running;
    }

    /** Returns the tasks to evict so that {@code task} fits on one node, or null when no eviction makes room. */
    List<Task> victims(Task task, QueueingPolicy policy, Cluster cluster) {
        List<Task> best = null;
        for (Node node : cluster.nodeArray()) {
            if (!node.isUp()) {
                continue;
            }
            List<Task> needed = victimsOn(node, task, policy);
            if (needed != null && (best == null || needed.size() < best.size()
                    || (needed.size() == best.size() && highestPriority(needed) < highestPriority(best)))) {
                best = needed;
            }
        }
        return best;
    }

    /** Returns the evictions on {@code node} that make room for {@code task}, or null when none do. */
    private List<Task> victimsOn(Node node, Task task, QueueingPolicy policy) {
        List<Task> candidates = new ArrayList<>();
        for (Task other : running) {
            if (other.nodeCount() == 1 && other.node(0) == node && policy.mayPreempt(task, other)) {
                candidates.add(other);
            }
        }
        candidates.sort(EVICTION_ORDER);

        long freeCpu = node.freeCpuMilli();
        long freeMemory = node.freeMemoryMib();
        int[] freeGpu = node.freeGpuMilliCopy();
        List<Task> evicted = new ArrayList<>();
        for (Task candidate : candidates) {
            evicted.add(candidate);
            freeCpu += candidate.request().cpuMilli();
            freeMemory += candidate.request().memoryMib();
            long mask = candidate.gpuMask(0);
            for (int gpu = 0; gpu < freeGpu.length; gpu++) {
                if ((mask & (1L << gpu)) != 0) {
                    freeGpu[gpu] += candidate.request().gpuMilli();
                }
            }
            if (node.wouldFit(task.request(), freeCpu, freeMemory, freeGpu)) {
                return evicted;
            }
        }
        return null;
    }

    /** Returns the highest class among {@code victims}, which are sorted lowest class first. */
    private static int highestPriority(List<Task> victims) {
        return victims.get(victims.size() - 1).priority();
    }
}

package io.pipetwin.core.scheduling;

import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskState;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;
import io.pipetwin.core.platform.TaskPools;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Work-conserving scheduler with one queue per task pool ({@code cpu} and {@code gpu}), so a GPU task
 * that waits never blocks a CPU task. A pass over the queues runs on every submission and every release;
 * within a queue it tries tasks in the policy's order and applies the {@link HeadOfLineRule} to a task
 * that does not fit. A preemptive policy may evict lower-priority running tasks for a task that does not
 * fit (single-node tasks only). It also integrates each queue's length over time, for time averages.
 */
public final class Scheduler {

    private static final int CPU_QUEUE = 0;
    private static final int GPU_QUEUE = 1;

    private final Simulation simulation;
    private final Cluster cluster;
    private final PlacementPolicy placement;
    private final HeadOfLineRule headOfLineRule;
    private final QueueingPolicy[] queues;
    private final double[] queueLengthIntegral = new double[2];
    private final double[] lastChangeSeconds = new double[2];
    private final int[] maxQueueLength = new int[2];
    private final Preemption preemption;
    private StartListener listener;
    private long nextSubmitSequence;

    private final List<Task> running = new ArrayList<>();
    /**
     * Per queue, the head task that the last strict pass could not place and the cluster's capacity version
     * at that moment. A pass with the same head and version would fail the same way, so it is skipped.
     */
    private final Task[] blockedHead = new Task[2];
    private final long[] blockedAtVersion = new long[2];
    /**
     * Per queue, the capacity version at which a backfill pass without preemption ended with every waiting
     * task marked as not fitting, or -1. While the version stays the same, a pass only needs to try new tasks.
     */
    private final long[] settledAtVersion = {-1, -1};
    /** Shapes (request and node count) that failed to fit in the current pass; the first 8 are kept. */
    private final ResourceRequest[] failedRequests = new ResourceRequest[8];
    private final int[] failedNodeCounts = new int[8];
    private int failedShapes;
    private Node[] chosen = new Node[4];

    public Scheduler(Simulation simulation, Cluster cluster, Supplier<QueueingPolicy> queueing,
                     PlacementPolicy placement, HeadOfLineRule headOfLineRule) {
        this.simulation = simulation;
        this.cluster = cluster;
        this.placement = placement;
        this.headOfLineRule = headOfLineRule;
        this.queues = new QueueingPolicy[] {queueing.get(), queueing.get()};
        this.preemption = new Preemption(running);
    }

    /** Sets the receiver of starts and preemptions; one per scheduler. */
    public void setListener(StartListener listener) {
        this.listener = listener;
    }

    public Cluster cluster() {
        return cluster;
    }

    /** Returns whether the queueing policy orders by expected duration, which submitters must then set. */
    public boolean usesExpectedDuration() {
        return queues[CPU_QUEUE].usesExpectedDuration();
    }

    /** Queues {@code task} and runs a pass over its queue. */
    public void submit(Task task) {
        int queue = queueIndex(task);
        task.setSubmitSequence(nextSubmitSequence++);
        task.setSubmitSeconds(simulation.now());
        task.setState(TaskState.WAITING);
        accumulate(queue);
        QueueingPolicy policy = queues[queue];
        policy.add(task);
        if (policy.size() > maxQueueLength[queue]) {
            maxQueueLength[queue] = policy.size();
        }
        if (settledAtVersion[queue] == cluster.capacityVersion() && policy.addsAtLastRank()) {
            // Every other waiting task failed to fit at this capacity version, so only the new one can start.
            tryLastRank(queue, policy);
        } else {
            pass(queue);
        }
    }

    /** Runs a pass over every queue; call after resources were freed or added. */
    public void schedule() {
        pass(CPU_QUEUE);
        pass(GPU_QUEUE);
    }

    /** Frees the resources {@code task} holds and tells its queue; does not run a pass. */
    public void release(Task task) {
        for (int i = 0; i < task.nodeCount(); i++) {
            task.node(i).release(task.request(), task.gpuMask(i));
            task.setPlacement(i, null, 0L);
        }
        removeRunning(task);
        queues[queueIndex(task)].onRelease(task);
    }

    /**
     * Starts {@code task} on the given nodes without a queue, bypassing placement: used to rebuild running
     * tasks from a recorded state. Throws when the request does not fit on one of them.
     */
    public void startOn(Task task, List<Node> nodes) {
        if (nodes.size() != task.nodeCount()) {
            throw new IllegalArgumentException("task " + task.taskId() + " needs " + task.nodeCount()
                    + " nodes but " + nodes.size() + " were given");
        }
        for (Node node : nodes) {
            if (!node.fits(task.request())) {
                throw new IllegalArgumentException("task " + task.taskId() + " does not fit on node " + node.id()
                        + " with its request " + task.request() + "; check the recorded allocation");
            }
        }
        task.setSubmitSequence(nextSubmitSequence++);
        start(task, nodes.toArray(new Node[0]), queueIndex(task));
    }

    /** Removes a waiting task from its queue and returns whether it was queued. */
    public boolean withdraw(Task task) {
        int queue = queueIndex(task);
        accumulate(queue);
        return queues[queue].remove(task);
    }

    /** Returns the tasks holding resources; the list is live and must not be modified. */
    public List<Task> running() {
        return running;
    }

    /** Returns the number of waiting tasks in task pool {@code pool} ({@code cpu}, {@code gpu} or {@code all}). */
    public int waiting(String pool) {
        return switch (pool) {
            case TaskPools.CPU -> queues[CPU_QUEUE].size();
            case TaskPools.GPU -> queues[GPU_QUEUE].size();
            case TaskPools.ALL -> queues[CPU_QUEUE].size() + queues[GPU_QUEUE].size();
            default -> throw new IllegalArgumentException("unknown task pool " + pool + "; use cpu, gpu or all");
        };
    }

    /** Returns the waiting tasks of the queue {@code task} would join. */
    public int waitingLike(Task task) {
        return queues[queueIndex(task)].size();
    }

    /** Returns the integral of the queue length of {@code pool} over time, from 0 to now, in task-seconds. */
    public double queueLengthIntegral(String pool) {
        accumulate(CPU_QUEUE);
        accumulate(GPU_QUEUE);
        return switch (pool) {
            case TaskPools.CPU -> queueLengthIntegral[CPU_QUEUE];
            case TaskPools.GPU -> queueLengthIntegral[GPU_QUEUE];
            default -> queueLengthIntegral[CPU_QUEUE] + queueLengthIntegral[GPU_QUEUE];
        };
    }

    /** Returns the largest number of tasks that waited at once in {@code pool} ({@code cpu} or {@code gpu}). */
    public int maxQueueLength(String pool) {
        return TaskPools.GPU.equals(pool) ? maxQueueLength[GPU_QUEUE] : maxQueueLength[CPU_QUEUE];
    }

    private static int queueIndex(Task task) {
        return task.usesGpu() ? GPU_QUEUE : CPU_QUEUE;
    }

    private void accumulate(int queue) {
        double now = simulation.now();
        queueLengthIntegral[queue] += queues[queue].size() * (now - lastChangeSeconds[queue]);
        lastChangeSeconds[queue] = now;
    }

    private void pass(int queue) {
        QueueingPolicy policy = queues[queue];
        if (policy.size() == 0) {
            return;
        }
        policy.prepare();
        boolean strict = headOfLineRule == HeadOfLineRule.STRICT && !policy.preemptive();
        if (strict && policy.get(0) == blockedHead[queue]
                && blockedAtVersion[queue] == cluster.capacityVersion()) {
            return;
        }
        // Without preemption a pass only allocates, so the capacity version stays the same through it.
        boolean skipKnownMisfits = !policy.preemptive();
        failedShapes = 0;
        int rank = 0;
        while (rank < policy.size()) {
            Task task = policy.get(rank);
            if (skipKnownMisfits && (task.placementFailedAtVersion() == cluster.capacityVersion()
                    || failedEarlierInPass(task))) {
                // No capacity was freed since this task, or one with the same shape, failed to fit, so it fails again.
                task.setPlacementFailedAtVersion(cluster.capacityVersion());
                if (headOfLineRule == HeadOfLineRule.STRICT) {
                    return;
                }
                rank++;
                continue;
            }
            Node[] nodes = nodesFor(task);
            boolean placed = placement.place(task.request(), task.nodeCount(), cluster, nodes);
            List<Task> evicted = null;
            if (!placed && policy.preemptive() && task.nodeCount() == 1) {
                evicted = evictFor(task, policy);
                placed = evicted != null && placement.place(task.request(), 1, cluster, nodes);
            }
            if (placed) {
                accumulate(queue);
                policy.removeAt(rank);
                start(task, nodes, queue);
            }
            if (evicted != null) {
                requeue(evicted);
            }

            if (!placed) {
                if (skipKnownMisfits) {
                    task.setPlacementFailedAtVersion(cluster.capacityVersion());
                    rememberFailedShape(task);
                }
                if (headOfLineRule == HeadOfLineRule.STRICT) {
                    if (strict && rank == 0) {
                        blockedHead[queue] = task;
                        blockedAtVersion[queue] = cluster.capacityVersion();
                    }
                    return;
                }
                rank++;
            } else if (evicted != null || policy.reordersOnStart()) {
                // The order changed, so the pass starts over from the first rank.
                policy.prepare();
                rank = 0;
            }
        }
        // A strict pass that got here started every task, and a strict queue must never let a new task start
        // ahead of a blocked head, so only backfill marks its queue as settled.
        if (skipKnownMisfits && headOfLineRule == HeadOfLineRule.BACKFILL) {
            settledAtVersion[queue] = cluster.capacityVersion();
        }
    }

    /**
     * Returns whether a task with the same request and node count failed to fit earlier in the current pass.
     * Placement depends on nothing else, and a pass without preemption only shrinks free capacity.
     */
    private boolean failedEarlierInPass(Task task) {
        for (int i = 0; i < failedShapes; i++) {
            if (failedNodeCounts[i] == task.nodeCount() && failedRequests[i].equals(task.request())) {
                return true;
            }
        }
        return false;
    }

    private void rememberFailedShape(Task task) {
        if (failedShapes < failedRequests.length) {
            failedRequests[failedShapes] = task.request();
            failedNodeCounts[failedShapes] = task.nodeCount();
            failedShapes++;
        }
    }

    /** Tries to start the task at the last rank of a settled queue, as a full pass would, without the scan. */
    private void tryLastRank(int queue, QueueingPolicy policy) {
        int rank = policy.size() - 1;
        Task task = policy.get(rank);
        Node[] nodes = nodesFor(task);
        if (placement.place(task.request(), task.nodeCount(), cluster, nodes)) {
            accumulate(queue);
            policy.removeAt(rank);
            start(task, nodes, queue);
        } else {
            task.setPlacementFailedAtVersion(cluster.capacityVersion());
        }
    }

    private Node[] nodesFor(Task task) {
        if (chosen.length < task.nodeCount()) {
            chosen = new Node[task.nodeCount()];
        }
        return chosen;
    }

    private void start(Task task, Node[] nodes, int queue) {
        for (int i = 0; i < task.nodeCount(); i++) {
            task.setPlacement(i, nodes[i], nodes[i].allocate(task.request()));
        }
        task.setRunningPosition(running.size());
        running.add(task);
        task.setStartSeconds(simulation.now());
        task.incrementAttempts();
        queues[queue].onStart(task);
        if (listener != null) {
            listener.onStarted(task);
        }
    }

    /** Evicts the running tasks that make room for {@code task} and returns them, or returns null. */
    private List<Task> evictFor(Task task, QueueingPolicy policy) {
        List<Task> victims = preemption.victims(task, policy, cluster);
        if (victims == null) {
            return null;
        }
        for (Task victim : victims) {
            release(victim);
            victim.setState(TaskState.WAITING);
            if (listener != null) {
                listener.onPreempted(victim);
            }
        }
        return victims;
    }

    /** Puts evicted tasks back in their queues, after the task they made room for left its queue. */
    private void requeue(List<Task> victims) {
        for (Task victim : victims) {
            int queue = queueIndex(victim);
            accumulate(queue);
            victim.setSubmitSequence(nextSubmitSequence++);
            victim.setSubmitSeconds(simulation.now());
            queues[queue].add(victim);
        }
    }

    private void removeRunning(Task task) {
        int position = task.runningPosition();
        int lastPosition = running.size() - 1;
        Task last = running.get(lastPosition);
        running.set(position, last);
        last.setRunningPosition(position);
        running.remove(lastPosition);
        task.setRunningPosition(-1);
    }
}

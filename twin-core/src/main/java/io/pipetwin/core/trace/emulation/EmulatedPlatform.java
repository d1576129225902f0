package io.pipetwin.core.trace.emulation;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.LognormalDurationModel;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceRequest;
import io.pipetwin.core.scheduling.FailurePolicy;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.core.scheduling.PlacementPolicy;
import io.pipetwin.core.scheduling.PlatformSimulation;
import io.pipetwin.core.scheduling.Scheduler;
import io.pipetwin.core.scheduling.SimulationListener;
import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

/**
 * Replays a trace's arrivals and demands through the twin-core simulator and returns each task with a
 * simulated start and end, for traces that record only a run time (Philly CSV) and for trace-driven
 * validation. The scheduler is FIFO with strict head-of-line blocking per task pool (CPU and GPU), and
 * placement first-fit unless given; each task holds its request for its run time
 * ({@link TraceTask#runSeconds()}).
 *
 * <p>Tasks come out in submit order. The simulation advances only as far as needed to know the start of
 * the oldest task not yet returned, so memory grows with the number of waiting tasks, not with the trace.
 * Tasks that can never be placed on the cluster (a request larger than any node, or more nodes than the
 * cluster has) are returned at once as {@link TraceTaskStatus#PENDING} without a start, so they do not
 * block the queue. A task that started but has no end in the trace keeps its resources until the
 * simulation ends and comes out {@link TraceTaskStatus#RUNNING} without an end. A task that never started
 * in the trace and has no run time is returned unchanged.
 */
public final class EmulatedPlatform implements TraceReader<TraceTask> {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatedPlatform.class);

    /** Run time given to a task still running when the trace ended, so it keeps its resources to the end. */
    static final long UNTIL_END_SECONDS = 1L << 50;

    private final TraceReader<TraceTask> source;
    private final Simulation simulation;
    private final PlatformSimulation platform;
    private final Cluster cluster;
    private final ArrayDeque<Entry> inSubmitOrder = new ArrayDeque<>();
    private final Map<Task, Entry> byTask = new HashMap<>();
    private long infeasible;
    private long emulated;

    private static final class Entry {
        final TraceTask task;
        final long runSeconds;
        TraceTask result;

        Entry(TraceTask task, long runSeconds) {
            this.task = task;
            this.runSeconds = runSeconds;
        }
    }

    /** Emulates {@code source} (in submit order) on {@code nodes} with FIFO and first-fit. */
    public EmulatedPlatform(TraceReader<TraceTask> source, List<NodeSpec> nodes) {
        this(source, nodes, new FirstFit());
    }

    public EmulatedPlatform(TraceReader<TraceTask> source, List<NodeSpec> nodes, PlacementPolicy placement) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("the emulated cluster has no nodes; give a node list or --gpus");
        }
        this.source = source;
        this.simulation = new Simulation(1);
        this.cluster = new Cluster(nodes);
        Scheduler scheduler = new Scheduler(simulation, cluster, FifoQueueing::new, placement, HeadOfLineRule.STRICT);
        this.platform = new PlatformSimulation(simulation, cluster, scheduler, new LognormalDurationModel(),
                FailurePolicy.FAIL);
        platform.addListener(new SimulationListener() {
            @Override
            public void onTaskStarted(Task task) {
                Entry entry = byTask.remove(task);
                long start = Math.round(simulation.now());
                entry.result = entry.runSeconds == UNTIL_END_SECONDS
                        ? entry.task.withRun(OptionalLong.of(start), OptionalLong.empty(), TraceTaskStatus.RUNNING)
                        : entry.task.withRun(OptionalLong.of(start), OptionalLong.of(start + entry.runSeconds),
                        terminal(entry.task.status()));
            }
        });
        LOG.info("Emulating the trace on {} node(s) with {} GPU(s)", nodes.size(),
                nodes.stream().mapToInt(NodeSpec::gpuCount).sum());
    }

    /** Returns the number of tasks that could never be placed on the cluster. */
    public long infeasibleTasks() {
        return infeasible;
    }

    /** Returns the number of tasks run through the simulator. */
    public long emulatedTasks() {
        return emulated;
    }

    /** Returns the cluster, whose nodes show the current allocation. */
    public Cluster cluster() {
        return cluster;
    }

    @Override
    public boolean hasNext() {
        while (inSubmitOrder.isEmpty() || inSubmitOrder.peekFirst().result == null) {
            if (source.hasNext()) {
                admit(source.next());
            } else if (!simulation.step()) {
                break;
            }
        }
        return !inSubmitOrder.isEmpty() && inSubmitOrder.peekFirst().result != null;
    }

    @Override
    public TraceTask next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more emulated tasks");
        }
        return inSubmitOrder.pollFirst().result;
    }

    @Override
    public long rowsRead() {
        return source.rowsRead();
    }

    @Override
    public long rowsSkipped() {
        return source.rowsSkipped();
    }

    @Override
    public void close() {
        source.close();
        if (infeasible > 0) {
            LOG.warn("{} task(s) requested more than the emulated cluster has and were left unplaced", infeasible);
        }
    }

    private void admit(TraceTask traceTask) {
        OptionalLong run = traceTask.runSeconds();
        boolean runsPastTraceEnd = run.isEmpty() && traceTask.started();
        Entry entry = new Entry(traceTask, runsPastTraceEnd ? UNTIL_END_SECONDS : run.orElse(0));
        inSubmitOrder.addLast(entry);
        if (run.isEmpty() && !runsPastTraceEnd) {
            entry.result = traceTask;
            return;
        }
        ResourceRequest request = toRequest(traceTask);
        if (!feasible(request, traceTask.nodeCount())) {
            infeasible++;
            entry.result = traceTask.withRun(OptionalLong.empty(), OptionalLong.empty(), TraceTaskStatus.PENDING);
            return;
        }
        if (traceTask.submitTimeSeconds() > simulation.now()) {
            simulation.runUntil(traceTask.submitTimeSeconds());
        }
        Task task = new Task(traceTask.taskId(), null, -1, TaskType.CUSTOM, "trace", request, traceTask.nodeCount(),
                0.0, traceTask.user() == null ? "" : traceTask.user(), 0);
        task.setDurationSeconds(entry.runSeconds);
        task.setExpectedDurationSeconds(entry.runSeconds);
        byTask.put(task, entry);
        emulated++;
        platform.submit(task);
    }

    /** Converts a trace request to the simulator's request; GPU models are ignored unless requested. */
    static ResourceRequest toRequest(TraceTask task) {
        var r = task.request();
        return new ResourceRequest(r.cpuMilli(), r.memoryMib(), r.gpuCount(), r.gpuCount() == 0 ? 0 : r.gpuMilli(),
                r.gpuModel());
    }

    private boolean feasible(ResourceRequest request, int nodeCount) {
        int fitting = 0;
        for (Node node : cluster.nodeArray()) {
            NodeSpec spec = node.spec();
            boolean fits = spec.cpuMilli() >= request.cpuMilli() && spec.memoryMib() >= request.memoryMib()
                    && spec.gpuCount() >= request.gpuCount()
                    && (request.gpuModel() == null || request.gpuModel().equals(spec.gpuModel()));
            if (fits && ++fitting >= nodeCount) {
                return true;
            }
        }
        return false;
    }

    private static TraceTaskStatus terminal(TraceTaskStatus status) {
        return switch (status) {
            case FAILED, KILLED -> status;
            default -> TraceTaskStatus.SUCCEEDED;
        };
    }
}

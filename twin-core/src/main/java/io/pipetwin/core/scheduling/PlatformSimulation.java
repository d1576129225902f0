package io.pipetwin.core.scheduling;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.DurationModel;
import io.pipetwin.core.pipeline.Pipeline;
import io.pipetwin.core.pipeline.PipelineDag;
import io.pipetwin.core.pipeline.PipelineSpec;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskSpec;
import io.pipetwin.core.pipeline.TaskState;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Network;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceKind;
import io.pipetwin.core.platform.StorageService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The platform model on the event engine: pipelines arrive, their tasks are submitted when all
 * predecessors finished, the {@link Scheduler} places them, each transfers its input from the storage
 * service over the {@link Network} (when it has input and a {@link StorageService} is set) and then computes for
 * its duration. Nodes can fail and be added while it runs.
 *
 * <p>Events: one per task completion, one per node failure or addition, plus the network's transfer
 * events; arrivals are scheduled by the caller (see {@link #submitPipeline}). A task's duration is the one
 * its creator set, or else drawn from the {@link DurationModel} with the {@code durations} random stream
 * when it starts computing.
 */
public final class PlatformSimulation implements StartListener {

    /** Random stream from which durations missing on a task are drawn. */
    public static final String DURATION_STREAM = "durations";

    private final Simulation simulation;
    private final Cluster cluster;
    private final Scheduler scheduler;
    private final DurationModel durationModel;
    private final FailurePolicy failurePolicy;
    private final RandomStream durationRandom;
    private final int completionHandler;
    private final int nodeFailureHandler;
    private final int nodeAdditionHandler;
    private SimulationListener[] listeners = new SimulationListener[0];
    private final boolean expectedDurationNeeded;

    private StorageService storage;

    /** Tasks holding resources, by slot; a slot is reused once its task released them. */
    private Task[] slots = new Task[64];
    private int[] freeSlots = new int[64];
    private int freeSlotCount;
    private int slotsUsed;

    private final List<String> pendingFailures = new ArrayList<>();
    private final List<NodeSpec> pendingAdditions = new ArrayList<>();
    private long nextPipelineNumber;
    private boolean reusePipelines;
    /** Completed pipelines whose objects the next arrivals reuse, when reuse is on. */
    private Pipeline[] sparePipelines = new Pipeline[16];
    private int spareCount;

    public PlatformSimulation(Simulation simulation, Cluster cluster, Scheduler scheduler, DurationModel durationModel,
                              FailurePolicy failurePolicy) {
        this.simulation = simulation;
        this.cluster = cluster;
        this.scheduler = scheduler;
        this.durationModel = durationModel;
        this.failurePolicy = failurePolicy;
        this.expectedDurationNeeded = scheduler.usesExpectedDuration();
        this.durationRandom = simulation.stream(DURATION_STREAM);
        this.completionHandler = simulation.register(this::onComputeFinished);
        this.nodeFailureHandler = simulation.register(index -> failNode(pendingFailures.get(index)));
        this.nodeAdditionHandler = simulation.register(index -> addNode(pendingAdditions.get(index)));
        scheduler.setListener(this);
    }

    /** Adds an observer; observers are called in the order added. */
    public void addListener(SimulationListener listener) {
        listeners = Arrays.copyOf(listeners, listeners.length + 1);
        listeners[listeners.length - 1] = listener;
    }

    /**
     * Makes tasks with input read it from {@code storage} to their first node before computing. Without this
     * call, input transfers take no time.
     */
    public void setStorage(StorageService storage) {
        this.storage = storage;
    }

    public Simulation simulation() {
        return simulation;
    }

    public Cluster cluster() {
        return cluster;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Creates the pipeline run of {@code spec} at now, submits its root tasks and returns it. Durations
     * set in {@code durationsSeconds} (by task index; null or NaN entries are drawn later) are kept.
     */
    public Pipeline submitPipeline(PipelineSpec spec, double[] durationsSeconds) {
        PipelineDag dag = spec.dag();
        int taskCount = dag.size();
        Pipeline pipeline;
        Task[] tasks = null;
        if (spareCount > 0 && sparePipelines[spareCount - 1].taskCount() == taskCount) {
            pipeline = sparePipelines[--spareCount];
            sparePipelines[spareCount] = null;
            pipeline.reuse(spec, nextPipelineNumber++, simulation.now());
        } else {
            tasks = new Task[taskCount];
            pipeline = new Pipeline(spec, nextPipelineNumber++, tasks, simulation.now());
        }
        for (int i = 0; i < taskCount; i++) {
            TaskSpec taskSpec = dag.task(i);
            Task task;
            if (tasks == null) {
                task = pipeline.task(i);
                task.reuse(pipeline, i, taskSpec.type(), taskSpec.type().label(), taskSpec.request(),
                        taskSpec.nodeCount(), taskSpec.inputBytes(), spec.tenant(), spec.priority());
            } else {
                task = new Task(null, pipeline, i, taskSpec.type(), taskSpec.type().label(), taskSpec.request(),
                        taskSpec.nodeCount(), taskSpec.inputBytes(), spec.tenant(), spec.priority());
                tasks[i] = task;
            }
            task.setRemainingPredecessors(taskSpec.predecessors().length);
            if (durationsSeconds != null) {
                task.setDurationSeconds(durationsSeconds[i]);
            }
        }
        for (SimulationListener listener : listeners) {
            listener.onPipelineArrived(pipeline);
        }
        for (int root : dag.roots()) {
            submit(pipeline.task(root));
        }
        return pipeline;
    }

    /**
     * Lets the objects of completed pipelines be reused for later arrivals instead of allocating new ones,
     * which keeps long runs in a small, cache-resident set of objects. Only for runs whose listeners keep no
     * reference to a {@link Pipeline} or {@link Task} after {@link SimulationListener#onPipelineCompleted}
     * returned: afterwards the same objects describe another pipeline. Off by default.
     */
    public void setReusePipelines(boolean reuse) {
        this.reusePipelines = reuse;
        if (!reuse) {
            Arrays.fill(sparePipelines, 0, spareCount, null);
            spareCount = 0;
        }
    }

    private void keepSpare(Pipeline pipeline) {
        if (spareCount == sparePipelines.length) {
            sparePipelines = Arrays.copyOf(sparePipelines, spareCount * 2);
        }
        sparePipelines[spareCount++] = pipeline;
    }

    /** Submits a task now, for stand-alone tasks and tasks whose predecessors finished. */
    public void submit(Task task) {
        if (expectedDurationNeeded && Double.isNaN(task.expectedDurationSeconds()) && task.type() != null) {
            task.setExpectedDurationSeconds(expectedSeconds(task));
        }
        for (SimulationListener listener : listeners) {
            listener.onTaskSubmitted(task);
        }
        scheduler.submit(task);
    }

    /**
     * Starts {@code task} on the given nodes at now, without queueing: used to rebuild running tasks from
     * a recorded state. Its duration must be set.
     */
    public void startRunning(Task task, List<Node> nodes) {
        if (Double.isNaN(task.durationSeconds())) {
            throw new IllegalArgumentException("task " + task.taskId() + " has no duration; set the remaining "
                    + "duration before starting it on its recorded nodes");
        }
        task.setSubmitSeconds(simulation.now());
        scheduler.startOn(task, nodes);
    }

    /** Schedules the failure of node {@code nodeId} at simulation time {@code timeSeconds}. */
    public void scheduleNodeFailure(double timeSeconds, String nodeId) {
        pendingFailures.add(nodeId);
        simulation.scheduleAt(timeSeconds, nodeFailureHandler, pendingFailures.size() - 1);
    }

    /** Schedules the addition of a node at simulation time {@code timeSeconds}. */
    public void scheduleNodeAddition(double timeSeconds, NodeSpec spec) {
        pendingAdditions.add(spec);
        simulation.scheduleAt(timeSeconds, nodeAdditionHandler, pendingAdditions.size() - 1);
    }

    /** Adds a node now and runs a scheduling pass. */
    public Node addNode(NodeSpec spec) {
        Node node = cluster.addNode(spec);
        for (SimulationListener listener : listeners) {
            listener.onNodeAdded(node);
        }
        scheduler.schedule();
        return node;
    }

    /**
     * Fails node {@code nodeId} now. Tasks holding resources on it release them everywhere (gang tasks on
     * their other nodes too) and then fail or are requeued, as the {@link FailurePolicy} specifies.
     */
    public void failNode(String nodeId) {
        Node node = cluster.failNode(nodeId);
        for (SimulationListener listener : listeners) {
            listener.onNodeFailed(node);
        }
        List<Task> affected = new ArrayList<>();
        for (Task task : scheduler.running()) {
            if (task.holds(node)) {
                affected.add(task);
            }
        }
        affected.sort((a, b) -> Long.compare(a.submitSequence(), b.submitSequence()));
        for (Task task : affected) {
            interrupt(task, node);
        }
        scheduler.schedule();
    }

    private void interrupt(Task task, Node node) {
        scheduler.release(task);
        freeSlot(task);
        for (SimulationListener listener : listeners) {
            listener.onTaskInterrupted(task, node);
        }
        if (failurePolicy == FailurePolicy.REQUEUE) {
            submit(task);
            return;
        }
        task.setState(TaskState.FAILED);
        task.setEndSeconds(simulation.now());
        Pipeline pipeline = task.pipeline();
        if (pipeline != null && !pipeline.isFailed()) {
            pipeline.markFailed();
            for (SimulationListener listener : listeners) {
                listener.onPipelineFailed(pipeline);
            }
        }
    }

    @Override
    public void onStarted(Task task) {
        int slot = allocateSlot(task);
        for (SimulationListener listener : listeners) {
            listener.onTaskStarted(task);
        }
        if (storage != null && task.inputBytes() > 0) {
            task.setState(TaskState.TRANSFERRING);
            Network network = storage.network();
            task.setTransferId(network.startTransfer(task.inputBytes(), storage.pathTo(task.node(0)), slot,
                    this::onTransferComplete));
            return;
        }
        startComputing(task);
    }

    @Override
    public void onPreempted(Task task) {
        freeSlot(task);
        for (SimulationListener listener : listeners) {
            listener.onTaskPreempted(task);
        }
    }

    private void onTransferComplete(int transferId, int slot) {
        Task task = slots[slot];
        // A task interrupted or preempted during its transfer may have left the slot to another task.
        if (task == null || task.state() != TaskState.TRANSFERRING || task.transferId() != transferId) {
            return;
        }
        task.setTransferId(-1);
        startComputing(task);
    }

    private void startComputing(Task task) {
        if (Double.isNaN(task.durationSeconds())) {
            task.setDurationSeconds(sampleSeconds(task));
        }
        task.setState(TaskState.RUNNING);
        double now = simulation.now();
        task.setComputeStartSeconds(now);
        task.setEndSeconds(now + task.durationSeconds());
        for (SimulationListener listener : listeners) {
            listener.onTaskComputing(task);
        }
        simulation.scheduleAt(task.endSeconds(), completionHandler, task.slot());
    }

    private void onComputeFinished(int slot) {
        Task task = slots[slot];
        // A task interrupted or preempted while its completion was pending left a stale event behind.
        if (task == null || task.state() != TaskState.RUNNING || task.endSeconds() != simulation.now()) {
            return;
        }
        freeSlot(task);
        scheduler.release(task);
        task.setState(TaskState.FINISHED);
        for (SimulationListener listener : listeners) {
            listener.onTaskFinished(task);
        }
        scheduler.schedule();

        Pipeline pipeline = task.pipeline();
        if (pipeline == null) {
            return;
        }
        if (pipeline.taskFinished(simulation.now())) {
            for (SimulationListener listener : listeners) {
                listener.onPipelineCompleted(pipeline);
            }
            if (reusePipelines) {
                keepSpare(pipeline);
            }
            return;
        }
        if (pipeline.isFailed()) {
            return;
        }
        for (int successor : pipeline.spec().dag().successors(task.indexInPipeline())) {
            Task next = pipeline.task(successor);
            if (next.predecessorFinished() == 0) {
                submit(next);
            }
        }
    }

    private double sampleSeconds(Task task) {
        PipelineSpec spec = task.pipeline() == null ? null : task.pipeline().spec();
        return durationModel.sampleSeconds(task.type(), spec == null ? null : spec.framework(),
                spec == null ? 0 : spec.datasetSizeBytes(), task.usesGpu() ? ResourceKind.GPU : ResourceKind.CPU,
                durationRandom);
    }

    private double expectedSeconds(Task task) {
        PipelineSpec spec = task.pipeline() == null ? null : task.pipeline().spec();
        return durationModel.expectedSeconds(task.type(), spec == null ? null : spec.framework(),
                spec == null ? 0 : spec.datasetSizeBytes(), task.usesGpu() ? ResourceKind.GPU : ResourceKind.CPU);
    }

    private int allocateSlot(Task task) {
        int slot;
        if (freeSlotCount > 0) {
            slot = freeSlots[--freeSlotCount];
        } else {
            if (slotsUsed == slots.length) {
                slots = Arrays.copyOf(slots, slotsUsed * 2);
            }
            slot = slotsUsed++;
        }
        slots[slot] = task;
        task.setSlot(slot);
        return slot;
    }

    private void freeSlot(Task task) {
        int slot = task.slot();
        if (slot < 0) {
            return;
        }
        slots[slot] = null;
        task.setSlot(-1);
        if (freeSlotCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlotCount * 2);
        }
        freeSlots[freeSlotCount++] = slot;
    }
}

package io.pipetwin.core.pipeline;

import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;

/**
 * One task in a simulation: what it requests, where it runs and when each step of its life happened.
 * Mutable and owned by the simulation; listeners may read it.
 */
public final class Task {

    private String taskId;
    // Identity fields are not final: a simulation that reuses the objects of completed pipelines reassigns
    // them through reuse(); outside that they never change after construction.
    private Pipeline pipeline;
    private int indexInPipeline;
    private TaskType type;
    private String taskClass;
    private ResourceRequest request;
    private int nodeCount;
    private double inputBytes;
    private String tenant;
    private int priority;

    private TaskState state;
    private int remainingPredecessors;
    /** Compute time in seconds; NaN until drawn from the duration model. */
    private double durationSeconds;
    /** Expected compute time in seconds, used to order waiting tasks by expected length. */
    private double expectedDurationSeconds;
    private double submitSeconds;
    private double startSeconds;
    private double computeStartSeconds;
    private double endSeconds;
    private int attempts;
    private long submitSequence;
    private long placementFailedAtVersion;
    private int slot;
    private int runningPosition;
    private int transferId;
    /** First held node and its GPU mask in fields, the others of a gang task in arrays: no arrays for most tasks. */
    private Node firstNode;
    private long firstGpuMask;
    private Node[] otherNodes;
    private long[] otherGpuMasks;

    /**
     * Creates a task.
     *
     * @param taskId          unique id, or null to derive {@code <pipeline id>/<task name>} on first use
     * @param pipeline        pipeline the task belongs to, or null for a stand-alone task
     * @param indexInPipeline position in the pipeline's task list, or -1
     * @param taskClass       key for observed durations, for example the type label
     */
    public Task(String taskId, Pipeline pipeline, int indexInPipeline, TaskType type, String taskClass,
                ResourceRequest request, int nodeCount, double inputBytes, String tenant, int priority) {
        assign(taskId, pipeline, indexInPipeline, type, taskClass, request, nodeCount, inputBytes, tenant, priority);
    }

    /**
     * Turns this object into a new, blocked task of {@code pipeline} with a derived id, exactly as the
     * constructor with a null id would. Only for the objects of a completed pipeline that no listener or
     * queue references any more (see {@code PlatformSimulation.setReusePipelines}).
     */
    public void reuse(Pipeline pipeline, int indexInPipeline, TaskType type, String taskClass,
                      ResourceRequest request, int nodeCount, double inputBytes, String tenant, int priority) {
        assign(null, pipeline, indexInPipeline, type, taskClass, request, nodeCount, inputBytes, tenant, priority);
    }

    private void assign(String taskId, Pipeline pipeline, int indexInPipeline, TaskType type, String taskClass,
                        ResourceRequest request, int nodeCount, double inputBytes, String tenant, int priority) {
        this.taskId = taskId;
        this.pipeline = pipeline;
        this.indexInPipeline = indexInPipeline;
        this.type = type;
        this.taskClass = taskClass;
        this.request = request;
        this.nodeCount = nodeCount;
        this.inputBytes = inputBytes;
        this.tenant = tenant;
        this.priority = priority;
        this.state = TaskState.BLOCKED;
        this.remainingPredecessors = 0;
        this.durationSeconds = Double.NaN;
        this.expectedDurationSeconds = Double.NaN;
        this.submitSeconds = Double.NaN;
        this.startSeconds = Double.NaN;
        this.computeStartSeconds = Double.NaN;
        this.endSeconds = Double.NaN;
        this.attempts = 0;
        this.submitSequence = 0;
        this.placementFailedAtVersion = -1;
        this.slot = -1;
        this.runningPosition = -1;
        this.transferId = -1;
        this.firstNode = null;
        this.firstGpuMask = 0L;
        this.otherNodes = nodeCount > 1 ? new Node[nodeCount - 1] : null;
        this.otherGpuMasks = nodeCount > 1 ? new long[nodeCount - 1] : null;
    }

    public String taskId() {
        if (taskId == null && pipeline != null) {
            PipelineSpec spec = pipeline.spec();
            taskId = spec.pipelineId() + "/" + spec.dag().task(indexInPipeline).name();
        }
        return taskId;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public int indexInPipeline() {
        return indexInPipeline;
    }

    public TaskType type() {
        return type;
    }

    public String taskClass() {
        return taskClass;
    }

    public ResourceRequest request() {
        return request;
    }

    public int nodeCount() {
        return nodeCount;
    }

    public double inputBytes() {
        return inputBytes;
    }

    public String tenant() {
        return tenant;
    }

    public int priority() {
        return priority;
    }

    public TaskState state() {
        return state;
    }

    public void setState(TaskState state) {
        this.state = state;
    }

    public int remainingPredecessors() {
        return remainingPredecessors;
    }

    public void setRemainingPredecessors(int remainingPredecessors) {
        this.remainingPredecessors = remainingPredecessors;
    }

    /** Decrements the count of unfinished predecessors and returns the new count. */
    public int predecessorFinished() {
        return --remainingPredecessors;
    }

    public double durationSeconds() {
        return durationSeconds;
    }

    public void setDurationSeconds(double durationSeconds) {
        this.durationSeconds = durationSeconds;
    }

    public double expectedDurationSeconds() {
        return expectedDurationSeconds;
    }

    public void setExpectedDurationSeconds(double expectedDurationSeconds) {
        this.expectedDurationSeconds = expectedDurationSeconds;
    }

    /** Returns the time the task last joined the queue. */
    public double submitSeconds() {
        return submitSeconds;
    }

    public void setSubmitSeconds(double submitSeconds) {
        this.submitSeconds = submitSeconds;
    }

    /** Returns the time the task last got its resources. */
    public double startSeconds() {
        return startSeconds;
    }

    public void setStartSeconds(double startSeconds) {
        this.startSeconds = startSeconds;
    }

    /** Returns the time the task's input transfer finished and its computation began. */
    public double computeStartSeconds() {
        return computeStartSeconds;
    }

    public void setComputeStartSeconds(double computeStartSeconds) {
        this.computeStartSeconds = computeStartSeconds;
    }

    public double endSeconds() {
        return endSeconds;
    }

    public void setEndSeconds(double endSeconds) {
        this.endSeconds = endSeconds;
    }

    /** Returns how often the task has been started, counting restarts after a failure or preemption. */
    public int attempts() {
        return attempts;
    }

    public void incrementAttempts() {
        attempts++;
    }

    /** Returns the waiting time of the last start: start minus submit. */
    public double waitSeconds() {
        return startSeconds - submitSeconds;
    }

    /** Returns the {@code i}-th node held, {@code i} below {@link #nodeCount()}, or null while not placed. */
    public Node node(int i) {
        return i == 0 ? firstNode : otherNodes[i - 1];
    }

    /** Returns the mask of GPUs held on {@link #node(int) node(i)}: bit g for GPU g. */
    public long gpuMask(int i) {
        return i == 0 ? firstGpuMask : otherGpuMasks[i - 1];
    }

    /** Records that the task holds {@code gpuMask} on {@code node} as its {@code i}-th node; null clears it. */
    public void setPlacement(int i, Node node, long gpuMask) {
        if (i == 0) {
            firstNode = node;
            firstGpuMask = gpuMask;
        } else {
            otherNodes[i - 1] = node;
            otherGpuMasks[i - 1] = gpuMask;
        }
    }

    /** Returns whether the task holds resources on {@code node}. */
    public boolean holds(Node node) {
        for (int i = 0; i < nodeCount; i++) {
            if (node(i) == node) {
                return true;
            }
        }
        return false;
    }

    /** Returns the order of the last submission among all submissions of its simulation. */
    public long submitSequence() {
        return submitSequence;
    }

    /**
     * Returns the cluster's capacity version at which the scheduler last failed to place this task, or -1.
     * While the version stays the same, free capacity only shrank, so the task still fits nowhere.
     */
    public long placementFailedAtVersion() {
        return placementFailedAtVersion;
    }

    public void setPlacementFailedAtVersion(long capacityVersion) {
        this.placementFailedAtVersion = capacityVersion;
    }

    public void setSubmitSequence(long submitSequence) {
        this.submitSequence = submitSequence;
    }

    /** Returns the simulation's slot of this task while it holds resources, or -1. */
    public int slot() {
        return slot;
    }

    public void setSlot(int slot) {
        this.slot = slot;
    }

    /** Returns the scheduler's position of this task in its list of running tasks, or -1. */
    public int runningPosition() {
        return runningPosition;
    }

    public void setRunningPosition(int runningPosition) {
        this.runningPosition = runningPosition;
    }

    /** Returns the id of the input transfer in progress, or -1. */
    public int transferId() {
        return transferId;
    }

    public void setTransferId(int transferId) {
        this.transferId = transferId;
    }

    public boolean usesGpu() {
        return request.usesGpu();
    }

    @Override
    public String toString() {
        return "Task[" + taskId + ", " + state + "]";
    }
}

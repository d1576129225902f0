package io.pipetwin.streams.mirror;

import io.pipetwin.core.forecast.SnapshotTask;

import java.util.ArrayList;
import java.util.List;

/**
 * A task in the mirror: submitted, waiting or running. Times are event times in epoch millis, and
 * {@code -1} marks a time that has not happened yet.
 */
public final class TaskState {

    private final String taskId;
    private final String pipelineId;
    private final String taskType;
    private final ResourceDemand demand;
    private final int nodeCount;
    private final long submittedAtMillis;
    private TaskPhase phase;
    private long queuedAtMillis;
    private long queueSequence;
    private long startedAtMillis;
    private List<String> nodeIds;
    private List<int[]> gpuIndices;

    public TaskState(String taskId, String pipelineId, String taskType, ResourceDemand demand, int nodeCount,
                     long submittedAtMillis) {
        this(taskId, pipelineId, taskType, demand, Math.max(1, nodeCount), submittedAtMillis, TaskPhase.SUBMITTED,
                -1, -1, -1, List.of(), List.of());
    }

    TaskState(String taskId, String pipelineId, String taskType, ResourceDemand demand, int nodeCount,
              long submittedAtMillis, TaskPhase phase, long queuedAtMillis, long queueSequence,
              long startedAtMillis, List<String> nodeIds, List<int[]> gpuIndices) {
        this.taskId = taskId;
        this.pipelineId = pipelineId;
        this.taskType = taskType;
        this.demand = demand;
        this.nodeCount = nodeCount;
        this.submittedAtMillis = submittedAtMillis;
        this.phase = phase;
        this.queuedAtMillis = queuedAtMillis;
        this.queueSequence = queueSequence;
        this.startedAtMillis = startedAtMillis;
        this.nodeIds = nodeIds;
        this.gpuIndices = gpuIndices;
    }

    void markQueued(long timeMillis, long sequence) {
        phase = TaskPhase.QUEUED;
        queuedAtMillis = timeMillis;
        queueSequence = sequence;
    }

    void markRunning(long timeMillis, List<String> heldNodeIds, List<int[]> heldGpuIndices) {
        phase = TaskPhase.RUNNING;
        startedAtMillis = timeMillis;
        nodeIds = List.copyOf(heldNodeIds);
        gpuIndices = new ArrayList<>(heldGpuIndices);
    }

    /**
     * Returns the class under which this task's durations are pooled: the task type and the task pool,
     * for example {@code train/gpu}.
     */
    public String taskClass() {
        return taskClass(taskType, demand);
    }

    /** Returns the duration class of a task type and request, for example {@code train/gpu}. */
    public static String taskClass(String taskType, ResourceDemand demand) {
        return taskType + "/" + demand.taskPool();
    }

    /** Converts to the forecast's task record; a waiting task's time is its queue time. */
    public SnapshotTask toSnapshotTask() {
        double sinceSeconds = (phase == TaskPhase.RUNNING ? startedAtMillis
                : queuedAtMillis >= 0 ? queuedAtMillis : submittedAtMillis) / 1000.0;
        return new SnapshotTask(taskId, pipelineId, taskClass(), demand.toSnapshotRequest(), nodeCount,
                sinceSeconds, phase == TaskPhase.RUNNING ? nodeIds : List.of());
    }

    public String taskId() {
        return taskId;
    }

    public String pipelineId() {
        return pipelineId;
    }

    public String taskType() {
        return taskType;
    }

    public ResourceDemand demand() {
        return demand;
    }

    public int nodeCount() {
        return nodeCount;
    }

    public long submittedAtMillis() {
        return submittedAtMillis;
    }

    public TaskPhase phase() {
        return phase;
    }

    public long queuedAtMillis() {
        return queuedAtMillis;
    }

    /** Position in the platform's queue; smaller values were queued earlier. */
    public long queueSequence() {
        return queueSequence;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** Nodes a running task holds; empty otherwise. */
    public List<String> nodeIds() {
        return nodeIds;
    }

    /** GPU indices a running task holds, one array per entry of {@link #nodeIds()}. */
    public List<int[]> gpuIndices() {
        return gpuIndices;
    }
}

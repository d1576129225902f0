package io.pipetwin.streams.mirror;

import io.pipetwin.schemas.avro.ModelDeployed;
import io.pipetwin.schemas.avro.ModelMetricObserved;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.NodeRemoved;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The mirrored state of one platform: nodes with their allocation, the queue of waiting tasks in
 * queue order, running tasks with the nodes they hold, recent task durations per task class and recent
 * pipeline arrivals ({@link ArrivalWindow} defines what counts as one). Every change is also handed to a
 * {@link MirrorStore}, one small entry per changed entity.
 * A node's entry contains its capacity only. Its allocation is the sum over the running tasks on it, whose
 * entries contain their nodes and GPU indices, so starting or finishing a task does not rewrite its nodes.
 *
 * <p>Not thread-safe; one stream thread owns each platform.
 */
public final class PlatformMirror {

    /** Earlier waiting tasks a queue start looks at when it checks for an overtake. */
    private static final int MAX_OVERTAKE_SCAN = 1_000;

    /** Separates the platform id from the entity id in store keys, so a platform id must not contain it. */
    public static final char KEY_SEPARATOR = '|';

    private final String platformId;
    private final MirrorLimits limits;
    private final MirrorStore store;
    private final PlatformSummary summary;
    private final TreeMap<String, NodeState> nodes = new TreeMap<>();
    private final Map<String, TaskState> tasks = new HashMap<>();
    private final TreeMap<Long, TaskState> waiting = new TreeMap<>();
    private final TreeMap<String, TaskState> running = new TreeMap<>();
    private final TreeMap<String, DurationWindow> durations = new TreeMap<>();
    private final ArrivalWindow arrivals;
    private final RecentEventIds eventIds;
    private final PendingPipelines pendingPipelines = new PendingPipelines();

    public PlatformMirror(String platformId, MirrorLimits limits, MirrorStore store) {
        this(platformId, limits, store, new PlatformSummary(platformId));
    }

    PlatformMirror(String platformId, MirrorLimits limits, MirrorStore store, PlatformSummary summary) {
        this.platformId = platformId;
        this.limits = limits;
        this.store = store;
        this.summary = summary;
        this.arrivals = new ArrivalWindow(limits.arrivalWindowSize());
        this.eventIds = new RecentEventIds(limits.deduplicationWindow().toMillis(), limits.maxRememberedEventIds());
    }

    /** Returns true when {@code platformId} can be used in store keys. */
    public static boolean isValidPlatformId(String platformId) {
        return platformId != null && !platformId.isEmpty() && platformId.indexOf(KEY_SEPARATOR) < 0;
    }

    /**
     * Applies one event of this platform and persists the changed entities and the summary. A rejected
     * event changes nothing but the rejection counters.
     */
    public ApplyResult apply(PlatformEvent event) {
        long timeMillis = event.getEventTime().toEpochMilli();
        String eventId = event.getEventId();

        ApplyResult result;
        long allowedLatenessMillis = limits.allowedLateness().toMillis();
        if (eventIds.contains(eventId)) {
            result = ApplyResult.rejected(RejectReason.DUPLICATE_EVENT, "event " + eventId);
        } else if (summary.latestEventTimeMillis >= 0 && timeMillis < summary.latestEventTimeMillis - allowedLatenessMillis) {
            result = ApplyResult.rejected(RejectReason.TOO_LATE, "event " + eventId + " at "
                    + java.time.Instant.ofEpochMilli(timeMillis) + " is " + (summary.latestEventTimeMillis - timeMillis)
                    + " ms behind the latest event time " + java.time.Instant.ofEpochMilli(summary.latestEventTimeMillis)
                    + "; the allowed lateness is " + allowedLatenessMillis + " ms");
        } else {
            result = dispatch(event.getPayload(), timeMillis);
        }

        if (result.applied()) {
            rememberEventId(eventId, timeMillis);
            if (timeMillis < summary.latestEventTimeMillis) {
                summary.increment(MirrorCounter.LATE_EVENTS);
            }
            summary.latestEventTimeMillis = Math.max(summary.latestEventTimeMillis, timeMillis);
            summary.increment(MirrorCounter.EVENTS_APPLIED);
        } else {
            summary.reject(result.reason());
        }
        saveSummary();
        return result;
    }

    /** Counts a rejection found before the event reached the mirror, such as a key mismatch. */
    public void countRejected(RejectReason reason) {
        summary.reject(reason);
        saveSummary();
    }

    /** Writes the summary with the current sizes to the store. */
    public void saveSummary() {
        summary.nodesInService = nodes.size();
        summary.tasksWaiting = waiting.size();
        summary.tasksRunning = running.size();
        summary.tasksSubmittedOnly = tasks.size() - waiting.size() - running.size();
        store.putSummary(summary);
    }

    private ApplyResult dispatch(Object payload, long timeMillis) {
        if (payload instanceof PipelineSubmitted submitted) {
            return applySubmitted(submitted, timeMillis);
        } else if (payload instanceof TaskQueued queued) {
            return applyQueued(queued, timeMillis);
        } else if (payload instanceof TaskStarted started) {
            return applyStarted(started, timeMillis);
        } else if (payload instanceof TaskFinished finished) {
            return applyFinished(finished, timeMillis);
        } else if (payload instanceof TaskCancelled cancelled) {
            return applyCancelled(cancelled, timeMillis);
        } else if (payload instanceof NodeAdded added) {
            return applyNodeAdded(added, timeMillis);
        } else if (payload instanceof NodeRemoved removed) {
            return applyNodeRemoved(removed, timeMillis);
        } else if (payload instanceof ModelMetricObserved) {
            summary.increment(MirrorCounter.MODEL_METRICS_OBSERVED);
            return ApplyResult.APPLIED;
        } else if (payload instanceof ModelDeployed) {
            summary.increment(MirrorCounter.MODELS_DEPLOYED);
            return ApplyResult.APPLIED;
        }
        String type = payload == null ? "null" : payload.getClass().getName();
        return ApplyResult.rejected(RejectReason.UNKNOWN_PAYLOAD, "payload type " + type);
    }

    private ApplyResult applySubmitted(PipelineSubmitted submitted, long timeMillis) {
        Set<String> seen = new HashSet<>();
        for (TaskSpec spec : submitted.getTasks()) {
            String invalid = ResourceBounds.checkTask(spec);
            if (invalid != null) {
                return ApplyResult.rejected(RejectReason.INVALID_RESOURCES,
                        "pipeline " + submitted.getPipelineId() + " " + invalid);
            }
        }
        for (TaskSpec spec : submitted.getTasks()) {
            if (tasks.containsKey(spec.getTaskId()) || !seen.add(spec.getTaskId())) {
                return ApplyResult.rejected(RejectReason.DUPLICATE_TASK,
                        "pipeline " + submitted.getPipelineId() + " task " + spec.getTaskId());
            }
        }
        for (TaskSpec spec : submitted.getTasks()) {
            TaskState task = new TaskState(spec.getTaskId(), submitted.getPipelineId(), spec.getTaskType(),
                    ResourceDemand.of(spec.getRequest()), spec.getNodeCount(), timeMillis);
            tasks.put(task.taskId(), task);
            store.putTask(platformId, task, true);
        }
        recordArrival(submitted, timeMillis);
        pendingPipelines.submitted(submitted.getPipelineId(), submitted.getTasks().size());
        summary.increment(MirrorCounter.PIPELINES_SUBMITTED);
        summary.add(MirrorCounter.TASKS_SUBMITTED, submitted.getTasks().size());
        return ApplyResult.APPLIED;
    }

    private ApplyResult applyQueued(TaskQueued queued, long timeMillis) {
        TaskState task = tasks.get(queued.getTaskId());
        if (task == null) {
            return ApplyResult.rejected(RejectReason.UNKNOWN_TASK, "queued task " + queued.getTaskId());
        }
        if (!task.pipelineId().equals(queued.getPipelineId())) {
            return pipelineMismatch(task, queued.getPipelineId());
        }
        if (task.phase() != TaskPhase.SUBMITTED) {
            return ApplyResult.rejected(RejectReason.TASK_ALREADY_QUEUED,
                    "task " + task.taskId() + " is " + task.phase());
        }
        pendingPipelines.leftSubmitted(task.pipelineId());
        task.markQueued(timeMillis, summary.nextQueueSequence++);
        waiting.put(task.queueSequence(), task);
        store.putTask(platformId, task, false);
        summary.increment(MirrorCounter.TASKS_QUEUED);
        return ApplyResult.APPLIED;
    }

    private ApplyResult applyStarted(TaskStarted started, long timeMillis) {
        TaskState task = tasks.get(started.getTaskId());
        if (task == null) {
            return ApplyResult.rejected(RejectReason.UNKNOWN_TASK, "started task " + started.getTaskId());
        }
        if (!task.pipelineId().equals(started.getPipelineId())) {
            return pipelineMismatch(task, started.getPipelineId());
        }
        if (task.phase() == TaskPhase.RUNNING) {
            return ApplyResult.rejected(RejectReason.TASK_ALREADY_STARTED, "task " + task.taskId());
        }
        List<String> nodeIds = new ArrayList<>(1 + started.getExtraNodeIds().size());
        nodeIds.add(started.getNodeId());
        nodeIds.addAll(started.getExtraNodeIds());
        for (String nodeId : nodeIds) {
            if (!nodes.containsKey(nodeId)) {
                return ApplyResult.rejected(RejectReason.UNKNOWN_NODE, "task " + task.taskId() + " started on node " + nodeId);
            }
        }

        if (task.phase() == TaskPhase.QUEUED) {
            countQueueStart(task);
            waiting.remove(task.queueSequence());
        } else {
            pendingPipelines.leftSubmitted(task.pipelineId());
        }
        List<int[]> gpuIndices = new ArrayList<>(nodeIds.size());
        boolean[] overcommitted = new boolean[1];
        for (String nodeId : nodeIds) {
            NodeState node = nodes.get(nodeId);
            gpuIndices.add(node.allocate(task.demand(), overcommitted));
            if (overcommitted[0]) {
                summary.increment(MirrorCounter.PLACEMENT_OVERCOMMITS);
            }
        }
        task.markRunning(timeMillis, nodeIds, gpuIndices);
        running.put(task.taskId(), task);
        store.putTask(platformId, task, false);
        summary.increment(MirrorCounter.TASKS_STARTED);
        return ApplyResult.APPLIED;
    }

    /**
     * Counts a start from the queue and whether a task of the same pool queued earlier still waits. The scan
     * stops after {@value #MAX_OVERTAKE_SCAN} earlier tasks of other pools and then counts no overtake.
     */
    private void countQueueStart(TaskState task) {
        summary.increment(MirrorCounter.QUEUE_STARTS);
        String pool = task.demand().taskPool();
        int scanned = 0;
        for (TaskState earlier : waiting.headMap(task.queueSequence(), false).values()) {
            if (earlier.demand().taskPool().equals(pool)) {
                summary.increment(MirrorCounter.QUEUE_OVERTAKES);
                return;
            }
            if (++scanned == MAX_OVERTAKE_SCAN) {
                return;
            }
        }
    }

    private ApplyResult applyFinished(TaskFinished finished, long timeMillis) {
        TaskState task = tasks.get(finished.getTaskId());
        if (task == null) {
            return ApplyResult.rejected(RejectReason.UNKNOWN_TASK, "finished task " + finished.getTaskId());
        }
        if (!task.pipelineId().equals(finished.getPipelineId())) {
            return pipelineMismatch(task, finished.getPipelineId());
        }
        if (task.phase() != TaskPhase.RUNNING) {
            return ApplyResult.rejected(RejectReason.FINISH_BEFORE_START,
                    "task " + task.taskId() + " finished with " + finished.getStatus() + " while " + task.phase());
        }

        releaseAll(task, null);
        double durationSeconds = Math.max(0, timeMillis - task.startedAtMillis()) / 1000.0;
        DurationWindow window = durations.computeIfAbsent(task.taskClass(),
                taskClass -> new DurationWindow(limits.durationWindowSize()));
        long sequence = window.add(durationSeconds);
        store.putDuration(platformId, task.taskClass(), window.slot(sequence), sequence, durationSeconds);
        forget(task);
        pendingPipelines.taskEnded(task.pipelineId(), timeMillis);
        summary.increment(MirrorCounter.TASKS_FINISHED);
        return ApplyResult.APPLIED;
    }

    private ApplyResult applyCancelled(TaskCancelled cancelled, long timeMillis) {
        TaskState task = tasks.get(cancelled.getTaskId());
        if (task == null) {
            return ApplyResult.rejected(RejectReason.UNKNOWN_TASK, "cancelled task " + cancelled.getTaskId());
        }
        if (!task.pipelineId().equals(cancelled.getPipelineId())) {
            return pipelineMismatch(task, cancelled.getPipelineId());
        }
        if (task.phase() == TaskPhase.RUNNING) {
            return ApplyResult.rejected(RejectReason.CANCEL_AFTER_START,
                    "task " + task.taskId() + " cancelled (" + cancelled.getReason() + ") while running");
        }
        if (task.phase() == TaskPhase.QUEUED) {
            waiting.remove(task.queueSequence());
            pendingPipelines.taskEnded(task.pipelineId(), timeMillis);
        } else {
            pendingPipelines.leftSubmitted(task.pipelineId());
        }
        forget(task);
        summary.increment(MirrorCounter.TASKS_CANCELLED);
        return ApplyResult.APPLIED;
    }

    private static ApplyResult pipelineMismatch(TaskState task, String eventPipelineId) {
        return ApplyResult.rejected(RejectReason.UNKNOWN_PIPELINE, "task " + task.taskId() + " belongs to pipeline "
                + task.pipelineId() + ", the event names pipeline " + eventPipelineId);
    }

    private ApplyResult applyNodeAdded(NodeAdded added, long timeMillis) {
        String invalid = ResourceBounds.checkNode(added);
        if (invalid != null) {
            return ApplyResult.rejected(RejectReason.INVALID_RESOURCES, invalid);
        }
        if (nodes.containsKey(added.getNodeId())) {
            return ApplyResult.rejected(RejectReason.DUPLICATE_NODE, "node " + added.getNodeId());
        }
        NodeState node = new NodeState(added.getNodeId(), nodePool(added), added.getGpuModel(),
                added.getCpuMilli(), added.getMemoryMib(), added.getGpuCount(), timeMillis);
        nodes.put(node.nodeId(), node);
        store.putNode(platformId, node);
        summary.increment(MirrorCounter.NODES_ADDED);
        return ApplyResult.APPLIED;
    }

    private static String nodePool(NodeAdded added) {
        if (added.getPool() != null && !added.getPool().isBlank()) {
            return added.getPool();
        }
        if (added.getGpuCount() <= 0) {
            return "cpu";
        }
        return added.getGpuModel() != null && !added.getGpuModel().isBlank() ? added.getGpuModel() : "gpu";
    }

    private ApplyResult applyNodeRemoved(NodeRemoved removed, long timeMillis) {
        NodeState node = nodes.get(removed.getNodeId());
        if (node == null) {
            return ApplyResult.rejected(RejectReason.UNKNOWN_NODE, "removed node " + removed.getNodeId());
        }
        List<TaskState> holding = new ArrayList<>();
        for (TaskState task : running.values()) {
            if (task.nodeIds().contains(node.nodeId())) {
                holding.add(task);
            }
        }
        for (TaskState task : holding) {
            releaseAll(task, node.nodeId());
            forget(task);
            pendingPipelines.taskEnded(task.pipelineId(), timeMillis);
            summary.increment(MirrorCounter.TASKS_ENDED_BY_NODE_REMOVAL);
        }
        nodes.remove(node.nodeId());
        store.deleteNode(platformId, node.nodeId());
        summary.increment(MirrorCounter.NODES_REMOVED);
        return ApplyResult.APPLIED;
    }

    /** Releases a running task's resources on every node it holds except {@code skippedNodeId}. */
    private void releaseAll(TaskState task, String skippedNodeId) {
        for (int i = 0; i < task.nodeIds().size(); i++) {
            String nodeId = task.nodeIds().get(i);
            NodeState node = nodes.get(nodeId);
            if (node == null || nodeId.equals(skippedNodeId)) {
                continue;
            }
            node.release(task.demand(), task.gpuIndices().get(i));
        }
    }

    /**
     * Records a submitted pipeline as an arrival, with its tasks' types, requests and dependencies as
     * indices. Its tasks must already be in the mirror.
     */
    private void recordArrival(PipelineSubmitted submitted, long timeMillis) {
        List<TaskSpec> specs = submitted.getTasks();
        if (specs.isEmpty()) {
            return;
        }
        Map<String, Integer> indexByTaskId = new HashMap<>();
        for (TaskSpec spec : specs) {
            indexByTaskId.put(spec.getTaskId(), indexByTaskId.size());
        }
        List<ArrivalTask> arrivalTasks = new ArrayList<>(specs.size());
        for (TaskSpec spec : specs) {
            List<Integer> dependsOn = new ArrayList<>(spec.getDependsOn().size());
            for (String predecessorId : spec.getDependsOn()) {
                Integer predecessor = indexByTaskId.get(predecessorId);
                if (predecessor != null) {
                    dependsOn.add(predecessor);
                }
            }
            TaskState task = tasks.get(spec.getTaskId());
            arrivalTasks.add(new ArrivalTask(task.taskId(), task.taskType(), task.demand(), task.nodeCount(),
                    dependsOn));
        }
        Arrival arrival = arrivals.add(timeMillis, submitted.getPipelineId(), arrivalTasks);
        store.putArrival(platformId, arrivals.slot(arrival.sequence()), arrival);
    }

    private void forget(TaskState task) {
        tasks.remove(task.taskId());
        running.remove(task.taskId());
        store.deleteTask(platformId, task.taskId());
    }

    /**
     * Remembers an applied event id. The id joins the open chunk, which is persisted with the summary. A
     * full chunk is written to the store once, and a chunk is deleted once all its ids left the window.
     */
    private void rememberEventId(String eventId, long timeMillis) {
        long latest = Math.max(summary.latestEventTimeMillis, timeMillis);
        summary.openEventIds.append(eventId, timeMillis);
        summary.nextEventIdSequence++;
        if (summary.openEventIds.isFull()) {
            store.putEventIdChunk(platformId, (summary.nextEventIdSequence - 1) / EventIdChunk.CAPACITY,
                    summary.openEventIds);
            summary.openEventIds = new EventIdChunk();
        }

        int evicted = eventIds.add(eventId, timeMillis, latest);
        if (evicted > 0) {
            long firstChunkBefore = summary.firstRetainedEventIdSequence / EventIdChunk.CAPACITY;
            summary.firstRetainedEventIdSequence += evicted;
            for (long chunk = firstChunkBefore; chunk < summary.firstRetainedEventIdSequence / EventIdChunk.CAPACITY;
                 chunk++) {
                store.deleteEventIdChunk(platformId, chunk);
            }
        }
    }

    /**
     * Evicts the tasks that were submitted but never queued or started and whose pipeline has been idle for
     * the submitted-task retention. Such a task's submission lies more than the retention behind the latest
     * event time, no task of its pipeline waits or runs, and none finished, was cancelled or was ended by a
     * node removal within the retention. Such tasks remain when a pipeline stops after a failed task without
     * a cancel event for its later tasks. A task blocked on predecessors that wait or run is kept however long
     * they take. Finished and cancelled tasks leave the mirror at once, and node removal ends the tasks it
     * held, so this is the only task state that could otherwise grow without bound.
     *
     * @return the number of evicted tasks
     */
    public int evictStaleTasks() {
        if (summary.latestEventTimeMillis < 0) {
            return 0;
        }
        long cutoffMillis = summary.latestEventTimeMillis - limits.submittedTaskRetention().toMillis();
        Set<String> activePipelines = new HashSet<>();
        for (TaskState task : waiting.values()) {
            activePipelines.add(task.pipelineId());
        }
        for (TaskState task : running.values()) {
            activePipelines.add(task.pipelineId());
        }
        List<TaskState> stale = new ArrayList<>();
        for (TaskState task : tasks.values()) {
            if (task.phase() != TaskPhase.SUBMITTED || task.submittedAtMillis() >= cutoffMillis
                    || activePipelines.contains(task.pipelineId())) {
                continue;
            }
            if (pendingPipelines.noTaskEndedSince(task.pipelineId(), cutoffMillis)) {
                stale.add(task);
            }
        }
        for (TaskState task : stale) {
            pendingPipelines.leftSubmitted(task.pipelineId());
            forget(task);
        }
        if (!stale.isEmpty()) {
            summary.add(MirrorCounter.TASKS_EVICTED, stale.size());
            saveSummary();
        }
        return stale.size();
    }

    /** Returns the number of mirrored tasks: submitted, waiting or running. */
    public int taskCount() {
        return tasks.size();
    }

    /** Returns the number of event ids held for deduplication. */
    public int rememberedEventIds() {
        return eventIds.size();
    }

    // Restoration from the stores; the stores' entries are already persisted, so nothing is written back.

    /** Puts back a node without its allocation, which {@link #restoreAllocations()} rebuilds. */
    void restoreNode(NodeState node) {
        nodes.put(node.nodeId(), node.withoutAllocation());
    }

    /**
     * Rebuilds every node's allocation from the running tasks, which contain their nodes and GPU indices.
     * Call it after all nodes and tasks are restored. A node's allocation is always the sum over the
     * running tasks on it, so the result equals the allocation before the restart.
     */
    void restoreAllocations() {
        for (TaskState task : running.values()) {
            for (int i = 0; i < task.nodeIds().size(); i++) {
                NodeState node = nodes.get(task.nodeIds().get(i));
                if (node != null) {
                    node.restoreAllocation(task.demand(), task.gpuIndices().get(i));
                }
            }
        }
    }

    /**
     * Puts back a task. A restored submitted task's pipeline counts as idle from the restored latest event
     * time, so its eviction comes one retention after the restart at the earliest.
     */
    void restoreTask(TaskState task) {
        tasks.put(task.taskId(), task);
        if (task.phase() == TaskPhase.SUBMITTED) {
            pendingPipelines.restored(task.pipelineId(), summary.latestEventTimeMillis);
        }
        if (task.phase() == TaskPhase.QUEUED) {
            waiting.put(task.queueSequence(), task);
        } else if (task.phase() == TaskPhase.RUNNING) {
            running.put(task.taskId(), task);
        }
    }

    void restoreDuration(String taskClass, long sequence, double durationSeconds) {
        durations.computeIfAbsent(taskClass, c -> new DurationWindow(limits.durationWindowSize()))
                .restore(sequence, durationSeconds);
    }

    void restoreArrival(Arrival arrival) {
        arrivals.restore(arrival);
    }

    /**
     * Puts back the remembered event ids: those of the stored full chunks, by chunk number, then those of
     * the open chunk in the summary, leaving out the ids below the summary's first retained sequence number.
     */
    void restoreEventIds(SortedMap<Long, EventIdChunk> fullChunks) {
        long firstRetained = summary.firstRetainedEventIdSequence;
        SortedMap<Long, EventIdChunk> retainedChunks = fullChunks.tailMap(firstRetained / EventIdChunk.CAPACITY);
        for (Map.Entry<Long, EventIdChunk> entry : retainedChunks.entrySet()) {
            restoreEventIds(entry.getKey() * EventIdChunk.CAPACITY, entry.getValue(), firstRetained);
        }
        long openChunkStart = summary.nextEventIdSequence - summary.openEventIds.count();
        restoreEventIds(openChunkStart, summary.openEventIds, firstRetained);
    }

    private void restoreEventIds(long chunkStart, EventIdChunk chunk, long firstRetained) {
        chunk.forEach((index, eventId, eventTimeMillis) -> {
            if (chunkStart + index >= firstRetained) {
                eventIds.restore(eventId, eventTimeMillis);
            }
        });
    }

    // Queries.

    public String platformId() {
        return platformId;
    }

    public PlatformSummary summary() {
        return summary;
    }

    /** Returns the counters and current sizes. */
    public MirrorCounters counters() {
        summary.nodesInService = nodes.size();
        summary.tasksWaiting = waiting.size();
        summary.tasksRunning = running.size();
        summary.tasksSubmittedOnly = tasks.size() - waiting.size() - running.size();
        return summary.toCounters();
    }

    /** Returns the nodes in service, ordered by node id. */
    public Collection<NodeState> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    public NodeState node(String nodeId) {
        return nodes.get(nodeId);
    }

    /** Returns a known task (submitted, waiting or running), or null. */
    public TaskState task(String taskId) {
        return tasks.get(taskId);
    }

    /** Returns the waiting tasks in queue order. */
    public Collection<TaskState> waitingTasks() {
        return Collections.unmodifiableCollection(waiting.values());
    }

    /** Returns the running tasks, ordered by task id. */
    public Collection<TaskState> runningTasks() {
        return Collections.unmodifiableCollection(running.values());
    }

    /** Returns the number of waiting tasks in a task pool: {@code gpu}, {@code cpu}, or {@code all}. */
    public int queueLength(String taskPool) {
        if ("all".equals(taskPool)) {
            return waiting.size();
        }
        int count = 0;
        for (TaskState task : waiting.values()) {
            if (task.demand().taskPool().equals(taskPool)) {
                count++;
            }
        }
        return count;
    }

    /** Returns capacity and allocation per node pool, plus the pool {@code all}, ordered by pool name. */
    public Map<String, PoolUsage> nodePoolUsage() {
        Map<String, PoolUsage> usage = new TreeMap<>();
        usage.put("all", PoolUsage.EMPTY);
        for (NodeState node : nodes.values()) {
            usage.merge(node.pool(), PoolUsage.EMPTY.plus(node), (current, ignored) -> current.plus(node));
            usage.put("all", usage.get("all").plus(node));
        }
        return usage;
    }

    /** Returns the recent durations per task class, ordered by class. */
    public Map<String, DurationWindow> durationWindows() {
        return Collections.unmodifiableMap(durations);
    }

    public ArrivalWindow arrivals() {
        return arrivals;
    }

    public MirrorLimits limits() {
        return limits;
    }
}

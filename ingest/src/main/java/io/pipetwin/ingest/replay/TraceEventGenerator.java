package io.pipetwin.ingest.replay;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;

import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PipelineTrigger;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.avro.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a trace (a node list and a task stream sorted by submit time) into the {@link PlatformEvent}s of
 * one platform, in event-time order.
 *
 * <p>Events per trace element:
 * <ul>
 *   <li>each node: {@code NodeAdded} at trace time 0, in node-list order, before anything else;</li>
 *   <li>each task: {@code PipelineSubmitted} at its submit time with one task (pipeline id = job id,
 *       task id = {@code <task id>/<task type>}, type from {@link TaskTypes}, tenant, model id and
 *       framework {@value #UNKNOWN}, trigger MANUAL, priority from the QoS class), then
 *       {@code TaskQueued} right after it;</li>
 *   <li>a task that started: {@code TaskStarted} at its start time on the node chosen by
 *       {@link MirroredCapacity} (first-fit replay of placements), and for a task on several nodes at
 *       once (a gang) the other nodes in {@code extraNodeIds};</li>
 *   <li>a task that ended after starting: {@code TaskFinished} at its end time with SUCCEEDED, FAILED
 *       or KILLED. Tasks still running at the trace's end get no finish.</li>
 *   <li>a task that never started but has an end time (an Alibaba Pending pod deleted while it waited):
 *       {@code TaskCancelled} with reason {@value #WITHDRAWN} at its end time, so it leaves the
 *       mirrored queue. A task that never started and has no end time stays queued.</li>
 * </ul>
 *
 * <p>Ordering: submissions come in file order; starts and finishes wait in a priority queue that holds
 * only tasks in flight. At one instant, finishes and cancellations come before starts, and starts before
 * submissions, so capacity is freed before it is taken; equal kinds keep the order in which they were
 * scheduled.
 * A task's own start and finish never precede its submission.
 *
 * <p>{@code eventTime} is {@code startTime + traceSeconds * 1000} in epoch milliseconds. Event ids are
 * {@code <platform>:<task or node id>:<kind>}, so a replay of the same trace produces the same ids.
 */
public final class TraceEventGenerator implements Iterator<PlatformEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TraceEventGenerator.class);

    /** Value of tenant, model id and framework, which cluster traces do not record. */
    public static final String UNKNOWN = "unknown";

    /** Fallback placements logged one by one; later ones are only counted. */
    private static final int LOGGED_FALLBACKS = 5;

    /** Reason of the {@code TaskCancelled} event of a task withdrawn while it waited. */
    public static final String WITHDRAWN = "withdrawn";

    private static final int FINISH = 0;
    private static final int CANCEL = 1;
    private static final int START = 2;

    private final String platformId;
    private final long startEpochMillis;
    private final String source;
    private final Iterator<TraceTask> tasks;
    private final MirroredCapacity capacity;
    private final Iterator<TraceNode> nodesToAdd;

    private final PriorityQueue<Scheduled> inFlight = new PriorityQueue<>(Comparator
            .comparingLong(Scheduled::timeSeconds)
            .thenComparingInt(Scheduled::kind)
            .thenComparingLong(Scheduled::sequence));
    private final ArrayDeque<PlatformEvent> ready = new ArrayDeque<>(2);
    private final Map<EventType, Long> counts = new EnumMap<>(EventType.class);

    private TraceTask nextTask;
    private long sequence;
    private long fallbackPlacements;
    private long maxInFlight;

    /**
     * @param platformId platform id written into every event
     * @param startTime  instant that trace time 0 maps to
     * @param source     value of the events' {@code source} field, for example
     *                   {@code trace-replay:alibaba-gpu-2023}
     * @param nodes      the cluster's nodes
     * @param tasks      tasks sorted by submit time; read lazily, one ahead
     */
    public TraceEventGenerator(String platformId, Instant startTime, String source, List<TraceNode> nodes,
                               Iterator<TraceTask> tasks) {
        this.platformId = Objects.requireNonNull(platformId, "platformId");
        this.startEpochMillis = startTime.toEpochMilli();
        this.source = source;
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.capacity = new MirroredCapacity(nodes);
        this.nodesToAdd = List.copyOf(nodes).iterator();
        for (EventType type : EventType.values()) {
            if (type != EventType.OTHER) {
                counts.put(type, 0L);
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (ready.isEmpty()) {
            step();
        }
        return !ready.isEmpty();
    }

    @Override
    public PlatformEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("trace replay of platform " + platformId + " is complete");
        }
        return ready.poll();
    }

    /** Returns how many events of each type were generated so far. */
    public Map<EventType, Long> countsByType() {
        return Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    /** Returns how many task starts found no node with enough free capacity. */
    public long fallbackPlacements() {
        return fallbackPlacements;
    }

    /** Returns the largest number of scheduled starts and finishes waiting at once. */
    public long maxInFlight() {
        return maxInFlight;
    }

    /** Appends the next events (one, or a submission with its queued event) to {@code ready}. */
    private void step() {
        if (nodesToAdd.hasNext()) {
            emit(nodeAdded(nodesToAdd.next()), EventType.NODE_ADDED);
            return;
        }
        if (nextTask == null && tasks.hasNext()) {
            nextTask = tasks.next();
        }
        Scheduled head = inFlight.peek();
        if (head != null && (nextTask == null || head.timeSeconds() <= nextTask.submitTimeSeconds())) {
            inFlight.poll();
            if (head.kind() == START) {
                start(head);
            } else if (head.kind() == CANCEL) {
                cancel(head);
            } else {
                finish(head);
            }
            return;
        }
        if (nextTask != null) {
            submit(nextTask);
            nextTask = null;
        }
    }

    private void submit(TraceTask task) {
        String taskId = taskId(task);
        emit(pipelineSubmitted(task, taskId), EventType.PIPELINE_SUBMITTED);
        emit(event(task.taskId() + ":queued", task.submitTimeSeconds(),
                new TaskQueued(task.jobId(), taskId)), EventType.TASK_QUEUED);
        if (task.started()) {
            schedule(task.startTimeSeconds().getAsLong(), START, task, null);
        } else if (task.endTimeSeconds().isPresent()) {
            schedule(Math.max(task.endTimeSeconds().getAsLong(), task.submitTimeSeconds()), CANCEL, task, null);
        }
    }

    private void cancel(Scheduled scheduled) {
        TraceTask task = scheduled.task();
        emit(event(task.taskId() + ":cancelled", scheduled.timeSeconds(),
                new TaskCancelled(task.jobId(), taskId(task), WITHDRAWN)), EventType.TASK_CANCELLED);
    }

    private void start(Scheduled scheduled) {
        TraceTask task = scheduled.task();
        List<MirroredCapacity.Placement> placements = capacity.placeGang(task.request(), task.nodeCount());
        MirroredCapacity.Placement placement = placements.get(0);
        if (placement.fallback()) {
            fallbackPlacements++;
            if (fallbackPlacements <= LOGGED_FALLBACKS) {
                LOG.warn("Platform {}: no node has free capacity for task {} at trace second {}; placing it on {}"
                                + " without reserving capacity", platformId, task.taskId(), scheduled.timeSeconds(),
                        placement.nodeId());
            } else if (fallbackPlacements == LOGGED_FALLBACKS + 1) {
                LOG.warn("Platform {}: more tasks found no node with free capacity; counting them without logging each",
                        platformId);
            }
        }
        String nodeId = placement.nodeId() == null ? UNKNOWN : placement.nodeId();
        List<String> extraNodeIds = placements.subList(1, placements.size()).stream()
                .map(MirroredCapacity.Placement::nodeId).toList();
        emit(event(task.taskId() + ":started", scheduled.timeSeconds(),
                new TaskStarted(task.jobId(), taskId(task), nodeId, extraNodeIds)), EventType.TASK_STARTED);

        TaskStatus status = finishStatus(task.status());
        if (status != null && task.endTimeSeconds().isPresent()) {
            schedule(task.endTimeSeconds().getAsLong(), FINISH, task, placements);
        } else {
            // Still running at the end of the trace: its resources stay reserved.
            LOG.debug("Task {} has no finish in the trace", task.taskId());
        }
    }

    private void finish(Scheduled scheduled) {
        TraceTask task = scheduled.task();
        for (MirroredCapacity.Placement placement : scheduled.placements()) {
            capacity.release(placement);
        }
        emit(event(task.taskId() + ":finished", scheduled.timeSeconds(),
                new TaskFinished(task.jobId(), taskId(task), finishStatus(task.status()))), EventType.TASK_FINISHED);
    }

    private void schedule(long timeSeconds, int kind, TraceTask task, List<MirroredCapacity.Placement> placements) {
        inFlight.add(new Scheduled(timeSeconds, kind, sequence++, task, placements));
        maxInFlight = Math.max(maxInFlight, inFlight.size());
    }

    private void emit(PlatformEvent event, EventType type) {
        ready.add(event);
        counts.merge(type, 1L, Long::sum);
    }

    private PlatformEvent nodeAdded(TraceNode node) {
        NodeAdded payload = NodeAdded.newBuilder()
                .setNodeId(node.nodeId())
                .setPool(null)
                .setCpuMilli(node.cpuMilli())
                .setMemoryMib(node.memoryMib())
                .setGpuCount(node.gpuCount())
                .setGpuModel(node.gpuModel())
                .build();
        return event(node.nodeId() + ":added", 0, payload);
    }

    private PlatformEvent pipelineSubmitted(TraceTask task, String taskId) {
        ResourceRequest request = ResourceRequest.newBuilder()
                .setCpuMilli(task.request().cpuMilli())
                .setMemoryMib(task.request().memoryMib())
                .setGpuCount(task.request().gpuCount())
                .setGpuMilli(task.request().gpuMilli())
                .setGpuModel(task.request().gpuModel())
                .build();
        TaskSpec spec = TaskSpec.newBuilder()
                .setTaskId(taskId)
                .setTaskType(TaskTypes.of(task))
                .setRequest(request)
                .setDependsOn(List.of())
                .setNodeCount(task.nodeCount())
                .build();
        PipelineSubmitted payload = PipelineSubmitted.newBuilder()
                .setPipelineId(task.jobId())
                .setTenant(UNKNOWN)
                .setModelId(UNKNOWN)
                .setFramework(UNKNOWN)
                .setDatasetSizeBytes(0)
                .setTrigger(PipelineTrigger.MANUAL)
                .setPriority(priority(task.priorityClass()))
                .setTasks(List.of(spec))
                .build();
        return event(task.taskId() + ":submitted", task.submitTimeSeconds(), payload);
    }

    private PlatformEvent event(String idSuffix, long timeSeconds, Object payload) {
        return PlatformEvent.newBuilder()
                .setEventId(platformId + ":" + idSuffix)
                .setPlatformId(platformId)
                .setEventTime(Instant.ofEpochMilli(startEpochMillis + timeSeconds * 1000))
                .setSource(source)
                .setPayload(payload)
                .build();
    }

    /** Returns the task id of the pipeline's only task: {@code <trace task id>/<task type>}. */
    static String taskId(TraceTask task) {
        return task.taskId() + "/" + TaskTypes.of(task);
    }

    /**
     * Maps a QoS or priority class to a priority: latency-sensitive ({@code LS}) and {@code Guaranteed}
     * pods get 2, {@code Burstable} 1, best-effort ({@code BE}) and unknown classes 0.
     */
    static int priority(String priorityClass) {
        if (priorityClass == null) {
            return 0;
        }
        switch (priorityClass) {
            case "LS":
            case "Guaranteed":
                return 2;
            case "Burstable":
                return 1;
            default:
                return 0;
        }
    }

    /** Returns the finish status, or {@code null} for a task that has no finish. */
    static TaskStatus finishStatus(TraceTaskStatus status) {
        switch (status) {
            case SUCCEEDED:
                return TaskStatus.SUCCEEDED;
            case FAILED:
                return TaskStatus.FAILED;
            case KILLED:
                return TaskStatus.KILLED;
            default:
                return null;
        }
    }

    /** Types of generated events, for counts. */
    public enum EventType {
        NODE_ADDED, PIPELINE_SUBMITTED, TASK_QUEUED, TASK_STARTED, TASK_FINISHED, TASK_CANCELLED,
        /** Any other payload; only a replayed Avro event file has them. */
        OTHER
    }

    private record Scheduled(long timeSeconds, int kind, long sequence, TraceTask task,
                             List<MirroredCapacity.Placement> placements) {
    }
}

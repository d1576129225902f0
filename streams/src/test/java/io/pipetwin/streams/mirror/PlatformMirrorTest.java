package io.pipetwin.streams.mirror;

import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStatus;
import io.pipetwin.streams.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pipetwin.streams.Events.cancelled;
import static io.pipetwin.streams.Events.finished;
import static io.pipetwin.streams.Events.node;
import static io.pipetwin.streams.Events.nodeRemoved;
import static io.pipetwin.streams.Events.pipeline;
import static io.pipetwin.streams.Events.queued;
import static io.pipetwin.streams.Events.request;
import static io.pipetwin.streams.Events.started;
import static io.pipetwin.streams.Events.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformMirrorTest {

    private final Events events = new Events("p1");
    private PlatformMirror mirror;

    @BeforeEach
    void setUp() {
        mirror = new PlatformMirror("p1", MirrorLimits.defaults(), MirrorStore.NONE);
        apply(0, node("gpu-node", 32_000, 262_144, 2, "V100"));
        apply(0, node("cpu-node", 16_000, 65_536, 0, null));
        apply(1_000, pipeline("pipe-1",
                task("t1", "train", request(4_000, 8_192, 1, 500)),
                task("t2", "train", request(2_000, 4_096, 1, 300)),
                task("t3", "train", request(8_000, 16_384, 1, 1000)),
                task("t4", "preprocess", request(1_000, 2_048, 0, 0))));
        apply(2_000, queued("pipe-1", "t1"));
        apply(2_000, queued("pipe-1", "t2"));
        apply(3_000, queued("pipe-1", "t3"));
        apply(3_000, queued("pipe-1", "t4"));
    }

    private ApplyResult apply(long timeMillis, Object payload) {
        return mirror.apply(events.event(timeMillis, payload));
    }

    @Test
    void queueKeepsOrderAndPools() {
        assertEquals(4, mirror.queueLength("all"));
        assertEquals(3, mirror.queueLength("gpu"));
        assertEquals(1, mirror.queueLength("cpu"));
        assertEquals(java.util.List.of("t1", "t2", "t3", "t4"),
                mirror.waitingTasks().stream().map(TaskState::taskId).toList());
    }

    @Test
    void queueStartsCountOvertakesPerPool() {
        // t4 is the only waiting CPU task, so its start overtakes nothing although GPU tasks queued before it.
        apply(4_000, started("pipe-1", "t4", "cpu-node"));
        apply(4_000, started("pipe-1", "t1", "gpu-node"));
        // t3 starts while t2, queued earlier in the GPU pool, still waits.
        apply(5_000, started("pipe-1", "t3", "gpu-node"));
        apply(6_000, started("pipe-1", "t2", "gpu-node"));

        assertEquals(4, mirror.counters().count(MirrorCounter.QUEUE_STARTS));
        assertEquals(1, mirror.counters().count(MirrorCounter.QUEUE_OVERTAKES));
    }

    @Test
    void fractionalGpusShareOneGpu() {
        apply(4_000, started("pipe-1", "t1", "gpu-node"));
        apply(4_000, started("pipe-1", "t2", "gpu-node"));
        apply(5_000, started("pipe-1", "t3", "gpu-node"));

        NodeState node = mirror.node("gpu-node");
        // Best fit puts 500 and 300 on the same GPU; the whole GPU goes to the empty one.
        assertArrayEquals(new int[]{800, 1000}, node.allocatedGpuMilli());
        assertEquals(4_000 + 2_000 + 8_000, node.allocatedCpuMilli());
        assertEquals(8_192 + 4_096 + 16_384, node.allocatedMemoryMib());
        assertEquals(1, mirror.queueLength("all"));
        assertEquals(3, mirror.runningTasks().size());
        assertEquals(0, mirror.counters().count(MirrorCounter.PLACEMENT_OVERCOMMITS));
    }

    @Test
    void finishReleasesResourcesAndRecordsDuration() {
        apply(4_000, started("pipe-1", "t1", "gpu-node"));
        apply(64_000, finished("pipe-1", "t1", TaskStatus.SUCCEEDED));

        NodeState node = mirror.node("gpu-node");
        assertArrayEquals(new int[]{0, 0}, node.allocatedGpuMilli());
        assertEquals(0, node.allocatedCpuMilli());
        assertArrayEquals(new double[]{60.0}, mirror.durationWindows().get("train/gpu").durationsSeconds());
        assertNull(mirror.task("t1"));
        MirrorCounters counters = mirror.counters();
        assertEquals(1, counters.count(MirrorCounter.TASKS_STARTED));
        assertEquals(1, counters.count(MirrorCounter.TASKS_FINISHED));
        assertEquals(3, counters.tasksWaiting());
        assertEquals(0, counters.tasksRunning());
    }

    @Test
    void countersAfterHandWrittenSequence() {
        apply(4_000, started("pipe-1", "t1", "gpu-node"));
        apply(4_000, started("pipe-1", "t4", "cpu-node"));
        apply(5_000, finished("pipe-1", "t4", TaskStatus.SUCCEEDED));
        apply(6_000, cancelled("pipe-1", "t3"));

        MirrorCounters counters = mirror.counters();
        assertEquals(2, counters.count(MirrorCounter.NODES_ADDED));
        assertEquals(1, counters.count(MirrorCounter.PIPELINES_SUBMITTED));
        assertEquals(4, counters.count(MirrorCounter.TASKS_SUBMITTED));
        assertEquals(4, counters.count(MirrorCounter.TASKS_QUEUED));
        assertEquals(2, counters.count(MirrorCounter.TASKS_STARTED));
        assertEquals(1, counters.count(MirrorCounter.TASKS_FINISHED));
        assertEquals(1, counters.count(MirrorCounter.TASKS_CANCELLED));
        assertEquals(11, counters.count(MirrorCounter.EVENTS_APPLIED));
        assertEquals(0, counters.count(MirrorCounter.EVENTS_REJECTED));
        assertEquals(2, counters.nodesInService());
        assertEquals(1, counters.tasksWaiting());
        assertEquals(1, counters.tasksRunning());
        assertEquals(6_000, counters.latestEventTimeMillis());
    }

    @Test
    void inconsistentEventsAreRejectedAndCounted() {
        ApplyResult unknownTask = apply(4_000, started("pipe-1", "missing", "gpu-node"));
        ApplyResult unknownNode = apply(4_000, started("pipe-1", "t1", "no-such-node"));
        ApplyResult finishBeforeStart = apply(4_000, finished("pipe-1", "t2", TaskStatus.SUCCEEDED));
        ApplyResult killedBeforeStart = apply(4_000, finished("pipe-1", "t3", TaskStatus.KILLED));
        ApplyResult duplicateNode = apply(4_000, node("cpu-node", 1, 1, 0, null));
        ApplyResult duplicateEvent = mirror.apply(events.event("e0", 4_000, node("other", 1, 1, 0, null)));

        assertEquals(RejectReason.UNKNOWN_TASK, unknownTask.reason());
        assertEquals(RejectReason.UNKNOWN_NODE, unknownNode.reason());
        assertEquals(RejectReason.FINISH_BEFORE_START, finishBeforeStart.reason());
        assertEquals(RejectReason.FINISH_BEFORE_START, killedBeforeStart.reason());
        assertEquals(RejectReason.DUPLICATE_NODE, duplicateNode.reason());
        assertEquals(RejectReason.DUPLICATE_EVENT, duplicateEvent.reason());
        MirrorCounters counters = mirror.counters();
        assertEquals(6, counters.count(MirrorCounter.EVENTS_REJECTED));
        assertEquals(2, counters.rejectedCount(RejectReason.FINISH_BEFORE_START));
        assertEquals(1, counters.rejectedCount(RejectReason.UNKNOWN_TASK));
        assertEquals(1, counters.rejectedCount(RejectReason.DUPLICATE_EVENT));
        assertEquals(4, mirror.queueLength("all"));
        assertEquals(0, mirror.node("gpu-node").allocatedCpuMilli());
        assertFalse(mirror.nodes().stream().anyMatch(n -> n.nodeId().equals("other")));
    }

    @Test
    void cancelRemovesWaitingTaskOnly() {
        apply(4_000, started("pipe-1", "t1", "gpu-node"));
        ApplyResult waitingCancelled = apply(5_000, cancelled("pipe-1", "t2"));
        ApplyResult runningCancelled = apply(5_000, cancelled("pipe-1", "t1"));
        ApplyResult unknownCancelled = apply(5_000, cancelled("pipe-1", "t2"));

        assertTrue(waitingCancelled.applied());
        assertEquals(RejectReason.CANCEL_AFTER_START, runningCancelled.reason());
        assertEquals(RejectReason.UNKNOWN_TASK, unknownCancelled.reason());
        assertEquals(java.util.List.of("t3", "t4"), mirror.waitingTasks().stream().map(TaskState::taskId).toList());
        assertEquals(1, mirror.counters().count(MirrorCounter.TASKS_CANCELLED));
        assertEquals(1, mirror.runningTasks().size());
    }

    @Test
    void nodeRemovalEndsTasksOnIt() {
        apply(4_000, started("pipe-1", "t1", "gpu-node"));
        apply(4_000, started("pipe-1", "t4", "cpu-node"));
        apply(5_000, nodeRemoved("gpu-node"));

        assertNull(mirror.task("t1"));
        assertTrue(mirror.task("t4") != null);
        MirrorCounters counters = mirror.counters();
        assertEquals(1, counters.count(MirrorCounter.TASKS_ENDED_BY_NODE_REMOVAL));
        assertEquals(1, counters.nodesInService());
        assertEquals(1, counters.tasksRunning());
    }

    @Test
    void poolUsageSumsNodes() {
        apply(4_000, started("pipe-1", "t3", "gpu-node"));
        PoolUsage v100 = mirror.nodePoolUsage().get("V100");
        PoolUsage all = mirror.nodePoolUsage().get("all");

        assertEquals(2_000, v100.gpuCapacityMilli());
        assertEquals(1_000, v100.gpuAllocatedMilli());
        assertEquals(48_000, all.cpuCapacityMilli());
        assertEquals(8_000, all.cpuAllocatedMilli());
        assertEquals(16_000, mirror.nodePoolUsage().get("cpu").cpuCapacityMilli());
    }

    private static final long HOUR = 3_600_000;

    private static TaskSpec after(TaskSpec task, String... predecessors) {
        return TaskSpec.newBuilder(task).setDependsOn(List.of(predecessors)).build();
    }

    /** Returns a mirror with a 2-hour task retention, a GPU node, and pipeline "dag": train, then evaluate. */
    private PlatformMirror dagMirror() {
        mirror = new PlatformMirror("p1", MirrorLimits.defaults().withSubmittedTaskRetention(Duration.ofHours(2)),
                MirrorStore.NONE);
        apply(0, node("gpu-node", 32_000, 262_144, 2, "V100"));
        apply(0, pipeline("dag", task("dag/train", "train", request(4_000, 8_192, 1, 1000)),
                after(task("dag/evaluate", "evaluate", request(1_000, 2_048, 0, 0)), "dag/train")));
        return mirror;
    }

    @Test
    void arrivalsCountPipelinesNotTheirTasks() {
        PlatformMirror dag = dagMirror();
        apply(1_000, queued("dag", "dag/train"));
        apply(2_000, started("dag", "dag/train", "gpu-node"));
        apply(60_000, finished("dag", "dag/train", TaskStatus.SUCCEEDED));
        apply(60_000, queued("dag", "dag/evaluate"));

        assertEquals(1, dag.arrivals().arrivalCount());
        Arrival arrival = dag.arrivals().recent(60_000).get(0);
        assertEquals("dag", arrival.pipelineId());
        assertEquals(0, arrival.timeMillis());
        assertEquals(List.of("dag/train", "dag/evaluate"), arrival.tasks().stream().map(ArrivalTask::taskId).toList());
        assertEquals(List.of(), arrival.tasks().get(0).dependsOn());
        assertEquals(List.of(0), arrival.tasks().get(1).dependsOn());
    }

    @Test
    void successorBlockedOnWaitingPredecessorIsKept() {
        PlatformMirror dag = dagMirror();
        apply(1_000, queued("dag", "dag/train"));
        apply(3 * HOUR, node("late-node", 8_000, 16_384, 0, null));

        // The predecessor has waited 3 hours, longer than the retention, but its successor is not stale.
        assertEquals(0, dag.evictStaleTasks());
        apply(4 * HOUR, started("dag", "dag/train", "gpu-node"));
        apply(7 * HOUR, finished("dag", "dag/train", TaskStatus.SUCCEEDED));
        assertEquals(0, dag.evictStaleTasks());
        assertTrue(apply(7 * HOUR, queued("dag", "dag/evaluate")).applied());
        assertEquals(0, dag.counters().count(MirrorCounter.TASKS_EVICTED));
    }

    @Test
    void successorOfStoppedPipelineIsEvictedAfterRetention() {
        PlatformMirror dag = dagMirror();
        apply(1_000, queued("dag", "dag/train"));
        apply(2_000, started("dag", "dag/train", "gpu-node"));
        apply(HOUR, finished("dag", "dag/train", TaskStatus.FAILED));

        // The platform sends no cancel event for the successor: it is evicted once the pipeline was idle for
        // the retention, counted from the predecessor's end, not from the submission.
        apply(3 * HOUR - 1, node("late-node", 8_000, 16_384, 0, null));
        assertEquals(0, dag.evictStaleTasks());
        apply(3 * HOUR + 1, node("later-node", 8_000, 16_384, 0, null));
        assertEquals(1, dag.evictStaleTasks());
        assertNull(dag.task("dag/evaluate"));
        assertEquals(1, dag.counters().count(MirrorCounter.TASKS_EVICTED));
    }
}

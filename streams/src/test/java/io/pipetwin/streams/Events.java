package io.pipetwin.streams;

import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.NodeRemovalCause;
import io.pipetwin.schemas.avro.NodeRemoved;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PipelineTrigger;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.avro.TaskStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds platform events for tests; event ids are numbered per instance. */
public final class Events {

    private final String platformId;
    private int nextEventId;

    public Events(String platformId) {
        this.platformId = platformId;
    }

    public PlatformEvent event(long timeMillis, Object payload) {
        return event("e" + nextEventId++, timeMillis, payload);
    }

    public PlatformEvent event(String eventId, long timeMillis, Object payload) {
        return PlatformEvent.newBuilder()
                .setEventId(eventId)
                .setPlatformId(platformId)
                .setEventTime(Instant.ofEpochMilli(timeMillis))
                .setSource("test")
                .setPayload(payload)
                .build();
    }

    public static NodeAdded node(String nodeId, long cpuMilli, long memoryMib, int gpuCount, String gpuModel) {
        return NodeAdded.newBuilder().setNodeId(nodeId).setCpuMilli(cpuMilli).setMemoryMib(memoryMib)
                .setGpuCount(gpuCount).setGpuModel(gpuModel).build();
    }

    public static NodeRemoved nodeRemoved(String nodeId) {
        return NodeRemoved.newBuilder().setNodeId(nodeId).setCause(NodeRemovalCause.FAILED).build();
    }

    public static ResourceRequest request(long cpuMilli, long memoryMib, int gpuCount, int gpuMilli) {
        return ResourceRequest.newBuilder().setCpuMilli(cpuMilli).setMemoryMib(memoryMib).setGpuCount(gpuCount)
                .setGpuMilli(gpuMilli).build();
    }

    public static TaskSpec task(String taskId, String taskType, ResourceRequest request) {
        return TaskSpec.newBuilder().setTaskId(taskId).setTaskType(taskType).setRequest(request).build();
    }

    public static PipelineSubmitted pipeline(String pipelineId, TaskSpec... tasks) {
        return PipelineSubmitted.newBuilder().setPipelineId(pipelineId).setTenant("tenant-a").setModelId("model-1")
                .setFramework("pytorch").setDatasetSizeBytes(1L << 30).setTrigger(PipelineTrigger.MANUAL)
                .setTasks(new ArrayList<>(List.of(tasks))).build();
    }

    public static TaskQueued queued(String pipelineId, String taskId) {
        return TaskQueued.newBuilder().setPipelineId(pipelineId).setTaskId(taskId).build();
    }

    public static TaskStarted started(String pipelineId, String taskId, String nodeId, String... extraNodeIds) {
        return TaskStarted.newBuilder().setPipelineId(pipelineId).setTaskId(taskId).setNodeId(nodeId)
                .setExtraNodeIds(new ArrayList<>(List.of(extraNodeIds))).build();
    }

    public static TaskFinished finished(String pipelineId, String taskId, TaskStatus status) {
        return TaskFinished.newBuilder().setPipelineId(pipelineId).setTaskId(taskId).setStatus(status).build();
    }
}

package io.pipetwin.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.trace.alibaba2023.PodListReader;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.avro.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceEventGeneratorTest {

    private static final String POD_HEADER =
            "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time";
    private static final String NODE_HEADER = "sn,cpu_milli,memory_mib,gpu,model";
    private static final Instant START = Instant.parse("2023-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /**
     * Pod a uses half of n0's only GPU from 5 to 20. Pod b is withdrawn while pending at 8, which cancels
     * its task. Pod c needs
     * 600 milli-GPUs, so it fits on n0 only once a has finished at 20. It is still running at the trace
     * end (100).
     */
    @Test
    void threePodTraceGivesExactSequence() throws IOException {
        AlibabaGpu2023Trace trace = write(
                List.of("n0,10000,10000,1,T4", "n1,10000,10000,0,"),
                List.of("a,1000,1000,1,500,,LS,Succeeded,0,20,5",
                        "b,1000,1000,0,0,,BE,Pending,5,8,",
                        "c,1000,1000,1,600,,Burstable,Running,10,100,20"));

        TraceEventGenerator generator;
        List<PlatformEvent> events = new ArrayList<>();
        try (PodListReader pods = trace.openPods(RowErrorPolicy.FAIL)) {
            generator = new TraceEventGenerator("p1", START, "test", trace.readNodes(RowErrorPolicy.FAIL), pods);
            generator.forEachRemaining(events::add);
        }

        List<String> expected = List.of(
                "p1:n0:added@0", "p1:n1:added@0",
                "p1:a:submitted@0", "p1:a:queued@0",
                "p1:a:started@5",
                "p1:b:submitted@5", "p1:b:queued@5",
                "p1:b:cancelled@8",
                "p1:c:submitted@10", "p1:c:queued@10",
                "p1:a:finished@20",
                "p1:c:started@20");
        List<String> actual = events.stream()
                .map(event -> event.getEventId() + "@" + (event.getEventTime().toEpochMilli() - START.toEpochMilli()) / 1000)
                .toList();
        assertEquals(expected, actual);

        NodeAdded n0 = (NodeAdded) events.get(0).getPayload();
        assertEquals(new NodeAdded("n0", null, 10000L, 10000L, 1, "T4"), n0);

        PipelineSubmitted a = (PipelineSubmitted) events.get(2).getPayload();
        assertEquals("a", a.getPipelineId());
        assertEquals("unknown", a.getTenant());
        assertEquals(2, a.getPriority());
        TaskSpec aTask = a.getTasks().get(0);
        assertEquals("a/train", aTask.getTaskId());
        assertEquals("train", aTask.getTaskType());
        assertEquals(500, aTask.getRequest().getGpuMilli());
        assertEquals(1, aTask.getRequest().getGpuCount());

        PipelineSubmitted b = (PipelineSubmitted) events.get(5).getPayload();
        assertEquals("b/preprocess", b.getTasks().get(0).getTaskId());
        assertEquals(0, b.getPriority());
        assertEquals(new TaskQueued("b", "b/preprocess"), events.get(6).getPayload());

        assertEquals(new TaskStarted("a", "a/train", "n0", List.of()), events.get(4).getPayload());
        assertEquals(new TaskCancelled("b", "b/preprocess", "withdrawn"), events.get(7).getPayload());
        assertEquals(new TaskFinished("a", "a/train", TaskStatus.SUCCEEDED), events.get(10).getPayload());
        assertEquals(new TaskStarted("c", "c/train", "n0", List.of()), events.get(11).getPayload());

        assertEquals(0, generator.fallbackPlacements());
        assertEquals("test", events.get(0).getSource());
        events.forEach(event -> assertEquals("p1", event.getPlatformId()));
    }

    @Test
    void killedAndFailedPodsFinish() throws IOException {
        AlibabaGpu2023Trace trace = write(
                List.of("n0,10000,10000,0,"),
                List.of("k,1000,1000,0,0,,LS,Running,0,30,0",
                        "f,1000,1000,0,0,,LS,Failed,1,10,2",
                        "end,1000,1000,0,0,,LS,Running,2,40,3"));

        List<PlatformEvent> finishes = new ArrayList<>();
        try (PodListReader pods = trace.openPods(RowErrorPolicy.FAIL)) {
            new TraceEventGenerator("p", START, "test", trace.readNodes(RowErrorPolicy.FAIL), pods)
                    .forEachRemaining(event -> {
                        if (event.getPayload() instanceof TaskFinished) {
                            finishes.add(event);
                        }
                    });
        }

        assertEquals(2, finishes.size());
        assertEquals(new TaskFinished("f", "f/preprocess", TaskStatus.FAILED), finishes.get(0).getPayload());
        assertEquals(new TaskFinished("k", "k/preprocess", TaskStatus.KILLED), finishes.get(1).getPayload());
    }

    @Test
    void fallbackPicksMostFreeGpu() throws IOException {
        AlibabaGpu2023Trace trace = write(
                List.of("small,10000,10000,1,T4", "big,10000,10000,2,T4"),
                List.of("x,1000,1000,2,1000,,LS,Succeeded,0,50,0",
                        "y,1000,1000,2,1000,,LS,Succeeded,1,50,1",
                        "z,1000,1000,1,1000,,LS,Succeeded,2,50,2"));

        List<TaskStarted> starts = new ArrayList<>();
        TraceEventGenerator generator;
        try (PodListReader pods = trace.openPods(RowErrorPolicy.FAIL)) {
            generator = new TraceEventGenerator("p", START, "test", trace.readNodes(RowErrorPolicy.FAIL), pods);
            generator.forEachRemaining(event -> {
                if (event.getPayload() instanceof TaskStarted started) {
                    starts.add(started);
                }
            });
        }

        assertEquals("big", starts.get(0).getNodeId());
        assertEquals("small", starts.get(1).getNodeId(), "fallback picks the node with most free GPU");
        assertEquals("small", starts.get(2).getNodeId(), "fallback reserved nothing, so z fits on small");
        assertEquals(1, generator.fallbackPlacements());
    }

    private AlibabaGpu2023Trace write(List<String> nodeRows, List<String> podRows) throws IOException {
        List<String> nodes = new ArrayList<>(List.of(NODE_HEADER));
        nodes.addAll(nodeRows);
        List<String> pods = new ArrayList<>(List.of(POD_HEADER));
        pods.addAll(podRows);
        return AlibabaGpu2023Trace.of(Files.write(dir.resolve("pods.csv"), pods),
                Files.write(dir.resolve("nodes.csv"), nodes));
    }

    /**
     * Gang g runs 8 GPUs on each of two nodes from 0 to 50, so the three 8-GPU nodes keep one free node.
     * Task s (8 GPUs, one node) starts at 10 on the third node. Task t (8 GPUs) starts at 20 and finds no
     * free node, so it gets a fallback placement. After g finishes at 50, task u (two nodes) fits again.
     */
    @Test
    void gangTaskStartsOnAllItsNodes() {
        List<TraceNode> nodes = List.of(new TraceNode("n0", 96_000, 524_288, 8, null),
                new TraceNode("n1", 96_000, 524_288, 8, null), new TraceNode("n2", 96_000, 524_288, 8, null));
        List<TraceTask> tasks = List.of(ran("g", 0, 50, 2), ran("s", 10, 100, 1), ran("t", 20, 100, 1),
                ran("u", 60, 100, 2));

        TraceEventGenerator generator = new TraceEventGenerator("p1", START, "test", nodes, tasks.iterator());
        List<PlatformEvent> events = new ArrayList<>();
        generator.forEachRemaining(events::add);

        TaskSpec gang = ((PipelineSubmitted) payloadOf(events, "p1:g:submitted")).getTasks().get(0);
        assertEquals(2, gang.getNodeCount());
        assertEquals(8, gang.getRequest().getGpuCount());
        TaskStarted g = (TaskStarted) payloadOf(events, "p1:g:started");
        assertEquals("n0", g.getNodeId());
        assertEquals(List.of("n1"), g.getExtraNodeIds());
        TaskStarted s = (TaskStarted) payloadOf(events, "p1:s:started");
        assertEquals("n2", s.getNodeId());
        assertEquals(List.of(), s.getExtraNodeIds());
        assertEquals(1, generator.fallbackPlacements(), "t finds all three nodes taken by g and s");
        TaskStarted u = (TaskStarted) payloadOf(events, "p1:u:started");
        assertEquals("n0", u.getNodeId());
        assertEquals(List.of("n1"), u.getExtraNodeIds());
    }

    private static TraceTask ran(String id, long startSeconds, long endSeconds, int nodeCount) {
        return new TraceTask(id, id, startSeconds, OptionalLong.of(startSeconds), OptionalLong.of(endSeconds),
                new TraceResourceRequest(0, 0, 8, 1000, null), TraceTaskStatus.SUCCEEDED, null, null, null, null, 1,
                nodeCount, OptionalLong.empty());
    }

    private static Object payloadOf(List<PlatformEvent> events, String eventId) {
        return events.stream().filter(event -> event.getEventId().equals(eventId)).findFirst()
                .orElseThrow(() -> new AssertionError("no event " + eventId + " in " + events.size() + " events"))
                .getPayload();
    }
}

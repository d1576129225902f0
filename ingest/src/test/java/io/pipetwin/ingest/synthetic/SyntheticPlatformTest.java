package io.pipetwin.ingest.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.schemas.avro.ModelDeployed;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.core.workload.WorkloadProfileLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class SyntheticPlatformTest {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticPlatformTest.class);
    private static final Instant START = Instant.parse("2023-01-01T00:00:00Z");

    @Test
    void defaultClusterIsTheDocumentedAlibabaSlice() {
        List<NodeSpec> nodes = SyntheticPlatform.alibabaSlice(SyntheticPlatform.DEFAULT_NODES);

        assertEquals(24, nodes.size());
        assertEquals(100, nodes.stream().mapToInt(NodeSpec::gpuCount).sum());
        assertEquals(9, nodes.stream().filter(node -> "G2".equals(node.gpuModel())).count());
        assertEquals(5, nodes.stream().filter(node -> node.gpuCount() == 0).count());
        assertEquals(nodes.size(), nodes.stream().map(NodeSpec::nodeId).distinct().count());
    }

    @Test
    void eventsAreOrderedAndNeverExceedNodeCapacity() {
        checkConsistency(SyntheticPlatform.builder().seed(3).build(), Duration.ofDays(7));
    }

    @Test
    void dagProfileDeploysModelsAfterTheirPipelines() {
        SyntheticPlatform platform = SyntheticPlatform.builder().seed(5)
                .profile(WorkloadProfileLoader.loadDefault()).build();
        Map<Class<?>, Long> counts = checkConsistency(platform, Duration.ofDays(2));

        assertTrue(counts.getOrDefault(ModelDeployed.class, 0L) > 0, "no model was deployed: " + counts);
    }

    /**
     * Replays the events through a capacity check: nodes from NodeAdded, requests from PipelineSubmitted,
     * allocations on TaskStarted and releases on TaskFinished.
     */
    private static Map<Class<?>, Long> checkConsistency(SyntheticPlatform platform, Duration span) {
        Instant end = START.plus(span);
        Map<String, long[]> capacity = new HashMap<>();
        Map<String, long[]> used = new HashMap<>();
        Map<String, ResourceRequest> requests = new HashMap<>();
        Map<String, List<String>> dependencies = new HashMap<>();
        Map<String, String> pipelineOf = new HashMap<>();
        Map<String, Integer> unfinishedByPipeline = new HashMap<>();
        Set<String> queued = new HashSet<>();
        Map<String, String> runningOn = new HashMap<>();
        Set<String> finished = new HashSet<>();
        Set<String> ids = new HashSet<>();
        Map<Class<?>, Long> counts = new HashMap<>();
        Instant previous = START;
        double gpuMilliSeconds = 0;
        long usedGpuMilli = 0;
        while (true) {
            PlatformEvent event = platform.next();
            Instant time = event.getEventTime();
            if (time.isAfter(end)) {
                break;
            }
            assertFalse(time.isBefore(previous), "event " + event.getEventId() + " goes back in time");
            gpuMilliSeconds += usedGpuMilli * Duration.between(previous, time).toMillis() / 1000.0;
            previous = time;
            assertTrue(ids.add(event.getEventId()), "duplicate id " + event.getEventId());
            Object payload = event.getPayload();
            counts.merge(payload.getClass(), 1L, Long::sum);
            if (payload instanceof NodeAdded node) {
                assertEquals(START, time);
                capacity.put(node.getNodeId(), new long[] {node.getCpuMilli(), node.getMemoryMib(),
                        node.getGpuCount() * 1000L});
                used.put(node.getNodeId(), new long[3]);
            } else if (payload instanceof PipelineSubmitted pipeline) {
                unfinishedByPipeline.put(pipeline.getPipelineId(), pipeline.getTasks().size());
                for (TaskSpec task : pipeline.getTasks()) {
                    requests.put(task.getTaskId(), task.getRequest());
                    dependencies.put(task.getTaskId(), task.getDependsOn());
                    pipelineOf.put(task.getTaskId(), pipeline.getPipelineId());
                }
            } else if (payload instanceof TaskQueued task) {
                assertNotNull(requests.get(task.getTaskId()), "task " + task.getTaskId() + " queued before submitted");
                for (String dependency : dependencies.get(task.getTaskId())) {
                    assertTrue(finished.contains(dependency), task.getTaskId() + " queued before " + dependency);
                }
                queued.add(task.getTaskId());
            } else if (payload instanceof TaskStarted task) {
                assertTrue(queued.contains(task.getTaskId()), "task " + task.getTaskId() + " started before queued");
                long[] request = amounts(requests.get(task.getTaskId()));
                long[] node = used.get(task.getNodeId());
                for (int i = 0; i < 3; i++) {
                    node[i] += request[i];
                    assertTrue(node[i] <= capacity.get(task.getNodeId())[i], "node " + task.getNodeId()
                            + " over capacity after " + event.getEventId());
                }
                usedGpuMilli += request[2];
                runningOn.put(task.getTaskId(), task.getNodeId());
            } else if (payload instanceof TaskFinished task) {
                String nodeId = runningOn.remove(task.getTaskId());
                assertNotNull(nodeId, "task " + task.getTaskId() + " finished before it started");
                long[] request = amounts(requests.get(task.getTaskId()));
                long[] node = used.get(nodeId);
                for (int i = 0; i < 3; i++) {
                    node[i] -= request[i];
                }
                usedGpuMilli -= request[2];
                finished.add(task.getTaskId());
                unfinishedByPipeline.merge(pipelineOf.get(task.getTaskId()), -1, Integer::sum);
            } else if (payload instanceof ModelDeployed model) {
                assertEquals(0, unfinishedByPipeline.get(model.getPipelineId()),
                        "model deployed before pipeline " + model.getPipelineId() + " finished");
            }
        }
        long gpuMilli = capacity.values().stream().mapToLong(node -> node[2]).sum();
        double utilisation = gpuMilliSeconds / (gpuMilli * (double) span.toSeconds());
        LOG.info("Synthetic platform over {}: {} events by type, mean GPU utilisation {}", span, counts, utilisation);
        assertEquals(platform.nodes().size(), capacity.size());
        assertTrue(counts.getOrDefault(TaskFinished.class, 0L) > 0, "no task finished: " + counts);
        return counts;
    }

    private static long[] amounts(ResourceRequest request) {
        return new long[] {request.getCpuMilli(), request.getMemoryMib(),
                (long) request.getGpuCount() * request.getGpuMilli()};
    }

    @Test
    void sameSeedGivesSameEvents() {
        List<PlatformEvent> first = take(SyntheticPlatform.builder().seed(9).build(), 3_000);
        List<PlatformEvent> second = take(SyntheticPlatform.builder().seed(9).build(), 3_000);
        List<PlatformEvent> other = take(SyntheticPlatform.builder().seed(10).build(), 3_000);

        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    @Test
    void realisedArrivalRateMatchesTheScaledProfile() {
        SyntheticPlatform platform = SyntheticPlatform.builder().seed(21).build();
        // Whole weeks, so the hour-of-week profile is covered evenly; bursts make shorter spans noisy.
        Duration span = Duration.ofDays(7 * 4);
        Instant end = START.plus(span);
        long pipelines = 0;
        while (true) {
            PlatformEvent event = platform.next();
            if (event.getEventTime().isAfter(end)) {
                break;
            }
            if (event.getPayload() instanceof PipelineSubmitted) {
                pipelines++;
            }
        }
        double expected = platform.scaledArrivalRatePerHour() * span.toHours();
        LOG.info("{} pipelines in {} against {} expected", pipelines, span, expected);
        assertEquals(1.0, pipelines / expected, 0.05);
    }

    /**
     * A platform warmed up to steady state opens with a snapshot at the start time: the nodes, then the
     * pipelines in progress with their tasks queued, started or finished so far. The warm-up is the longest
     * run time of the built-in profile's classes, 12,537,496 s in the gpu-1 tail, rounded up to whole weeks.
     */
    @Test
    void warmUpOpensWithConsistentSnapshot() {
        double longestSeconds = 12_537_496;
        double week = 7 * 86_400;
        SyntheticPlatform platform = SyntheticPlatform.builder().seed(3).warmUpToSteadyState().build();

        assertEquals(Math.ceil(longestSeconds / week) * week, platform.warmUpSeconds());
        assertEquals(longestSeconds, platform.calibratedSampler().longestDurationSeconds());

        Map<Class<?>, Long> atStart = new HashMap<>();
        SyntheticPlatform snapshot = SyntheticPlatform.builder().seed(3).warmUpToSteadyState().build();
        while (snapshot.hasNext()) {
            PlatformEvent event = snapshot.next();
            if (!event.getEventTime().equals(START)) {
                break;
            }
            atStart.merge(event.getPayload().getClass(), 1L, Long::sum);
        }
        LOG.info("Snapshot after the warm-up: {} events by type", atStart);
        assertEquals(24L, atStart.get(NodeAdded.class));
        assertTrue(atStart.getOrDefault(TaskStarted.class, 0L) > 0, "no task in progress at the start: " + atStart);

        checkConsistency(platform, Duration.ofDays(7));
    }

    @Test
    void stopEndsTheStream() {
        SyntheticPlatform platform = SyntheticPlatform.builder().build();
        assertTrue(platform.hasNext());
        platform.stop();
        assertFalse(platform.hasNext());
    }

    private static List<PlatformEvent> take(SyntheticPlatform platform, int count) {
        List<PlatformEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(platform.next());
        }
        return events;
    }
}

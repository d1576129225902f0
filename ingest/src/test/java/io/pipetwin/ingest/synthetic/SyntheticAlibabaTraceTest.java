package io.pipetwin.ingest.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.trace.alibaba2023.PodListReader;
import io.pipetwin.ingest.replay.TraceEventGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticAlibabaTraceTest {

    @TempDir
    Path dir;

    @Test
    void writtenTraceIsValidAndReproducible() throws IOException {
        AlibabaGpu2023Trace first = SyntheticAlibabaTrace.write(dir.resolve("a"), 300, 42);
        AlibabaGpu2023Trace second = SyntheticAlibabaTrace.write(dir.resolve("b"), 300, 42);

        List<TraceTask> tasks = new ArrayList<>();
        try (PodListReader reader = first.openPods(RowErrorPolicy.FAIL)) {
            reader.forEachRemaining(tasks::add);
        }

        assertEquals(300, tasks.size());
        assertEquals(SyntheticAlibabaTrace.nodes(), first.readNodes(RowErrorPolicy.FAIL));
        assertArrayEquals(Files.readAllBytes(first.podList()), Files.readAllBytes(second.podList()));
        Map<TraceTaskStatus, Integer> statuses = new EnumMap<>(TraceTaskStatus.class);
        for (TraceTask task : tasks) {
            statuses.merge(task.status(), 1, Integer::sum);
            if (task.status() == TraceTaskStatus.PENDING) {
                assertEquals(SyntheticAlibabaTrace.PATIENCE_SECONDS,
                        task.endTimeSeconds().getAsLong() - task.submitTimeSeconds(), task.taskId());
            }
        }
        assertTrue(statuses.getOrDefault(TraceTaskStatus.PENDING, 0) > 0, "some pods withdrawn: " + statuses);
        assertTrue(statuses.getOrDefault(TraceTaskStatus.RUNNING, 0) > 0, "some pods still running: " + statuses);
        assertTrue(statuses.getOrDefault(TraceTaskStatus.KILLED, 0) > 0, "some pods deleted: " + statuses);
    }

    @Test
    void replayPlacesEveryPodWithoutFallback() {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(dir, 400, 7);

        TraceEventGenerator generator;
        long started;
        try (PodListReader pods = trace.openPods(RowErrorPolicy.FAIL)) {
            generator = new TraceEventGenerator("p", Instant.EPOCH,
                    "test", trace.readNodes(RowErrorPolicy.FAIL), pods);
            generator.forEachRemaining(event -> { });
            started = generator.countsByType().get(TraceEventGenerator.EventType.TASK_STARTED);
        }

        assertTrue(started > 0);
        assertEquals(0, generator.fallbackPlacements(), "the generator schedules only when first-fit finds a node");
    }
}

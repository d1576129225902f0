package io.pipetwin.core.trace.alibaba2023;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads the published trace when the directory named by {@code pipetwin.traces.dir} contains it. */
class RealAlibabaGpu2023TraceTest {

    private Path directory;

    @BeforeEach
    void findTrace() {
        String tracesDir = System.getProperty("pipetwin.traces.dir", "");
        directory = Path.of(tracesDir.isEmpty() ? "." : tracesDir, "alibaba_gpu_v2023");
        assumeTrue(Files.isReadable(directory.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST))
                        && Files.isReadable(directory.resolve(AlibabaGpu2023Trace.DEFAULT_NODE_LIST)),
                "Alibaba GPU 2023 trace not found in " + directory.toAbsolutePath()
                        + "; set -Dpipetwin.traces.dir to the folder containing alibaba_gpu_v2023/ to run this test");
    }

    @Test
    void publishedPodListReadsWithoutErrors() throws IOException {
        AlibabaGpu2023Trace trace = AlibabaGpu2023Trace.inDirectory(directory);
        Map<String, Integer> phases = new HashMap<>();
        Map<TraceTaskStatus, Integer> statuses = new EnumMap<>(TraceTaskStatus.class);
        int count = 0;
        try (PodListReader reader = trace.openPods(RowErrorPolicy.FAIL)) {
            while (reader.hasNext()) {
                TraceTask task = reader.next();
                count++;
                phases.merge(task.rawStatus(), 1, Integer::sum);
                statuses.merge(task.status(), 1, Integer::sum);
            }
        }

        // Independent count of Running pods deleted at the last instant, from the raw lines.
        List<String> lines = Files.readAllLines(directory.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST));
        long lastDeletion = lines.stream().skip(1).mapToLong(line -> Long.parseLong(line.split(",", -1)[9])).max()
                .orElseThrow();
        long runningAtEnd = lines.stream().skip(1).map(line -> line.split(",", -1))
                .filter(fields -> fields[7].equals("Running") && Long.parseLong(fields[9]) == lastDeletion).count();

        assertEquals(8_152, count);
        assertEquals(5_193, phases.get("Running"));
        assertEquals(1_870, phases.get("Failed"));
        assertEquals(897, phases.get("Pending"));
        assertEquals(192, phases.get("Succeeded"));
        assertEquals(897, statuses.get(TraceTaskStatus.PENDING));
        assertEquals(runningAtEnd, statuses.get(TraceTaskStatus.RUNNING).longValue());
        assertEquals(5_193 - runningAtEnd, statuses.get(TraceTaskStatus.KILLED).longValue());
        assertEquals(lastDeletion, trace.summary().traceEndSeconds());
    }

    @Test
    void publishedNodeListReadsWithoutErrors() {
        List<TraceNode> nodes = AlibabaGpu2023Trace.inDirectory(directory).readNodes(RowErrorPolicy.FAIL);

        assertEquals(1_523, nodes.size());
        assertEquals(310, nodes.stream().filter(node -> node.gpuCount() == 0).count());
        assertEquals(6_212, nodes.stream().mapToInt(TraceNode::gpuCount).sum());
    }
}

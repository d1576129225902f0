package io.pipetwin.core.trace.alibaba2023;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeListReaderTest {

    @TempDir
    Path dir;

    @Test
    void nodesReadWithEmptyModelAsCpuOnly() throws IOException {
        Path file = Files.write(dir.resolve("nodes.csv"), List.of("sn,cpu_milli,memory_mib,gpu,model",
                "cpu-0,32000,262144,0,", "gpu-0,96000,786432,8,G2"));

        List<TraceNode> nodes = AlibabaGpu2023Trace.of(dir.resolve("absent.csv"), file).readNodes(RowErrorPolicy.FAIL);

        assertEquals(List.of(new TraceNode("cpu-0", 32000, 262144, 0, null),
                new TraceNode("gpu-0", 96000, 786432, 8, "G2")), nodes);
    }

    @Test
    void gpuNodeWithoutModelRejected() throws IOException {
        Path file = Files.write(dir.resolve("nodes.csv"), List.of("sn,cpu_milli,memory_mib,gpu,model",
                "gpu-0,96000,786432,8,"));

        TraceFormatException error = assertThrows(TraceFormatException.class,
                () -> AlibabaGpu2023Trace.of(dir.resolve("absent.csv"), file).readNodes(RowErrorPolicy.FAIL));

        assertEquals("model", error.column());
        assertEquals(2, error.line());
    }

    @Test
    void skipPolicyCountsInvalidNodes() throws IOException {
        Path file = Files.write(dir.resolve("nodes.csv"), List.of("sn,cpu_milli,memory_mib,gpu,model",
                "a,1000,1024,0,", "b,x,1024,0,", "c,1000,1024,2,T4"));

        try (NodeListReader reader = new NodeListReader(file, RowErrorPolicy.SKIP)) {
            List<String> ids = new ArrayList<>();
            reader.forEachRemaining(node -> ids.add(node.nodeId()));

            assertEquals(List.of("a", "c"), ids);
            assertEquals(1, reader.rowsSkipped());
            assertEquals(3, reader.rowsRead());
        }
    }
}

package io.pipetwin.core.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pipetwin.core.bench.AlibabaScaleSnapshot;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SnapshotNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ForecastBenchCommandTest {

    /** Without trace files the built-in mix has the openb counts: 1,523 nodes and 6,212 GPUs. */
    @Test
    void builtInPlatformHasTheOpenbSize() {
        PlatformSnapshot snapshot = AlibabaScaleSnapshot.build(null, 50, 0.5, 1000, 1);
        long gpus = snapshot.nodes().stream().mapToLong(SnapshotNode::gpuCount).sum();
        long heldGpus = snapshot.running().stream().mapToLong(task -> task.request().gpuCount()).sum();
        assertAll(
                () -> assertEquals(1523, snapshot.nodes().size()),
                () -> assertEquals(6212, gpus),
                () -> assertEquals(50, snapshot.waiting().size()),
                () -> assertTrue(heldGpus >= 0.5 * 6212, "held " + heldGpus),
                () -> assertTrue(snapshot.arrivalModel() != null));
    }

    @Test
    void forecastBenchPrintsTimesPerHistory() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand());
        command.setOut(new PrintWriter(out));

        int exitCode = command.execute("forecast", "--traces-dir", Path.of("does-not-exist").toString(),
                "--replications", "2", "--waiting", "20", "--events", "100,2000", "--repeat", "1", "--warmup", "0");

        String text = out.toString();
        assertAll(
                () -> assertEquals(0, exitCode, text),
                () -> assertTrue(text.contains("history 100 events: 1523 nodes, 6212 GPUs"), text),
                () -> assertTrue(text.contains("history 2000 events"), text),
                () -> assertTrue(text.contains("calling-thread CPU"), text));
    }
}

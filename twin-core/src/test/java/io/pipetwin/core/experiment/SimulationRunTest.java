package io.pipetwin.core.experiment;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.output.RecordingMode;
import io.pipetwin.core.output.RunSummary;
import io.pipetwin.core.workload.WorkloadProfileLoader;

class SimulationRunTest {

    private static final double DAY_SECONDS = 86_400.0;

    static PlatformConfig smallPlatform(String name, int gpuNodes) {
        return PlatformConfig.ofCounts(name, gpuNodes, 8, "A100", 96_000, 1_048_576, 4, 64_000, 262_144, 25);
    }

    private static SimulationConfig config(long seed, Path output, RecordingMode mode, String retraining) {
        return new SimulationConfig(smallPlatform("small", 4), WorkloadProfileLoader.loadDefault(), "fifo",
                "first-fit", RetrainingPolicy.parse(retraining), seed, 4 * DAY_SECONDS, 600, mode, output);
    }

    @Test
    void sameSeedGivesByteIdenticalCsv(@TempDir Path directory) throws Exception {
        Path first = directory.resolve("first");
        Path second = directory.resolve("second");

        SimulationRun.run(config(42, first, RecordingMode.FULL, "threshold:min=0.84,check=6h"));
        SimulationRun.run(config(42, second, RecordingMode.FULL, "threshold:min=0.84,check=6h"));

        for (String file : List.of("tasks.csv", "pipelines.csv", "timeseries.csv", "summary.csv", "models.csv")) {
            byte[] firstBytes = Files.readAllBytes(first.resolve(file));
            assertTrue(firstBytes.length > 100, file + " is nearly empty");
            assertArrayEquals(firstBytes, Files.readAllBytes(second.resolve(file)), file + " differs");
        }
        assertTrue(Files.size(first.resolve("plots/utilisation.png")) > 0);
    }

    @Test
    void differentSeedsGiveDifferentTraces(@TempDir Path directory) throws Exception {
        SimulationRun.run(config(1, directory.resolve("a"), RecordingMode.FULL, "none"));
        SimulationRun.run(config(2, directory.resolve("b"), RecordingMode.FULL, "none"));

        assertTrue(!Files.readString(directory.resolve("a/tasks.csv"))
                .equals(Files.readString(directory.resolve("b/tasks.csv"))));
    }

    @Test
    void summaryOnlyMatchesFullRun(@TempDir Path directory) throws Exception {
        RunSummary full = SimulationRun.run(config(7, directory.resolve("full"), RecordingMode.FULL, "none"));
        RunSummary summaryOnly = SimulationRun.run(config(7, null, RecordingMode.SUMMARY_ONLY, "none"));

        assertEquals(full.asMap(), summaryOnly.asMap());
    }

    @Test
    void traceRowsAreConsistent(@TempDir Path directory) throws Exception {
        RunSummary summary = SimulationRun.run(config(3, directory, RecordingMode.FULL, "periodic:period=1d"));
        List<String> rows = Files.readAllLines(directory.resolve("tasks.csv"));

        // Columns: ..., pipeline_submit_s(7), queued_s(8), start_s(9), end_s(10), wait_s(11).
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            double submit = Double.parseDouble(cells[7]);
            double queued = Double.parseDouble(cells[8]);
            double start = Double.parseDouble(cells[9]);
            double end = Double.parseDouble(cells[10]);
            assertAll(row,
                    () -> assertTrue(submit <= queued),
                    () -> assertTrue(queued <= start),
                    () -> assertTrue(start <= end),
                    () -> assertTrue(end <= 4 * DAY_SECONDS));
        }
        assertEquals(rows.size() - 1, (long) summary.get("tasks_completed"));
        assertTrue(summary.get("retrainings") > 0, "daily periodic retraining over 4 days retrained nothing");
        assertTrue(summary.get("pipelines_completed") > 50, "summary " + summary.asMap());
    }
}

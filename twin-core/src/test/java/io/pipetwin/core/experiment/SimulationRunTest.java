package io.pipetwin.core.experiment;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.calibration.CalibratedModel;
import io.pipetwin.core.calibration.CalibratedProfiles;
import io.pipetwin.core.calibration.CalibratedTaskSampler;
import io.pipetwin.core.calibration.KolmogorovSmirnov;
import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.output.RecordingMode;
import io.pipetwin.core.output.RunSummary;
import io.pipetwin.core.workload.WorkloadProfile;
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

    /**
     * A calibrated profile's tasks run for times drawn from their class's run-time distribution. Over two
     * simulated years, every task that started at least the longest possible run time before the end has
     * finished, so their run times (end minus start, with no storage transfer) are an uncensored sample.
     * Per class, identified by the GPU request, the KS distance stays under the DKW bound
     * {@code sqrt(ln(2 / alpha) / (2 n))} with alpha 1e-6.
     */
    @Test
    void calibratedProfileUsesClassRunTimes(@TempDir Path directory) throws Exception {
        WorkloadProfile profile;
        try (java.io.InputStream in = getClass().getResourceAsStream("/profiles/alibaba-gpu-2023.json")) {
            profile = WorkloadProfileLoader.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    "alibaba-gpu-2023");
        }
        CalibratedModel model = CalibratedProfiles.model(profile, profile.name());
        double longestSeconds = CalibratedTaskSampler.forProfile(profile, demand -> true).orElseThrow()
                .longestDurationSeconds();
        double spanSeconds = 730 * DAY_SECONDS;
        PlatformConfig platform = PlatformConfig.ofCounts("large", 40, 8, "G3", 128_000, 786_432, 10, 96_000,
                524_288, 0);
        SimulationRun.run(new SimulationConfig(platform, profile, "fifo", "first-fit", RetrainingPolicy.parse("none"),
                5, spanSeconds, DAY_SECONDS, RecordingMode.FULL, directory));

        Map<String, List<Double>> runTimesByClass = new HashMap<>();
        List<String> rows = Files.readAllLines(directory.resolve("tasks.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            double start = Double.parseDouble(cells[9]);
            if (start + longestSeconds < spanSeconds) {
                String taskClass = classOfGpuMilli(Long.parseLong(cells[12]));
                runTimesByClass.computeIfAbsent(taskClass, name -> new ArrayList<>())
                        .add(Double.parseDouble(cells[10]) - start);
            }
        }

        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            double[] sorted = runTimesByClass.get(taskClass.name()).stream().mapToDouble(Double::doubleValue).sorted()
                    .toArray();
            double bound = Math.sqrt(Math.log(2 / 1e-6) / (2 * sorted.length));
            double distance = KolmogorovSmirnov.oneSampleWithAtoms(sorted, taskClass.duration().empirical()::cdf);
            assertTrue(distance <= bound, "class " + taskClass.name() + ": KS distance " + distance + " over "
                    + sorted.length + " run times exceeds the DKW bound " + bound);
        }
    }

    /** Returns the class of the Alibaba GPU 2023 profile that requests {@code gpuMilli} in total. */
    private static String classOfGpuMilli(long gpuMilli) {
        if (gpuMilli == 0) {
            return "cpu";
        }
        if (gpuMilli < 1000) {
            return "gpu-shared";
        }
        if (gpuMilli == 1000) {
            return "gpu-1";
        }
        return gpuMilli <= 4000 ? "other" : "gpu-5-8";
    }
}

package io.pipetwin.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.output.ConfidenceInterval;
import io.pipetwin.core.output.RecordingMode;
import io.pipetwin.core.output.RunSummary;
import io.pipetwin.core.workload.WorkloadProfileLoader;

class ExperimentRunnerTest {

    private static final String EXPERIMENT = """
            name: tiny sweep
            duration: 2d
            sampleInterval: 30m
            seeds: [11, 12]
            policies:
              - {queueing: fifo, placement: first-fit}
              - {queueing: sjf, placement: best-fit}
            platforms:
              - name: small
                storageGbitPerSecond: 25
                nodes:
                  - {count: 3, cpuMilli: 96000, memoryMib: 1048576, gpuCount: 8, gpuModel: A100}
                  - {count: 4, cpuMilli: 64000, memoryMib: 262144}
            retraining:
              - none
              - "threshold:min=0.84,check=6h"
            """;

    @Test
    void twoByTwoByTwoSweepWritesTable(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("sweep.yaml");
        Files.writeString(file, EXPERIMENT);
        ExperimentSpec spec = ExperimentSpec.load(file);
        Path output = directory.resolve("out");

        ComparisonTable table = new ExperimentRunner(spec, WorkloadProfileLoader.loadDefault(), output, 2, null).run();

        assertEquals(4, table.configurations().size());
        List<String> csv = Files.readAllLines(output.resolve("comparison.csv"));
        assertEquals("queueing,placement,platform,retraining,metric,n,mean,sd,ci95_low,ci95_high", csv.get(0));
        assertTrue(csv.stream().anyMatch(row -> row.startsWith("sjf,best-fit,small,\"threshold:min=0.84,check=6h\","
                + "task_wait_mean_s,2,")), "no row for sjf+best-fit threshold; the comma in the label is quoted");
        String markdown = Files.readString(output.resolve("comparison.md"));
        assertEquals(2 + 4, markdown.lines().filter(line -> line.startsWith("|")).count(),
                "header, separator and one row per configuration");

        // The table's interval for one configuration equals the interval of the two runs done by hand.
        PlatformConfig platform = spec.platforms().get(0);
        double[] waits = new double[2];
        for (int i = 0; i < 2; i++) {
            RunSummary summary = SimulationRun.run(new SimulationConfig(platform, WorkloadProfileLoader.loadDefault(),
                    "fifo", "first-fit", RetrainingPolicy.parse("none"), 11 + i, 2 * 86_400.0, 1800,
                    RecordingMode.SUMMARY_ONLY, null));
            waits[i] = summary.get("task_wait_mean_s");
        }
        ConfidenceInterval expected = ConfidenceInterval.of95(waits);
        ConfidenceInterval actual = table.interval("fifo+first-fit | small | none", "task_wait_mean_s");
        assertEquals(expected.mean(), actual.mean(), 1e-12);
        assertEquals(expected.halfWidth(), actual.halfWidth(), 1e-9);
    }

    @Test
    void rejectsUnknownPolicyInFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("bad.yaml");
        Files.writeString(file, EXPERIMENT.replace("queueing: sjf", "queueing: lifo"));

        IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ExperimentSpec.load(file));

        assertTrue(error.getMessage().contains("lifo"), error.getMessage());
    }

    @Test
    void exampleFileLoads() throws Exception {
        // Surefire runs tests in the module directory, so the repository root is its parent.
        Path example = Path.of("..", "examples", "experiment.yaml");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(example), "examples/experiment.yaml not found from "
                + example.toAbsolutePath());

        ExperimentSpec spec = ExperimentSpec.load(example);
        ExperimentRunner runner = new ExperimentRunner(spec, WorkloadProfileLoader.loadDefault(), Path.of("unused"), 1,
                null);

        assertEquals(2 * 2 * 3 * 3, runner.runKeys().size());
    }
}

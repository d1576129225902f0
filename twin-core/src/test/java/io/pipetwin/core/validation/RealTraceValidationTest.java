package io.pipetwin.core.validation;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import io.pipetwin.core.calibration.CalibratedModel;
import io.pipetwin.core.calibration.CalibratedProfiles;
import io.pipetwin.core.calibration.Calibration;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.formats.TraceFormat;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;

/**
 * Calibrates to the published traces and validates the result (two seeds). Asserted: the report files
 * exist, and the two-sample KS distance is at most 0.05 for inter-arrival times, for run times pooled over
 * classes, and for run times of every class with at least 1,000 trace samples. Smaller classes are only
 * reported: at n = 43 two samples from one distribution differ by more than 0.29 one time in twenty.
 * Queueing-delay quantile errors are reported, not asserted.
 */
class RealTraceValidationTest {

    static final double MAX_KS = 0.05;
    static final long MIN_ASSERTED_CLASS_SAMPLES = 1000;

    @TempDir
    Path out;

    private static Path traceFile(String relative) {
        String tracesDir = System.getProperty("pipetwin.traces.dir", "");
        Path file = Path.of(tracesDir.isEmpty() ? "." : tracesDir).resolve(relative);
        assumeTrue(Files.isReadable(file), "trace " + file.toAbsolutePath() + " not found; set -Dpipetwin.traces.dir"
                + " to the folder of the public traces to run this test");
        return file;
    }

    @Test
    void alibabaGpu2023CalibratesAndValidates() throws IOException {
        calibrateAndValidate(TraceFormat.ALIBABA_GPU_2023, traceFile("alibaba_gpu_v2023/openb_pod_list_default.csv"));
    }

    @Test
    void phillyCsvCalibratesAndValidates() throws IOException {
        calibrateAndValidate(TraceFormat.PHILLY_CSV, traceFile("philly_pollux/philly.csv"));
    }

    private void calibrateAndValidate(TraceFormat format, Path trace) throws IOException {
        Calibration.Result calibration = Calibration.run(format, trace, null, RowErrorPolicy.FAIL, "test", "test",
                count -> { });
        Path profileFile = out.resolve("profile.json");
        Files.writeString(profileFile, calibration.json());
        WorkloadProfile profile = WorkloadProfileLoader.load(profileFile);
        CalibratedModel model = CalibratedProfiles.model(profile, profileFile.toString());

        ValidationOptions options = new ValidationOptions(ValidationOptions.Mode.SYNTHETIC, 2,
                SyntheticWorkload.ArrivalModel.EMPIRICAL, SyntheticWorkload.DurationModel.EMPIRICAL, 0);
        Path reportDir = out.resolve("report");
        ValidationReport report = ValidationReportWriter.write(
                new Validator(format, trace, null, RowErrorPolicy.FAIL, model, options).run(profile.name()), reportDir);
        System.out.print(ValidationReportWriter.markdown(report));

        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertTrue(Files.size(reportDir.resolve(ValidationReportWriter.MARKDOWN)) > 0));
        checks.add(() -> assertTrue(Files.size(reportDir.resolve(ValidationReportWriter.JSON)) > 0));
        checks.add(() -> assertTrue(Files.size(reportDir.resolve("interarrival-cdf.png")) > 0));
        checks.add(() -> assertTrue(report.interArrival().ksMax() <= MAX_KS,
                String.format(Locale.ROOT, "inter-arrival KS %.4f", report.interArrival().ksMax())));
        for (ValidationReport.DistributionComparison durations : report.durations()) {
            if (durations.traceCount() >= MIN_ASSERTED_CLASS_SAMPLES) {
                checks.add(() -> assertTrue(durations.ksMax() <= MAX_KS, String.format(Locale.ROOT,
                        "run time KS of %s: %.4f", durations.name(), durations.ksMax())));
            }
        }
        checks.add(() -> assertTrue(report.durations().stream().anyMatch(d -> d.name().equals(Validator.ALL_CLASSES))));
        assertAll(checks);
    }
}

package io.pipetwin.core.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.pipetwin.core.calibration.CalibratedModel;
import io.pipetwin.core.calibration.CalibratedProfiles;
import io.pipetwin.core.trace.formats.TraceFormat;
import io.pipetwin.core.validation.SyntheticWorkload;
import io.pipetwin.core.validation.ValidationOptions;
import io.pipetwin.core.validation.ValidationReport;
import io.pipetwin.core.validation.ValidationReportWriter;
import io.pipetwin.core.validation.Validator;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;

/** {@code validate}: simulates a calibrated profile and compares it with its trace. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Simulate a calibrated profile on the trace's cluster and compare it with the trace: KS "
                + "distances of inter-arrival and run times, queueing-delay quantiles, GPU utilisation. Writes "
                + "report.md, report.json and PNG plots.")
public final class ValidateCommand implements Callable<Integer> {

    @Mixin
    TraceOptions trace;

    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "Profile written by calibrate.")
    Path profile;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the report.")
    Path out;

    @Option(names = "--mode", defaultValue = "synthetic", paramLabel = "MODE",
            description = "synthetic (the model generates the workload) or trace-driven (the trace's own arrivals "
                    + "and demands are replayed and delays compared per job). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N",
            description = "Synthetic runs, seeds 1..N. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--arrivals", defaultValue = "empirical", paramLabel = "MODEL",
            description = "Synthetic arrivals: empirical (operational-time gaps of the trace) or burst (the fitted "
                    + "burst process). Default: ${DEFAULT-VALUE}.")
    String arrivals;

    @Option(names = "--durations", defaultValue = "empirical", paramLabel = "MODEL",
            description = "Synthetic run times: empirical (quantiles) or parametric (the chosen fit). "
                    + "Default: ${DEFAULT-VALUE}.")
    String durations;

    @Option(names = "--gpus", defaultValue = "0", paramLabel = "N",
            description = "Simulate a homogeneous cluster of N GPUs on 8-GPU nodes instead of the trace's nodes. "
                    + "Default: the trace's or profile's nodes, else a cluster sized for 70%% mean utilisation.")
    int gpus;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TraceFormat format = trace.traceFormat();
        WorkloadProfile workloadProfile = WorkloadProfileLoader.load(profile);
        CalibratedModel model = CalibratedProfiles.model(workloadProfile, profile.toString());
        ValidationOptions options = new ValidationOptions(ValidationOptions.Mode.fromName(mode), seeds,
                parse(SyntheticWorkload.ArrivalModel.class, arrivals, "--arrivals"),
                parse(SyntheticWorkload.DurationModel.class, durations, "--durations"), gpus);
        Validator validator = new Validator(format, trace.input(), trace.nodes(), trace.policy(), model, options);
        ValidationReport report = ValidationReportWriter.write(validator.run(workloadProfile.name()), out);

        var printer = spec.commandLine().getOut();
        if (report.interArrival() != null) {
            printer.printf(Locale.ROOT, "inter-arrival KS mean %.4f max %.4f%n", report.interArrival().ksMean(),
                    report.interArrival().ksMax());
            for (ValidationReport.DistributionComparison d : report.durations()) {
                printer.printf(Locale.ROOT, "run time %-18s KS mean %.4f max %.4f%n", d.name(), d.ksMean(), d.ksMax());
            }
        }
        if (report.traceDriven() != null) {
            printer.printf(Locale.ROOT, "trace-driven: %d jobs, mean absolute delay error %.1f s%n",
                    report.traceDriven().jobs(), report.traceDriven().meanAbsoluteErrorSeconds());
        }
        printer.println("wrote " + out.resolve(ValidationReportWriter.MARKDOWN));
        printer.flush();
        return 0;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(option + " '" + value + "' is not valid; use empirical or "
                + (type == SyntheticWorkload.ArrivalModel.class ? "burst" : "parametric"));
    }
}

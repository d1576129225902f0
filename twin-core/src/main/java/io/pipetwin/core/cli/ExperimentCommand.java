package io.pipetwin.core.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.pipetwin.core.experiment.ComparisonTable;
import io.pipetwin.core.experiment.ExperimentRunner;
import io.pipetwin.core.experiment.ExperimentSpec;
import io.pipetwin.core.output.OutputFormat;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pipetwin experiment}: runs a sweep from an experiment file and writes the comparison table. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every combination of policies x platforms x retraining strategies x seeds from a YAML or"
                + " JSON experiment file, in parallel, and write comparison.csv and comparison.md with the mean and"
                + " 95 %% confidence interval per configuration."})
public final class ExperimentCommand implements Callable<Integer> {

    @Spec
    private CommandSpec commandSpec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Experiment file (.yaml, .yml or .json).")
    private Path experimentFile;

    @Option(names = {"-o", "--output"}, defaultValue = "out/experiment",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    private Path output;

    @Option(names = "--format", defaultValue = "csv",
            description = "File format of the task, pipeline and time-series outputs: csv, parquet or both"
                    + " (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--threads", defaultValue = "0",
            description = "Simulations run at once; 0 uses one per available processor (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--no-progress", description = "Do not draw the progress bar on standard error.")
    private boolean noProgress;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ExperimentSpec spec = ExperimentSpec.load(experimentFile);
        Path profilePath = spec.workloadProfile() == null ? null
                : experimentFile.toAbsolutePath().getParent().resolve(spec.workloadProfile());
        WorkloadProfile workload = WorkloadProfileLoader.load(profilePath);
        int threadCount = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();

        ExperimentRunner runner = new ExperimentRunner(spec, workload, output, threadCount,
                noProgress ? null : System.err, OutputFormat.parse(format));
        ComparisonTable table = runner.run();

        commandSpec.commandLine().getOut().println(table.configurations().size() + " configurations, "
                + runner.runKeys().size() + " runs; table in " + output.resolve("comparison.md").toAbsolutePath());
        return 0;
    }
}

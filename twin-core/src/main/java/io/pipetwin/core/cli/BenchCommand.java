package io.pipetwin.core.cli;

import io.pipetwin.core.bench.BenchmarkRun;
import io.pipetwin.core.bench.Recording;
import io.pipetwin.core.bench.ReferenceBenchmark;
import io.pipetwin.core.bench.ReferenceParameters;
import io.pipetwin.core.bench.ReferenceWorkload;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: engine benchmarks. */
@Command(name = "bench", description = "Benchmark the simulation engine and the forecaster.", mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.Reference.class, ForecastBenchCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line {@code args} and returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(new BenchCommand()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** {@code bench reference}: the reference workload, timed. */
    @Command(name = "reference", mixinStandardHelpOptions = true,
            description = "Run the reference workload (Poisson pipelines of preprocess, train, evaluate, deploy on "
                    + "N nodes with 4 CPU slots and 4 GPUs) and print pipelines per wall second, events per second, "
                    + "event-loop wall time and peak heap. Events are one arrival per pipeline and one completion "
                    + "per task (5 per pipeline).")
    static final class Reference implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--pipelines", defaultValue = "1000000", description = "Pipelines to generate (default ${DEFAULT-VALUE}).")
        int pipelines;

        @Option(names = "--nodes", defaultValue = "4", description = "Nodes; the arrival rate scales with them (default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--record", defaultValue = "full",
                description = "full keeps every wait, queue seen and sojourn; summary keeps running sums (default ${DEFAULT-VALUE}).")
        String record;

        @Option(names = "--repeat", defaultValue = "3", description = "Runs in this JVM; the first is cold (default ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--trace-out", description = "CSV file receiving one row per task of one extra, untimed run.")
        Path traceOut;

        @Option(names = "--no-statistics", description = "Skip the workload statistics of the last run.")
        boolean noStatistics;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Recording recording = parseRecording(record);
            requirePositive("--pipelines", pipelines);
            requirePositive("--nodes", nodes);
            requirePositive("--repeat", repeat);
            ReferenceParameters parameters = ReferenceParameters.of(pipelines, nodes, seed, recording);
            List<BenchmarkRun> runs = ReferenceBenchmark.run(parameters, repeat);
            for (int i = 0; i < runs.size(); i++) {
                out.println((i == 0 ? "cold run    " : "warm run " + i + "  ") + runs.get(i).format());
            }
            out.println("median      " + ReferenceBenchmark.median(runs).format());
            if (!noStatistics) {
                out.print(runs.get(runs.size() - 1).statistics().format());
            }
            if (traceOut != null) {
                try (Writer writer = new BufferedWriter(Files.newBufferedWriter(traceOut, StandardCharsets.UTF_8))) {
                    new ReferenceWorkload(parameters, writer).run();
                }
                out.println("task trace written to " + traceOut);
            }
            out.flush();
            return 0;
        }

        private void requirePositive(String option, int value) {
            if (value < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        option + " " + value + " is invalid; pass a whole number of at least 1");
            }
        }

        private Recording parseRecording(String text) {
            return switch (text) {
                case "full" -> Recording.FULL;
                case "summary" -> Recording.SUMMARY;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--record " + text + " is invalid; use full or summary");
            };
        }
    }
}

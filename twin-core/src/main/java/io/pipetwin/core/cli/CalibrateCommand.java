package io.pipetwin.core.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import io.pipetwin.core.calibration.CalibratedModel;
import io.pipetwin.core.calibration.Calibration;
import io.pipetwin.core.trace.formats.TraceFormat;

/** {@code calibrate}: fits the workload model to a trace and writes a calibrated workload profile. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Fit arrivals, task classes, run-time distributions, demand mix and cluster to a trace and "
                + "write a workload profile (JSON) with a calibration section.")
public final class CalibrateCommand implements Callable<Integer> {

    @Mixin
    TraceOptions trace;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Profile file to write.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Profile name. Default: the input file name.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TraceFormat format = trace.traceFormat();
        PrintStream err = System.err;
        String command = "pipetwin calibrate " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Calibration.Result result = Calibration.run(format, trace.input(), trace.nodes(), trace.policy(), command,
                name, count -> err.printf(Locale.ROOT, "read %,d tasks%n", count));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, result.json());
        spec.commandLine().getOut().print(summary(result.model()));
        spec.commandLine().getOut().println("wrote " + out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Returns the fit summary printed after calibration. */
    static String summary(CalibratedModel model) {
        StringBuilder text = new StringBuilder();
        CalibratedModel.TraceFacts facts = model.trace();
        CalibratedModel.Arrivals arrivals = model.arrivals();
        text.append(String.format(Locale.ROOT, "trace: %d tasks, %d arrivals over %.1f days, %d with a run time, "
                        + "%d censored%n", facts.tasks(), facts.arrivals(),
                (facts.lastArrivalSeconds() - facts.firstArrivalSeconds()) / 86400, facts.withRunTime(),
                facts.censored()));
        text.append(String.format(Locale.ROOT, "arrivals: burst m=%.3g s=%.3g (KS to operational gaps %.4f); "
                        + "inter-arrival CV trace %.2f, burst model %.2f, empirical-gap model %.2f%n",
                arrivals.meanBurstSize(), arrivals.withinBurstGapShare(), arrivals.burstKsDistance(),
                arrivals.traceInterArrivalCv(), arrivals.burstModelInterArrivalCv(),
                arrivals.empiricalModelInterArrivalCv()));
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            text.append(String.format(Locale.ROOT, "class %-18s share %.4f n=%d chosen %s", taskClass.name(),
                    taskClass.weight(), taskClass.count(), taskClass.duration().chosen()));
            List<CalibratedModel.FitSummary> fits = taskClass.duration().fits();
            for (CalibratedModel.FitSummary fit : fits) {
                text.append(String.format(Locale.ROOT, " | %s KS %.4f AIC %.4g", fit.distribution(),
                        fit.ksDistance(), fit.aic()));
            }
            text.append(System.lineSeparator());
        }
        if (model.queueingDelay() != null) {
            CalibratedModel.DelayQuantiles delay = model.queueingDelay();
            text.append(String.format(Locale.ROOT, "queueing delay (s): p50 %.0f p90 %.0f p99 %.0f over %d tasks%n",
                    delay.p50(), delay.p90(), delay.p99(), delay.samples()));
        }
        long nodes = model.cluster().stream().mapToLong(CalibratedModel.NodeGroup::count).sum();
        long gpus = model.cluster().stream().mapToLong(g -> g.count() * g.gpuCount()).sum();
        text.append(nodes == 0 ? "cluster: not in the trace" + System.lineSeparator()
                : String.format(Locale.ROOT, "cluster: %d nodes, %d GPUs in %d groups%n", nodes, gpus,
                model.cluster().size()));
        return text.toString();
    }
}

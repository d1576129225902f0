package io.pipetwin.core.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Writes a validation's {@code report.md} (self-contained Markdown that links the PNG plots beside it),
 * {@code report.json} (the numbers) and the plots into one directory.
 */
public final class ValidationReportWriter {

    public static final String MARKDOWN = "report.md";
    public static final String JSON = "report.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ValidationReportWriter() {
    }

    /** Writes the plots, the JSON and the Markdown of {@code outcome} into {@code directory}. */
    public static ValidationReport write(Validator.Outcome outcome, Path directory) throws IOException {
        Files.createDirectories(directory);
        ValidationReport report = outcome.report();

        if (outcome.interArrivalSamples().size() > 1) {
            plot(report, "interarrival-cdf.png");
            ValidationCharts.cdf(directory.resolve("interarrival-cdf.png"), "Inter-arrival time",
                    "inter-arrival time (s)", outcome.interArrivalSamples(), 0.5);
        }
        for (Map.Entry<String, Map<String, double[]>> entry : outcome.durationSamples().entrySet()) {
            if (entry.getValue().size() < 2) {
                continue;
            }
            String file = "duration-cdf-" + entry.getKey().replaceAll("[^A-Za-z0-9_.-]", "_") + ".png";
            plot(report, file);
            ValidationCharts.cdf(directory.resolve(file), "Run time, class " + entry.getKey(), "run time (s)",
                    entry.getValue(), 0.5);
        }
        if (!outcome.delaySamples().isEmpty()) {
            plot(report, "queueing-delay-cdf.png");
            ValidationCharts.cdf(directory.resolve("queueing-delay-cdf.png"), "Queueing delay", "queueing delay (s)",
                    outcome.delaySamples(), 0.5);
        }
        if (!outcome.utilisationSeries().isEmpty()) {
            plot(report, "gpu-utilisation.png");
            ValidationCharts.timeSeries(directory.resolve("gpu-utilisation.png"), "GPU utilisation",
                    "allocated share of GPUs", outcome.binSeconds(), outcome.startSeconds(),
                    outcome.utilisationSeries());
        }

        MAPPER.writeValue(directory.resolve(JSON).toFile(), report);
        Files.writeString(directory.resolve(MARKDOWN), markdown(report));
        return report;
    }

    private static void plot(ValidationReport report, String file) {
        report.plots().add(file);
    }

    static String markdown(ValidationReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Validation of ").append(r.profile()).append(" against ").append(r.input()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Format `%s`, mode `%s`. Cluster: %d nodes, %d GPUs (%s).%n%n",
                r.format(), r.mode(), r.cluster().nodes(), r.cluster().gpus(), r.cluster().source()));
        if (r.interArrival() != null) {
            md.append(String.format(Locale.ROOT, "Synthetic runs with seeds %s; arrivals `%s`, run times `%s`. "
                    + "KS is the two-sample Kolmogorov–Smirnov distance between the trace and each run.%n%n",
                    r.seeds(), r.arrivalModel(), r.durationModel()));
            md.append("KS 5% is the distance two samples of the trace's size from one distribution exceed with "
                    + "probability 5%.\n\n");
            md.append("| compared | trace samples | KS mean | KS max | KS 5% |\n|---|---:|---:|---:|---:|\n");
            row(md, r.interArrival());
            for (ValidationReport.DistributionComparison d : r.durations()) {
                row(md, new ValidationReport.DistributionComparison("run time, " + d.name(), d.traceCount(), d.ks(),
                        d.ksMean(), d.ksMax(), d.ksCritical5()));
            }
            md.append('\n');
        }
        if (r.queueingDelay() != null) {
            ValidationReport.DelayComparison d = r.queueingDelay();
            md.append("## Queueing delay (s)\n\n| | samples | p50 | p90 | p99 |\n|---|---:|---:|---:|---:|\n");
            if (d.trace() != null) {
                quantileRow(md, "trace", d.trace());
            } else {
                md.append("| trace | – | not recorded | | |\n");
            }
            quantileRow(md, "model (mean of runs)", d.simulatedMean());
            if (d.relativeError() != null) {
                md.append(String.format(Locale.ROOT, "| error (model − trace) | | %.0f s (%s) | %.0f s (%s) | %.0f s (%s) |%n",
                        d.absoluteErrorSeconds()[0], percent(d.relativeError()[0]), d.absoluteErrorSeconds()[1],
                        percent(d.relativeError()[1]), d.absoluteErrorSeconds()[2], percent(d.relativeError()[2])));
            }
            md.append('\n');
        }
        if (r.traceDriven() != null) {
            ValidationReport.TraceDrivenComparison t = r.traceDriven();
            md.append("## Trace-driven replay: queueing delay per job (s)\n\n");
            md.append(String.format(Locale.ROOT, "%d jobs compared, %d never placed on the simulated cluster. "
                            + "Mean absolute error %.1f s; %.1f%% of jobs within 60 s; KS %.4f.%n%n", t.jobs(),
                    t.unplaced(), t.meanAbsoluteErrorSeconds(), 100 * t.withinSixtySecondsShare(), t.ks()));
            md.append("| | samples | p50 | p90 | p99 |\n|---|---:|---:|---:|---:|\n");
            if (t.trace() != null) {
                quantileRow(md, "recorded", t.trace());
            }
            quantileRow(md, "simulated", t.simulated());
            md.append('\n');
        }
        ValidationReport.UtilisationComparison u = r.utilisation();
        md.append(String.format(Locale.ROOT, "## GPU utilisation%n%nMean over %.0f-hour bins: trace %s, simulated %s.%n%n",
                u.binSeconds() / 3600, Double.isNaN(u.traceMean()) ? "not recorded"
                        : String.format(Locale.ROOT, "%.3f", u.traceMean()),
                u.simulatedMean().stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList()));
        md.append("## Plots\n\n");
        for (String plot : r.plots()) {
            md.append("![").append(plot).append("](").append(plot).append(")\n\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, ValidationReport.DistributionComparison d) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f |%n", d.name(), d.traceCount(),
                d.ksMean(), d.ksMax(), d.ksCritical5()));
    }

    private static void quantileRow(StringBuilder md, String label, ValidationReport.Quantiles q) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f |%n", label, q.samples(), q.p50(), q.p90(),
                q.p99()));
    }

    private static String percent(double relative) {
        return Double.isNaN(relative) ? "trace 0" : String.format(Locale.ROOT, "%+.0f%%", 100 * relative);
    }
}

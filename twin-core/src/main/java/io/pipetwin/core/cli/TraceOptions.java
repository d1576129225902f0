package io.pipetwin.core.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.formats.TraceFormat;

/** The options that name a trace, shared by {@code calibrate} and {@code validate}. */
public final class TraceOptions {

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "Trace format: alibaba-gpu-2023, alibaba-pai-2020, philly-csv, philly-json, helios, "
                    + "alibaba-dlrm-2025 or pipetwin-jsonl.")
    String format;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "Trace file (for alibaba-gpu-2023 also the folder containing the pod list).")
    Path input;

    @Option(names = "--nodes", paramLabel = "PATH",
            description = "Node list of the trace's cluster. Default: the trace's own node list where it has one "
                    + "(alibaba-gpu-2023: openb_node_list_all_node.csv beside the pod list).")
    Path nodes;

    @Option(names = "--skip-invalid-rows",
            description = "Skip and count rows that fail validation instead of stopping at the first one.")
    boolean skipInvalidRows;

    /** Returns the format, or throws naming the valid formats. */
    public TraceFormat traceFormat() {
        return TraceFormat.fromName(format);
    }

    public Path input() {
        return input;
    }

    public Path nodes() {
        return nodes;
    }

    public RowErrorPolicy policy() {
        return skipInvalidRows ? RowErrorPolicy.SKIP : RowErrorPolicy.FAIL;
    }
}

package io.pipetwin.core.calibration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.formats.TraceFormat;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;

/** Entry point of calibration: reads a trace, fits the model and returns it with the profile JSON. */
public final class Calibration {

    private static final Logger LOG = LoggerFactory.getLogger(Calibration.class);

    private Calibration() {
    }

    /**
     * The outcome of one calibration.
     *
     * @param model   the fitted model
     * @param profile the workload profile carrying it
     * @param json    the profile as JSON, the format {@link WorkloadProfileLoader} reads
     */
    public record Result(CalibratedModel model, WorkloadProfile profile, String json) {
    }

    /**
     * Calibrates the model to the trace {@code input} of {@code format}.
     *
     * @param nodes    node list file, or null for the trace's own
     * @param command  the command line to record in the profile
     * @param name     profile name, or null for the input file name
     * @param progress receives the number of tasks read, every 20,000 tasks
     */
    public static Result run(TraceFormat format, Path input, Path nodes, RowErrorPolicy policy, String command,
                             String name, LongConsumer progress) throws IOException {
        LOG.info("Calibrating to {} trace {}", format, input);
        TraceSample sample;
        try (TraceReader<TraceTask> reader = format.openTasks(input, policy)) {
            sample = TraceSample.collect(reader, progress);
            if (reader.rowsSkipped() > 0) {
                LOG.warn("Skipped {} invalid row(s) of {} in {}", reader.rowsSkipped(), reader.rowsRead(), input);
            }
        }
        List<TraceNode> traceNodes = format.readNodes(input, nodes, policy);
        Path file = input;
        String blob = input.toFile().isFile() ? GitBlobId.of(input) : null;
        CalibratedModel.Source source = new CalibratedModel.Source(format.cliName(),
                file.getFileName().toString(), blob, command);
        CalibratedModel model = Calibrator.calibrate(sample, traceNodes, source);
        String profileName = name != null ? name : file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        WorkloadProfile profile = CalibratedProfiles.toProfile(model, profileName, "Calibrated from the "
                + format.cliName() + " trace " + source.file() + " (git blob " + blob + ") by: " + command);
        String json = WorkloadProfileLoader.toJson(profile);
        // Reading the profile back proves that the loader accepts what was written.
        WorkloadProfileLoader.parse(json, profileName);
        return new Result(model, profile, json);
    }
}

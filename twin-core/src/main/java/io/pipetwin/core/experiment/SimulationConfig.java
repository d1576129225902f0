package io.pipetwin.core.experiment;

import java.nio.file.Path;

import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.output.OutputFormat;
import io.pipetwin.core.output.RecordingMode;
import io.pipetwin.core.workload.WorkloadProfile;

/**
 * One configuration of one simulation run.
 *
 * @param platform              nodes and storage link
 * @param workload              workload profile
 * @param queueing              queueing policy name, see {@link PolicyCatalog#QUEUEING_NAMES}
 * @param placement             placement policy name, see {@link PolicyCatalog#PLACEMENT_NAMES}
 * @param retraining            retraining strategy
 * @param seed                  seed of all random streams; the same config and seed give the same outputs
 * @param durationSeconds       simulated time; arrivals stop and the run ends here
 * @param sampleIntervalSeconds spacing of time-series samples
 * @param recording             what to write
 * @param outputDirectory       where to write; null only with {@link RecordingMode#SUMMARY_ONLY}
 * @param format                file format of the task, pipeline and time-series outputs
 */
public record SimulationConfig(PlatformConfig platform, WorkloadProfile workload, String queueing, String placement,
                               RetrainingPolicy retraining, long seed, double durationSeconds,
                               double sampleIntervalSeconds, RecordingMode recording, Path outputDirectory,
                               OutputFormat format) {

    /** Creates a configuration that writes CSV. */
    public SimulationConfig(PlatformConfig platform, WorkloadProfile workload, String queueing, String placement,
                            RetrainingPolicy retraining, long seed, double durationSeconds, double sampleIntervalSeconds,
                            RecordingMode recording, Path outputDirectory) {
        this(platform, workload, queueing, placement, retraining, seed, durationSeconds, sampleIntervalSeconds,
                recording, outputDirectory, OutputFormat.CSV);
    }

    public SimulationConfig {
        if (format == null) {
            throw new IllegalArgumentException("output format is null; pass OutputFormat.CSV, PARQUET or BOTH");
        }
        if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("duration is " + durationSeconds + " s; give a finite duration > 0");
        }
        if (!(sampleIntervalSeconds > 0)) {
            throw new IllegalArgumentException("sample interval is " + sampleIntervalSeconds
                    + " s; give an interval > 0");
        }
        PolicyCatalog.validate(queueing, placement);
    }

    /** Returns a copy with another seed and output directory. */
    public SimulationConfig withSeed(long newSeed, Path newOutputDirectory) {
        return new SimulationConfig(platform, workload, queueing, placement, retraining, newSeed, durationSeconds,
                sampleIntervalSeconds, recording, newOutputDirectory, format);
    }
}

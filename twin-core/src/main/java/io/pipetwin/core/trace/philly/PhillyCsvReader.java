package io.pipetwin.core.trace.philly;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.OptionalLong;

import io.pipetwin.core.trace.CsvRow;
import io.pipetwin.core.trace.CsvTraceReader;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;
import io.pipetwin.core.trace.support.GangShape;
import io.pipetwin.core.trace.support.TraceClock;

/**
 * Streaming reader of the per-job Philly CSV {@code timestamp,duration,num_gpus,gpu_time,cluster}, in file
 * order. The published file is not sorted by time: wrap the reader in
 * {@link io.pipetwin.core.trace.support.ExternalSortedReader} for replay order.
 *
 * <p>Each row becomes one {@link TraceTask} whose id is {@code philly-<line>}, submitted at
 * {@code timestamp}, with no start or end time (the file has none), the {@code duration} as its
 * {@link TraceTask#recordedRunSeconds()}, the virtual cluster as its user, and {@code num_gpus} spread over
 * 8-GPU nodes ({@link GangShape}). The file gives no CPU or memory demand, so both are 0.
 */
public final class PhillyCsvReader extends CsvTraceReader<TraceTask> {

    public static final String TIMESTAMP = "timestamp";
    public static final String DURATION = "duration";
    public static final String NUM_GPUS = "num_gpus";
    public static final String GPU_TIME = "gpu_time";
    public static final String CLUSTER = "cluster";

    /** Monday 2017-08-07 00:00, the first day of the Philly trace period; submit times count from here. */
    public static final LocalDateTime DEFAULT_ORIGIN = LocalDateTime.of(2017, 8, 7, 0, 0);

    /** GPUs per Philly server; jobs with more GPUs span several servers. */
    public static final int GPUS_PER_NODE = 8;

    /** Largest {@code num_gpus} accepted; the published file peaks at 128. */
    public static final int MAX_GPUS_PER_JOB = 1024;

    private final TraceClock clock;

    public PhillyCsvReader(Path file, RowErrorPolicy policy) {
        this(file, policy, DEFAULT_ORIGIN);
    }

    public PhillyCsvReader(Path file, RowErrorPolicy policy, LocalDateTime origin) {
        super(file, List.of(TIMESTAMP, DURATION, NUM_GPUS, CLUSTER), policy);
        this.clock = new TraceClock(origin);
    }

    @Override
    protected TraceTask parse(CsvRow row) {
        String timestamp = row.requiredText(TIMESTAMP);
        long submit = clock.secondsFromOrigin(row, TIMESTAMP, timestamp);
        if (submit < 0) {
            throw row.error(TIMESTAMP, timestamp, timestamp + " is before the trace origin " + clock.origin()
                    + "; pass an earlier origin");
        }
        long duration = Math.round(row.requiredNonNegativeDouble(DURATION));
        int gpus = row.requiredIntInRange(NUM_GPUS, 0, MAX_GPUS_PER_JOB);
        String cluster = row.text(CLUSTER);

        GangShape shape = GangShape.of(gpus, GPUS_PER_NODE);
        TraceResourceRequest request = new TraceResourceRequest(0, 0, shape.gpusPerNode(),
                gpus == 0 ? 0 : 1000, null);
        String id = "philly-" + row.line();
        return new TraceTask(id, id, submit, OptionalLong.empty(), OptionalLong.empty(), request,
                TraceTaskStatus.SUCCEEDED, null, null, cluster.isEmpty() ? null : cluster, null, 0,
                shape.nodeCount(), OptionalLong.of(duration));
    }
}

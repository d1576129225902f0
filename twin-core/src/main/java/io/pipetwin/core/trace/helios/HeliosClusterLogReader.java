package io.pipetwin.core.trace.helios;

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
 * Streaming reader of a Helios {@code cluster_log.csv} (SenseTime, SC'21): one {@link TraceTask} per Slurm
 * job with columns job_id, user, vc, gpu_num, cpu_num, node_num, state, submit_time, start_time, end_time,
 * duration, queue.
 *
 * <p>Times are either {@code YYYY-MM-DD HH:MM:SS} timestamps, converted to seconds from the clock's
 * origin (default {@link #DEFAULT_ORIGIN}), or numbers of seconds, used as they are. The request is
 * {@code gpu_num} GPUs and {@code cpu_num} vCPUs spread evenly over {@code node_num} nodes; the log has no
 * memory column. The {@code vc} (virtual cluster) is the priority class, {@code user} the user. Slurm
 * states map COMPLETED to SUCCEEDED; FAILED, TIMEOUT, NODE_FAIL and OUT_OF_MEMORY to FAILED; CANCELLED and
 * PREEMPTED to KILLED (PENDING when the job never started); RUNNING and PENDING to themselves.
 */
public final class HeliosClusterLogReader extends CsvTraceReader<TraceTask> {

    public static final List<String> COLUMNS = List.of("job_id", "user", "vc", "gpu_num", "cpu_num", "node_num",
            "state", "submit_time", "start_time", "end_time");

    /** Monday 2020-03-30 00:00, the Monday before the Helios trace period (April to September 2020). */
    public static final LocalDateTime DEFAULT_ORIGIN = LocalDateTime.of(2020, 3, 30, 0, 0);

    /** Largest {@code gpu_num} and {@code node_num} accepted. */
    public static final int MAX_GPUS = 4096;
    public static final int MAX_NODES = 1024;

    private final TraceClock clock;

    public HeliosClusterLogReader(Path file, RowErrorPolicy policy) {
        this(file, policy, DEFAULT_ORIGIN);
    }

    public HeliosClusterLogReader(Path file, RowErrorPolicy policy, LocalDateTime origin) {
        super(file, COLUMNS, policy);
        this.clock = new TraceClock(origin);
    }

    @Override
    protected TraceTask parse(CsvRow row) {
        String jobId = row.requiredText("job_id");
        int gpus = row.requiredIntInRange("gpu_num", 0, MAX_GPUS);
        long cpus = row.requiredNonNegativeLong("cpu_num");
        int nodes = Math.max(1, row.requiredIntInRange("node_num", 0, MAX_NODES));
        String state = row.requiredText("state");

        long submit = time(row, "submit_time").orElseThrow(
                () -> row.error("submit_time", "", "submit_time is missing; every job has one"));
        OptionalLong start = time(row, "start_time");
        OptionalLong end = time(row, "end_time");
        if (start.isPresent() && start.getAsLong() < submit) {
            throw row.error("start_time", row.text("start_time"), "start_time is before submit_time "
                    + row.text("submit_time"));
        }
        if (end.isPresent() && start.isPresent() && end.getAsLong() < start.getAsLong()) {
            throw row.error("end_time", row.text("end_time"), "end_time is before start_time "
                    + row.text("start_time"));
        }

        GangShape shape = gpus == 0 ? new GangShape(nodes, 0) : GangShape.of(gpus, (gpus + nodes - 1) / nodes);
        long cpuMilliPerNode = cpus * 1000 / shape.nodeCount();
        TraceResourceRequest request = new TraceResourceRequest(cpuMilliPerNode, 0, shape.gpusPerNode(),
                shape.gpusPerNode() == 0 ? 0 : 1000, null);
        TraceTaskStatus status = status(row, state, start.isPresent());
        OptionalLong effectiveEnd = status == TraceTaskStatus.RUNNING ? OptionalLong.empty() : end;
        String user = row.text("user");
        String vc = row.text("vc");
        return new TraceTask(jobId, jobId, submit, start, effectiveEnd, request, status, state,
                vc.isEmpty() ? null : vc, user.isEmpty() ? null : user, null, start.isPresent() ? 1 : 0,
                shape.nodeCount(), OptionalLong.empty());
    }

    private OptionalLong time(CsvRow row, String column) {
        String text = row.text(column);
        if (text.isEmpty() || text.equalsIgnoreCase("nan") || text.equalsIgnoreCase("none")) {
            return OptionalLong.empty();
        }
        if (Character.isDigit(text.charAt(0)) && text.indexOf('-') < 0) {
            return OptionalLong.of(Math.round(row.requiredNonNegativeDouble(column)));
        }
        return OptionalLong.of(clock.secondsFromOrigin(row, column, text));
    }

    private static TraceTaskStatus status(CsvRow row, String state, boolean started) {
        switch (state) {
            case "COMPLETED":
                return TraceTaskStatus.SUCCEEDED;
            case "FAILED":
            case "TIMEOUT":
            case "NODE_FAIL":
            case "OUT_OF_MEMORY":
                return started ? TraceTaskStatus.FAILED : TraceTaskStatus.PENDING;
            case "CANCELLED":
            case "PREEMPTED":
                return started ? TraceTaskStatus.KILLED : TraceTaskStatus.PENDING;
            case "RUNNING":
                return TraceTaskStatus.RUNNING;
            case "PENDING":
                return TraceTaskStatus.PENDING;
            default:
                throw row.error("state", state, "unknown state '" + state + "'; expected a Slurm job state such as"
                        + " COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, RUNNING or PENDING");
        }
    }
}

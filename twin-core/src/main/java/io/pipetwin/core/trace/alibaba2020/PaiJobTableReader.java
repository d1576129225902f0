package io.pipetwin.core.trace.alibaba2020;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import io.pipetwin.core.trace.CsvRow;
import io.pipetwin.core.trace.CsvTraceReader;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

/**
 * Streaming reader of the headerless {@code pai_job_table.csv}, one {@link TraceTask} per job with its
 * user. The job table has no resource request (see {@link PaiTaskTableReader}); {@code start_time} is the
 * submission and {@code end_time - start_time} the recorded run time, including any waiting.
 */
public final class PaiJobTableReader extends CsvTraceReader<TraceTask> {

    public static final List<String> COLUMNS = List.of("job_name", "inst_id", "user", "status", "start_time",
            "end_time");

    public PaiJobTableReader(Path file, RowErrorPolicy policy) {
        super(file, COLUMNS, policy, true);
    }

    @Override
    protected TraceTask parse(CsvRow row) {
        String job = row.requiredText("job_name");
        String user = row.text("user");
        TraceTaskStatus status = PaiStatus.of(row);
        long start = PaiStatus.optionalSeconds(row, "start_time");
        long end = PaiStatus.optionalSeconds(row, "end_time");
        if (start < 0) {
            throw row.error("start_time", "", "start_time is missing; every job has one");
        }
        if (end >= 0 && end < start) {
            throw row.error("end_time", row.text("end_time"), end + " is before start_time " + start);
        }
        return new TraceTask(job, job, start, OptionalLong.empty(), OptionalLong.empty(),
                new TraceResourceRequest(0, 0, 0, 0, null), status, row.text("status"), null,
                user.isEmpty() ? null : user, null, 0, 1, end >= 0 ? OptionalLong.of(end - start) : OptionalLong.empty());
    }
}

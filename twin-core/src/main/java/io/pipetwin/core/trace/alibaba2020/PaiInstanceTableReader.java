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
 * Streaming reader of the headerless {@code pai_instance_table.csv}, one {@link TraceTask} per instance
 * with its real start and end time. The table carries no resource request (that is in the task table), so
 * the request is empty. {@link TraceTask#jobType()} holds {@code task_name} and {@link TraceTask#user()}
 * is the machine the instance ran on, because the neutral model has no node field.
 * The instance was created at {@code start_time}, so its submit time equals its start time.
 */
public final class PaiInstanceTableReader extends CsvTraceReader<TraceTask> {

    public static final List<String> COLUMNS = List.of("job_name", "task_name", "inst_name", "worker_name", "inst_id",
            "status", "start_time", "end_time", "machine");

    public PaiInstanceTableReader(Path file, RowErrorPolicy policy) {
        super(file, COLUMNS, policy, true);
    }

    @Override
    protected TraceTask parse(CsvRow row) {
        String job = row.requiredText("job_name");
        String taskName = row.requiredText("task_name");
        String worker = row.requiredText("worker_name");
        TraceTaskStatus status = PaiStatus.of(row);
        long start = PaiStatus.optionalSeconds(row, "start_time");
        long end = PaiStatus.optionalSeconds(row, "end_time");
        if (end >= 0 && start >= 0 && end < start) {
            throw row.error("end_time", row.text("end_time"), end + " is before start_time " + start);
        }
        if (start < 0 && status != TraceTaskStatus.PENDING) {
            throw row.error("start_time", "", "start_time is missing but status is " + row.text("status"));
        }
        String machine = row.text("machine");
        return new TraceTask(job + "/" + taskName + "/" + worker, job, Math.max(start, 0),
                start >= 0 ? OptionalLong.of(start) : OptionalLong.empty(),
                end >= 0 ? OptionalLong.of(end) : OptionalLong.empty(),
                new TraceResourceRequest(0, 0, 0, 0, null), status, row.text("status"), null,
                machine.isEmpty() ? null : machine, taskName, start >= 0 ? 1 : 0, 1, OptionalLong.empty());
    }
}

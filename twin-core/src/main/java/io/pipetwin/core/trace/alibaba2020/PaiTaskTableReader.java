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
import io.pipetwin.core.trace.support.GangShape;

/**
 * Streaming reader of the headerless {@code pai_task_table.csv}, one {@link TraceTask} per task (a role of
 * a job, for example {@code worker} or {@code ps}, with {@code inst_num} identical instances).
 *
 * <p>Mapping: task id {@code job_name/task_name}, job id {@code job_name}, job type {@code task_name};
 * submit time {@code start_time}; the span {@code end_time - start_time} is the recorded run time, and
 * start and end stay empty because the table does not separate waiting from running (the instance table
 * does, see {@link PaiInstanceTableReader}). Each instance is one node of a gang ({@code nodeCount =
 * inst_num}) requesting {@code plan_cpu} (percent of a core), {@code plan_mem} (GB) and {@code plan_gpu}
 * (percent of a GPU, so 50 is half a GPU and 200 is two GPUs).
 */
public final class PaiTaskTableReader extends CsvTraceReader<TraceTask> {

    public static final List<String> COLUMNS = List.of("job_name", "task_name", "inst_num", "status", "start_time",
            "end_time", "plan_cpu", "plan_mem", "plan_gpu", "gpu_type");

    /** Largest {@code inst_num} accepted. */
    public static final int MAX_INSTANCES = 100_000;

    public PaiTaskTableReader(Path file, RowErrorPolicy policy) {
        super(file, COLUMNS, policy, true);
    }

    @Override
    protected TraceTask parse(CsvRow row) {
        String job = row.requiredText("job_name");
        String taskName = row.requiredText("task_name");
        int instances = row.requiredIntInRange("inst_num", 1, MAX_INSTANCES);
        TraceTaskStatus status = PaiStatus.of(row);
        long start = PaiStatus.optionalSeconds(row, "start_time");
        long end = PaiStatus.optionalSeconds(row, "end_time");
        if (start < 0) {
            throw row.error("start_time", row.text("start_time"), "start_time is missing; every task has one");
        }
        if (end >= 0 && end < start) {
            throw row.error("end_time", row.text("end_time"), end + " is before start_time " + start);
        }

        TraceResourceRequest request = request(row);
        OptionalLong run = end >= 0 ? OptionalLong.of(end - start) : OptionalLong.empty();
        return new TraceTask(job + "/" + taskName, job, start, OptionalLong.empty(), OptionalLong.empty(), request,
                status, row.text("status"), null, null, taskName, 0, instances, run);
    }

    private static TraceResourceRequest request(CsvRow row) {
        long cpuMilli = Math.round(row.optionalNonNegativeDouble("plan_cpu").orElse(0) * 10);
        long memoryMib = Math.round(row.optionalNonNegativeDouble("plan_mem").orElse(0) * 1024);
        double gpuPercent = row.optionalNonNegativeDouble("plan_gpu").orElse(0);
        String gpuType = row.text("gpu_type");
        String model = gpuType.isEmpty() || gpuType.equals("MISC") ? null : gpuType;
        if (gpuPercent == 0) {
            return new TraceResourceRequest(cpuMilli, memoryMib, 0, 0, model);
        }
        if (gpuPercent < 100) {
            return new TraceResourceRequest(cpuMilli, memoryMib, 1, (int) Math.round(gpuPercent * 10), model);
        }
        int gpus = (int) Math.ceil(gpuPercent / 100.0);
        return new TraceResourceRequest(cpuMilli, memoryMib, GangShape.of(gpus, gpus).gpusPerNode(), 1000, model);
    }
}

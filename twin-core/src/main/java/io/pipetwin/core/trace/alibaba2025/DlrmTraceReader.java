package io.pipetwin.core.trace.alibaba2025;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import io.pipetwin.core.trace.CsvRow;
import io.pipetwin.core.trace.CsvTraceReader;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

/**
 * Streaming reader of {@code disaggregated_DLRM_trace.csv} (Alibaba GPU-disaggregated DLRM serving, 2025),
 * one {@link TraceTask} per serving instance, in file order.
 *
 * <p>Mapping: user {@code app_name} (the service), job type {@code role} ({@code CN} CPU node or {@code HN}
 * GPU node), request {@code cpu_request} vCPUs, {@code memory_request} GiB and {@code gpu_request} whole
 * GPUs. Missing times are empty or {@code NaN}: a missing {@code creation_time} and {@code scheduled_time}
 * mean the instance existed before the trace window, so it is read as submitted and started at 0 with raw
 * status {@link TraceTask#PRESENT_AT_START}; a missing {@code deletion_time} means the instance outlived
 * the window, so it has no end and status {@link TraceTaskStatus#RUNNING}. A deleted instance has status
 * {@link TraceTaskStatus#KILLED}, because serving instances end by being removed. An instance with a
 * creation time but no scheduled time is read as never placed ({@link TraceTaskStatus#PENDING}).
 *
 * <p>The file is not sorted by creation time; {@link #readSorted} returns the rows in submit order.
 */
public final class DlrmTraceReader extends CsvTraceReader<TraceTask> {

    public static final String INSTANCE_SN = "instance_sn";
    public static final String ROLE = "role";
    public static final String APP_NAME = "app_name";
    public static final String CPU_REQUEST = "cpu_request";
    public static final String GPU_REQUEST = "gpu_request";
    public static final String MEMORY_REQUEST = "memory_request";
    public static final String CREATION_TIME = "creation_time";
    public static final String SCHEDULED_TIME = "scheduled_time";
    public static final String DELETION_TIME = "deletion_time";

    /** Raw status of an instance created inside the trace window. */
    public static final String CREATED_IN_WINDOW = "created";

    /** Largest {@code gpu_request} accepted; the published file has 0 or 1. */
    public static final int MAX_GPUS = 8;

    public DlrmTraceReader(Path file, RowErrorPolicy policy) {
        super(file, List.of(INSTANCE_SN, ROLE, APP_NAME, CPU_REQUEST, GPU_REQUEST, MEMORY_REQUEST, CREATION_TIME,
                SCHEDULED_TIME, DELETION_TIME), policy);
    }

    /**
     * Reads the whole file and returns its instances sorted by submit time (file order among equal
     * times). The published file has 23,871 rows, a few MB of heap.
     */
    public static List<TraceTask> readSorted(Path file, RowErrorPolicy policy) {
        List<TraceTask> tasks = new ArrayList<>();
        try (DlrmTraceReader reader = new DlrmTraceReader(file, policy)) {
            reader.forEachRemaining(tasks::add);
        }
        tasks.sort(Comparator.comparingLong(TraceTask::submitTimeSeconds));
        return tasks;
    }

    @Override
    protected TraceTask parse(CsvRow row) {
        String id = row.requiredText(INSTANCE_SN);
        String role = row.requiredText(ROLE);
        String app = row.text(APP_NAME);
        long cpuMilli = Math.round(row.requiredNonNegativeDouble(CPU_REQUEST) * 1000);
        long memoryMib = Math.round(row.optionalNonNegativeDouble(MEMORY_REQUEST).orElse(0) * 1024);
        double gpuRequest = row.requiredNonNegativeDouble(GPU_REQUEST);
        if (gpuRequest > MAX_GPUS || gpuRequest != Math.rint(gpuRequest)) {
            throw row.error(GPU_REQUEST, row.text(GPU_REQUEST), "gpu_request " + row.text(GPU_REQUEST)
                    + " is not a whole number of GPUs in 0.." + MAX_GPUS);
        }
        int gpus = (int) gpuRequest;
        TraceResourceRequest request = new TraceResourceRequest(cpuMilli, memoryMib, gpus, gpus == 0 ? 0 : 1000, null);

        OptionalDouble creation = row.optionalNonNegativeDouble(CREATION_TIME);
        OptionalDouble scheduled = row.optionalNonNegativeDouble(SCHEDULED_TIME);
        OptionalDouble deletion = row.optionalNonNegativeDouble(DELETION_TIME);
        boolean presentAtStart = creation.isEmpty();
        if (presentAtStart && scheduled.isPresent()) {
            throw row.error(SCHEDULED_TIME, row.text(SCHEDULED_TIME), "scheduled_time is set but creation_time is"
                    + " missing; an instance created before the trace cannot be scheduled inside it");
        }
        long submit = presentAtStart ? 0 : Math.round(creation.getAsDouble());
        OptionalLong start = presentAtStart ? OptionalLong.of(0) : rounded(scheduled);
        OptionalLong end = rounded(deletion);
        if (start.isPresent() && start.getAsLong() < submit) {
            throw row.error(SCHEDULED_TIME, row.text(SCHEDULED_TIME), start.getAsLong()
                    + " is before creation_time " + submit);
        }
        long notBefore = start.isPresent() ? start.getAsLong() : submit;
        if (end.isPresent() && end.getAsLong() < notBefore) {
            throw row.error(DELETION_TIME, row.text(DELETION_TIME), end.getAsLong() + " is before "
                    + (start.isPresent() ? "scheduled_time " : "creation_time ") + notBefore);
        }

        TraceTaskStatus status;
        if (start.isEmpty()) {
            status = TraceTaskStatus.PENDING;
        } else {
            status = end.isPresent() ? TraceTaskStatus.KILLED : TraceTaskStatus.RUNNING;
        }
        return new TraceTask(id, app.isEmpty() ? id : app, submit, start, end, request, status,
                presentAtStart ? TraceTask.PRESENT_AT_START : CREATED_IN_WINDOW, null, app.isEmpty() ? null : app,
                role, start.isPresent() ? 1 : 0, 1, OptionalLong.empty());
    }

    private static OptionalLong rounded(OptionalDouble value) {
        return value.isPresent() ? OptionalLong.of(Math.round(value.getAsDouble())) : OptionalLong.empty();
    }
}

package io.pipetwin.core.trace.alibaba2023;

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
 * Streaming reader of {@code openb_pod_list_*.csv}, one {@link TraceTask} per pod (the pod name is both
 * task id and job id). Rows must be sorted by {@code creation_time}.
 *
 * <p>Phase mapping: {@code Pending} becomes {@link TraceTaskStatus#PENDING} with no start time;
 * {@code Succeeded} and {@code Failed} map to themselves; {@code Running} with a deletion at the trace's
 * last instant becomes {@link TraceTaskStatus#RUNNING} with no end time, and {@code Running} with an
 * earlier deletion becomes {@link TraceTaskStatus#KILLED}, because a Kubernetes pod that stops on its
 * own leaves phase Running for Succeeded or Failed, so a pod last seen Running was ended by its deletion.
 */
public final class PodListReader extends CsvTraceReader<TraceTask> {

    public static final String NAME = "name";
    public static final String CPU_MILLI = "cpu_milli";
    public static final String MEMORY_MIB = "memory_mib";
    public static final String NUM_GPU = "num_gpu";
    public static final String GPU_MILLI = "gpu_milli";
    public static final String GPU_SPEC = "gpu_spec";
    public static final String QOS = "qos";
    public static final String POD_PHASE = "pod_phase";
    public static final String CREATION_TIME = "creation_time";
    public static final String DELETION_TIME = "deletion_time";
    public static final String SCHEDULED_TIME = "scheduled_time";

    public static final String PHASE_PENDING = "Pending";
    public static final String PHASE_RUNNING = "Running";
    public static final String PHASE_SUCCEEDED = "Succeeded";
    public static final String PHASE_FAILED = "Failed";

    /** Largest {@code num_gpu} the format documents. */
    public static final int MAX_GPUS_PER_POD = 8;

    static final List<String> COLUMNS = List.of(NAME, CPU_MILLI, MEMORY_MIB, NUM_GPU, GPU_MILLI, GPU_SPEC, QOS,
            POD_PHASE, CREATION_TIME, DELETION_TIME, SCHEDULED_TIME);

    private final long traceEndSeconds;
    private long previousCreationSeconds = Long.MIN_VALUE;
    private long previousCreationLine;

    /**
     * @param file            the pod list
     * @param policy          what to do with invalid rows
     * @param traceEndSeconds the trace's last instant; a Running pod deleted at this instant was still
     *                        running ({@link AlibabaGpu2023Trace#summary()} computes it)
     */
    public PodListReader(Path file, RowErrorPolicy policy, long traceEndSeconds) {
        super(file, COLUMNS, policy);
        this.traceEndSeconds = traceEndSeconds;
    }

    @Override
    protected TraceTask parse(CsvRow row) {
        String name = row.requiredText(NAME);
        TraceResourceRequest request = parseRequest(row);
        String phase = row.requiredText(POD_PHASE);
        long creation = row.requiredNonNegativeLong(CREATION_TIME);
        OptionalLong scheduled = row.optionalNonNegativeLong(SCHEDULED_TIME);
        OptionalLong deletion = row.optionalNonNegativeLong(DELETION_TIME);
        String qos = row.text(QOS);

        validateTimes(row, phase, creation, scheduled, deletion);
        checkSorted(row, creation);

        TraceTaskStatus status = status(row, phase, deletion);
        OptionalLong end = status == TraceTaskStatus.RUNNING ? OptionalLong.empty() : deletion;
        return new TraceTask(name, name, creation, scheduled, end, request, status, phase,
                qos.isEmpty() ? null : qos);
    }

    private static TraceResourceRequest parseRequest(CsvRow row) {
        long cpuMilli = row.requiredNonNegativeLong(CPU_MILLI);
        long memoryMib = row.requiredNonNegativeLong(MEMORY_MIB);
        int numGpu = row.requiredIntInRange(NUM_GPU, 0, MAX_GPUS_PER_POD);
        int gpuMilli = row.requiredIntInRange(GPU_MILLI, 0, 1000);
        String gpuSpec = row.text(GPU_SPEC);

        if (numGpu == 0 && gpuMilli != 0) {
            throw row.error(GPU_MILLI, Integer.toString(gpuMilli), gpuMilli + " is set but num_gpu is 0");
        }
        if (numGpu == 1 && gpuMilli == 0) {
            throw row.error(GPU_MILLI, "0", "0 with num_gpu 1; a GPU pod needs a share of 1..1000");
        }
        if (numGpu > 1 && gpuMilli != 1000) {
            throw row.error(GPU_MILLI, Integer.toString(gpuMilli), gpuMilli + " with num_gpu " + numGpu
                    + "; GPU sharing (below 1000) is only defined for num_gpu 1");
        }
        return new TraceResourceRequest(cpuMilli, memoryMib, numGpu, gpuMilli, gpuSpec.isEmpty() ? null : gpuSpec);
    }

    private static void validateTimes(CsvRow row, String phase, long creation, OptionalLong scheduled,
                                      OptionalLong deletion) {
        if (scheduled.isPresent() && scheduled.getAsLong() < creation) {
            throw row.error(SCHEDULED_TIME, Long.toString(scheduled.getAsLong()),
                    scheduled.getAsLong() + " is before creation_time " + creation);
        }
        if (deletion.isPresent() && deletion.getAsLong() < creation) {
            throw row.error(DELETION_TIME, Long.toString(deletion.getAsLong()),
                    deletion.getAsLong() + " is before creation_time " + creation);
        }
        if (deletion.isPresent() && scheduled.isPresent() && deletion.getAsLong() < scheduled.getAsLong()) {
            throw row.error(DELETION_TIME, Long.toString(deletion.getAsLong()),
                    deletion.getAsLong() + " is before scheduled_time " + scheduled.getAsLong());
        }
        boolean pending = PHASE_PENDING.equals(phase);
        if (pending && scheduled.isPresent()) {
            throw row.error(SCHEDULED_TIME, Long.toString(scheduled.getAsLong()),
                    "pod_phase is Pending but scheduled_time is " + scheduled.getAsLong()
                            + "; a Pending pod was never scheduled");
        }
        if (!pending && scheduled.isEmpty()) {
            throw row.error(SCHEDULED_TIME, "", "scheduled_time is empty but pod_phase is " + phase
                    + "; only Pending pods may lack it");
        }
    }

    private void checkSorted(CsvRow row, long creation) {
        if (creation < previousCreationSeconds) {
            throw row.error(CREATION_TIME, Long.toString(creation), creation
                    + " is before creation_time " + previousCreationSeconds + " on line " + previousCreationLine
                    + "; the pod list must be sorted by creation_time");
        }
        previousCreationSeconds = creation;
        previousCreationLine = row.line();
    }

    private TraceTaskStatus status(CsvRow row, String phase, OptionalLong deletion) {
        switch (phase) {
            case PHASE_PENDING:
                return TraceTaskStatus.PENDING;
            case PHASE_SUCCEEDED:
                return TraceTaskStatus.SUCCEEDED;
            case PHASE_FAILED:
                return TraceTaskStatus.FAILED;
            case PHASE_RUNNING:
                boolean stillRunning = deletion.isEmpty() || deletion.getAsLong() >= traceEndSeconds;
                return stillRunning ? TraceTaskStatus.RUNNING : TraceTaskStatus.KILLED;
            default:
                throw row.error(POD_PHASE, phase, "unknown pod_phase '" + phase
                        + "'; expected Pending, Running, Succeeded or Failed");
        }
    }
}

package io.pipetwin.core.trace;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One task of a trace with its times and resource request. Formats without a job level (one row per
 * pod) use the task id as the job id.
 *
 * @param taskId             task id, unique within the trace
 * @param jobId              id of the job the task belongs to
 * @param submitTimeSeconds  when the task was submitted, in seconds from the start of the trace
 * @param startTimeSeconds   when the task was placed and started; empty when it never started
 * @param endTimeSeconds     when the task ended or was withdrawn; empty when it was still present at the
 *                           end of the trace
 * @param request            resources the task requests while it runs
 * @param status             final state, mapped from the format's own status
 * @param rawStatus          the status exactly as the trace wrote it, for example {@code Running}
 * @param priorityClass      the format's priority or QoS class, or {@code null} when it has none
 */
public record TraceTask(
        String taskId,
        String jobId,
        long submitTimeSeconds,
        OptionalLong startTimeSeconds,
        OptionalLong endTimeSeconds,
        TraceResourceRequest request,
        TraceTaskStatus status,
        String rawStatus,
        String priorityClass) {

    public TraceTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(startTimeSeconds, "startTimeSeconds");
        Objects.requireNonNull(endTimeSeconds, "endTimeSeconds");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
    }

    /** Returns whether the task was placed within the trace. */
    public boolean started() {
        return startTimeSeconds.isPresent();
    }
}

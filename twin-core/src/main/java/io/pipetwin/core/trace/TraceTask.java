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
 * @param user               user or tenant that submitted the task, or {@code null} when the format has none
 * @param jobType            the format's job or task type (for example a PAI task name or a serving role),
 *                           or {@code null}
 * @param attempts           times the task was started; 1 when the format records a single run, 0 when
 *                           it never started
 * @param nodeCount          nodes the task runs on at once, each with the full {@code request}; 1 for a
 *                           single-node task
 * @param recordedRunSeconds run time the trace records without start or end time (Philly CSV gives only a
 *                           duration), or empty for formats with start and end times
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
        String priorityClass,
        String user,
        String jobType,
        int attempts,
        int nodeCount,
        OptionalLong recordedRunSeconds) {

    /**
     * {@link #rawStatus()} of a task that already existed when the trace started (its creation fell before
     * the trace window). Such a task is part of the initial state, not an arrival.
     */
    public static final String PRESENT_AT_START = "present-at-start";

    public TraceTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(startTimeSeconds, "startTimeSeconds");
        Objects.requireNonNull(endTimeSeconds, "endTimeSeconds");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(recordedRunSeconds, "recordedRunSeconds");
        if (nodeCount < 1) {
            throw new IllegalArgumentException("task " + taskId + ": nodeCount " + nodeCount + " is below 1");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("task " + taskId + ": attempts " + attempts + " is negative");
        }
    }

    /** Creates a single-node task without user, job type or attempt count (one attempt when it started). */
    public TraceTask(String taskId, String jobId, long submitTimeSeconds, OptionalLong startTimeSeconds,
                     OptionalLong endTimeSeconds, TraceResourceRequest request, TraceTaskStatus status,
                     String rawStatus, String priorityClass) {
        this(taskId, jobId, submitTimeSeconds, startTimeSeconds, endTimeSeconds, request, status, rawStatus,
                priorityClass, null, null, startTimeSeconds.isPresent() ? 1 : 0, 1, OptionalLong.empty());
    }

    /** Returns the running time: end minus start when both are known, else the recorded run time. */
    public OptionalLong runSeconds() {
        if (startTimeSeconds.isEmpty() || endTimeSeconds.isEmpty()) {
            return recordedRunSeconds;
        }
        return OptionalLong.of(endTimeSeconds.getAsLong() - startTimeSeconds.getAsLong());
    }

    /** Returns whether the task existed before the trace started, so its submission is not an arrival. */
    public boolean presentAtStart() {
        return PRESENT_AT_START.equals(rawStatus);
    }

    /** Returns the queueing delay, start minus submit, when the task started. */
    public OptionalLong queueingDelaySeconds() {
        return startTimeSeconds.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(startTimeSeconds.getAsLong() - submitTimeSeconds);
    }

    /** Returns a copy with the given start and end times and status, for example from an emulation. */
    public TraceTask withRun(OptionalLong start, OptionalLong end, TraceTaskStatus newStatus) {
        return new TraceTask(taskId, jobId, submitTimeSeconds, start, end, request, newStatus, rawStatus,
                priorityClass, user, jobType, start.isPresent() ? Math.max(1, attempts) : 0, nodeCount,
                recordedRunSeconds);
    }

    /** Returns whether the task was placed within the trace. */
    public boolean started() {
        return startTimeSeconds.isPresent();
    }
}

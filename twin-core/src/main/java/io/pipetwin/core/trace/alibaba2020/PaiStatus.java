package io.pipetwin.core.trace.alibaba2020;

import io.pipetwin.core.trace.CsvRow;
import io.pipetwin.core.trace.TraceTaskStatus;

/** Maps the {@code status} values of the PAI 2020 tables to {@link TraceTaskStatus}. */
final class PaiStatus {

    static final String STATUS = "status";

    private PaiStatus() {
    }

    /**
     * Maps {@code Terminated} (ended normally) to SUCCEEDED, {@code Failed} to FAILED, {@code Running} to
     * RUNNING, {@code Waiting} and {@code Ready} to PENDING, and {@code Interrupted} to KILLED.
     */
    static TraceTaskStatus of(CsvRow row) {
        String status = row.requiredText(STATUS);
        switch (status) {
            case "Terminated":
                return TraceTaskStatus.SUCCEEDED;
            case "Failed":
                return TraceTaskStatus.FAILED;
            case "Running":
                return TraceTaskStatus.RUNNING;
            case "Waiting":
            case "Ready":
                return TraceTaskStatus.PENDING;
            case "Interrupted":
                return TraceTaskStatus.KILLED;
            default:
                throw row.error(STATUS, status, "unknown status '" + status
                        + "'; expected Terminated, Failed, Running, Waiting, Ready or Interrupted");
        }
    }

    /** Returns an optional time column in whole seconds (the tables write floats), or -1 when empty. */
    static long optionalSeconds(CsvRow row, String column) {
        java.util.OptionalDouble value = row.optionalNonNegativeDouble(column);
        return value.isPresent() ? Math.round(value.getAsDouble()) : -1;
    }
}

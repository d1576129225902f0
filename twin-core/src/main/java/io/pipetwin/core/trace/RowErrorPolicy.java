package io.pipetwin.core.trace;

/** Handling of a trace row that fails validation. */
public enum RowErrorPolicy {
    /** Throw {@link TraceFormatException} for the first invalid row. */
    FAIL,
    /** Skip invalid rows, count them, and log the first few. */
    SKIP
}

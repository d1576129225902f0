/**
 * Format-neutral model of cluster traces and the streaming readers that produce it.
 *
 * <p>A trace consists of a static node list ({@link io.pipetwin.core.trace.TraceNode}) and a stream of
 * tasks ({@link io.pipetwin.core.trace.TraceTask}) sorted by submit time. Each public trace format has
 * its own sub-package (for example {@code alibaba2023}) whose readers implement
 * {@link io.pipetwin.core.trace.TraceReader}. Times are seconds from the start of the trace; resources
 * are milli-cores, MiB, whole GPUs and milli-GPUs.
 *
 * <p>Invalid rows raise {@link io.pipetwin.core.trace.TraceFormatException} with file, line, column and
 * value, or are skipped and counted, as the {@link io.pipetwin.core.trace.RowErrorPolicy} selects.
 */
package io.pipetwin.core.trace;

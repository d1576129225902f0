package io.pipetwin.core.bench;

import java.util.Locale;

/**
 * Figures of one timed reference run.
 *
 * @param pipelines      pipelines simulated
 * @param events         events dispatched: one arrival per pipeline and one completion per task
 * @param eventLoopNanos wall time from just before the event loop to its return
 * @param eventLoopCpuNanos CPU time of the simulating thread over the same interval; lower than the wall
 *                       time when other processes share the cores
 * @param peakHeapBytes  peak used heap over all memory pools after the run, as the JVM reports it
 * @param statistics     the run's workload statistics
 */
public record BenchmarkRun(int pipelines, long events, long eventLoopNanos, long eventLoopCpuNanos, long peakHeapBytes,
                           ReferenceStatistics statistics) {

    public double pipelinesPerSecond() {
        return pipelines / (eventLoopNanos / 1e9);
    }

    public double eventsPerSecond() {
        return events / (eventLoopNanos / 1e9);
    }

    /** Returns one line with the timing figures. */
    public String format() {
        return String.format(Locale.ROOT, "pipelines %d, event loop %.3f s wall (%.3f s CPU), %.0f pipelines/s, "
                        + "%d events (1 arrival per pipeline + 1 completion per task), %.0f events/s, "
                        + "peak heap %.1f MiB", pipelines, eventLoopNanos / 1e9, eventLoopCpuNanos / 1e9,
                pipelinesPerSecond(), events, eventsPerSecond(), peakHeapBytes / (1024.0 * 1024.0));
    }
}

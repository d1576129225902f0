package io.pipetwin.core.output;

/** How much a run writes. */
public enum RecordingMode {
    /** Task and pipeline traces, the time series, plots and the summary. */
    FULL,
    /** Only the summary: running sums and quantile sketches, so memory stays flat in the run length. */
    SUMMARY_ONLY
}

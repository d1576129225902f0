package io.pipetwin.core.bench;

/** How much of a reference run is kept in memory. */
public enum Recording {
    /** Every task's wait and queue seen, every pipeline's sojourn: needed for quantiles. */
    FULL,
    /** Running sums only: means and rates, no quantiles. */
    SUMMARY
}

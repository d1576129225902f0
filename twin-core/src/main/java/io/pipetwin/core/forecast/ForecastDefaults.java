package io.pipetwin.core.forecast;

/** Defaults of the forecaster, in one place. */
public final class ForecastDefaults {

    /**
     * Most recent observed durations kept per task class (the last entries of each array). Bounds the cost
     * of a forecast whatever the length of the history; 5000 draws pin the median of a class to about
     * 1.5 % (assumption: recent behaviour is what matters for a horizon of hours).
     */
    public static final int MAX_OBSERVATIONS_PER_CLASS = 5000;

    /** Random stream of a replication for the remaining and fresh durations of the snapshot's tasks. */
    static final String INITIAL_STREAM = "initial";
    /** Random stream of a replication for arrival times and the requests resampled for them. */
    static final String ARRIVAL_STREAM = "arrivals";
    /** Random stream of a replication for the durations of arriving tasks. */
    static final String ARRIVAL_DURATION_STREAM = "arrival-durations";
    /** Random stream of a replication for the durations of pipeline tasks submitted when their predecessors finish. */
    static final String PIPELINE_STREAM = "pipeline-tasks";

    private ForecastDefaults() {
    }
}

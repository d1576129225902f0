package io.pipetwin.streams.forecast;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Source of a forecast's workload inputs: future arrivals, durations and the request mix. */
public enum WorkloadSource {

    /**
     * The platform's online workload model ({@link OnlineCalibration}): hour-of-week arrival rates with
     * exponential forgetting and the profile prior, a uniform sample of up to 5,000 durations per task class
     * over the whole history, and the requests of the last 500 arrivals.
     */
    ONLINE_MODEL("online"),

    /**
     * The mirror's short windows: a constant arrival rate over the last hour (from the last 256 arrivals),
     * the last 256 durations per task class and the requests of the last 256 arrivals.
     */
    MIRROR_WINDOWS("windows");

    private final String label;

    WorkloadSource(String label) {
        this.label = label;
    }

    /** Returns the name used in settings and on the command line: {@code online} or {@code windows}. */
    public String label() {
        return label;
    }

    /** Parses {@code online} or {@code windows}, ignoring case and surrounding blanks. */
    public static WorkloadSource parse(String text) {
        String normalized = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (WorkloadSource source : values()) {
            if (source.label.equals(normalized)) {
                return source;
            }
        }
        throw new IllegalArgumentException("forecast workload source '" + text + "' is invalid; use one of "
                + Arrays.stream(values()).map(WorkloadSource::label).collect(Collectors.joining(", ")));
    }
}

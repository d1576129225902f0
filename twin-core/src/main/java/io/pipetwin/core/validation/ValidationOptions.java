package io.pipetwin.core.validation;

/**
 * Settings of one validation.
 *
 * @param mode          synthetic model runs or a trace-driven replay
 * @param seedCount     simulated runs in synthetic mode, seeds 1 to seedCount
 * @param arrivalModel  how synthetic arrivals are drawn
 * @param durationModel how synthetic run times are drawn
 * @param gpus          GPU count of a homogeneous 8-GPU-node cluster, or 0 to use the trace's or profile's
 *                      nodes (and, without those, a cluster sized for 70% mean utilisation)
 */
public record ValidationOptions(Mode mode, int seedCount, SyntheticWorkload.ArrivalModel arrivalModel,
                                SyntheticWorkload.DurationModel durationModel, int gpus) {

    /** Simulated runs when none are given. */
    public static final int DEFAULT_SEEDS = 3;

    public ValidationOptions {
        if (seedCount < 1) {
            throw new IllegalArgumentException("--seeds " + seedCount + " is below 1; give at least one run");
        }
    }

    /** Synthetic mode with the empirical models and the trace's cluster. */
    public static ValidationOptions defaults() {
        return new ValidationOptions(Mode.SYNTHETIC, DEFAULT_SEEDS, SyntheticWorkload.ArrivalModel.EMPIRICAL,
                SyntheticWorkload.DurationModel.EMPIRICAL, 0);
    }

    /** The workload that is simulated. */
    public enum Mode {
        /** The calibrated model generates the workload; distributions are compared with the trace. */
        SYNTHETIC("synthetic"),
        /** The trace's own arrivals, demands and run times are replayed; delays are compared per job. */
        TRACE_DRIVEN("trace-driven");

        private final String cliName;

        Mode(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        /** Returns the mode named {@code name}, or throws naming the valid names. */
        public static Mode fromName(String name) {
            for (Mode mode : values()) {
                if (mode.cliName.equalsIgnoreCase(name)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("unknown mode '" + name + "'; valid modes: synthetic, trace-driven");
        }
    }
}

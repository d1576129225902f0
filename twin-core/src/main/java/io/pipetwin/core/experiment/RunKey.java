package io.pipetwin.core.experiment;

/**
 * Identity of one run in a sweep.
 *
 * @param policies   queueing and placement pair
 * @param platform   platform name
 * @param retraining retraining strategy specification
 * @param seed       seed of the run
 */
public record RunKey(ExperimentSpec.PolicyPair policies, String platform, String retraining, long seed) {

    /** Returns the configuration without the seed, the unit over which seeds are aggregated. */
    public String configurationLabel() {
        return policies.label() + " | " + platform + " | " + retraining;
    }

    /** Returns a directory name for this run's outputs. */
    public String directoryName() {
        String config = policies.queueing() + "_" + policies.placement() + "_" + platform + "_" + retraining;
        return config.replaceAll("[^A-Za-z0-9_.-]", "-") + "/seed-" + seed;
    }
}

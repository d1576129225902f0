package io.pipetwin.core.metrics;

import java.util.Map;

/**
 * Default parameters of the model-quality model. No value here was fitted to data: each is an
 * assumption chosen to give plausible magnitudes, marked as such, until calibration from platform
 * logs with model-metric observations replaces it.
 */
public final class ModelMetricDefaults {

    /**
     * Mean accuracy right after training, per framework. Assumption: typical classification scores
     * between 0.80 and 0.90; the framework makes only a small difference.
     */
    public static final Map<String, Double> BASELINE_ACCURACY_BY_FRAMEWORK = Map.of(
            "tensorflow", 0.86,
            "pytorch", 0.87,
            "sklearn", 0.81,
            "xgboost", 0.83);

    /** Mean accuracy after training for a framework missing from the map above. Assumption. */
    public static final double BASELINE_ACCURACY_OTHER = 0.84;

    /** Standard deviation of the accuracy of one training run around the baseline. Assumption. */
    public static final double TRAINED_ACCURACY_SD = 0.02;

    /**
     * Mean robustness (share of adversarial inputs still classified correctly) after plain training.
     * Assumption: models without adversarial training are fragile.
     */
    public static final double BASELINE_ROBUSTNESS = 0.45;

    /** Standard deviation of robustness after training. Assumption. */
    public static final double TRAINED_ROBUSTNESS_SD = 0.05;

    /** Mean fairness score (1 = parity between groups) after plain training. Assumption. */
    public static final double BASELINE_FAIRNESS = 0.75;

    /** Standard deviation of fairness after training. Assumption. */
    public static final double TRAINED_FAIRNESS_SD = 0.04;

    /** Share of the gap {@code 1 - robustness} that hardening closes. Assumption. */
    public static final double HARDENING_ROBUSTNESS_GAIN = 0.5;

    /**
     * Accuracy lost by hardening. Assumption: adversarial training lowers clean accuracy; one point is a
     * mild case.
     */
    public static final double HARDENING_ACCURACY_COST = 0.01;

    /** Share of the gap {@code 1 - fairness} that bias mitigation closes. Assumption. */
    public static final double BIAS_MITIGATION_FAIRNESS_GAIN = 0.6;

    /** Accuracy lost by bias mitigation. Assumption. */
    public static final double BIAS_MITIGATION_ACCURACY_COST = 0.005;

    /** Accuracy lost by compression. Assumption: post-training quantisation usually costs under a point. */
    public static final double COMPRESSION_ACCURACY_COST = 0.005;

    /**
     * Model size after compression as a share of the size before. Derived: 32-bit floats quantised to
     * 8-bit integers take a quarter of the bytes.
     */
    public static final double COMPRESSION_SIZE_RATIO = 0.25;

    /** Size of a freshly trained model in MiB. Assumption: a mid-sized network. */
    public static final double TRAINED_MODEL_SIZE_MIB = 400.0;

    /** Days for the accuracy's gap to its floor to halve after deployment. Assumption. */
    public static final double ACCURACY_DRIFT_HALF_LIFE_DAYS = 30.0;

    /** Accuracy a deployed model approaches when never retrained. Assumption. */
    public static final double ACCURACY_DRIFT_FLOOR = 0.60;

    /** Days for the robustness gap to its floor to halve. Assumption: new attack inputs appear slowly. */
    public static final double ROBUSTNESS_DRIFT_HALF_LIFE_DAYS = 60.0;

    /** Robustness floor. Assumption. */
    public static final double ROBUSTNESS_DRIFT_FLOOR = 0.30;

    /** Days for the fairness gap to its floor to halve. Assumption: the population shifts slowly. */
    public static final double FAIRNESS_DRIFT_HALF_LIFE_DAYS = 90.0;

    /** Fairness floor. Assumption. */
    public static final double FAIRNESS_DRIFT_FLOOR = 0.50;

    /**
     * Standard deviation of one metric observation around its mean. Assumption: the sampling error of
     * an accuracy estimate on a few thousand labelled requests is about one point.
     */
    public static final double OBSERVATION_NOISE_SD = 0.01;

    /** Seconds between two monitoring checks of a deployed model (6 hours). Assumption. */
    public static final double MONITORING_INTERVAL_SECONDS = 6 * 3600.0;

    /** Retraining period of the periodic strategy (7 days). Assumption: a weekly retraining job. */
    public static final double RETRAINING_PERIOD_SECONDS = 7 * 86_400.0;

    /** Metric the threshold and drift-detection strategies watch. */
    public static final String WATCHED_METRIC = ModelMetrics.ACCURACY;

    /** Accuracy below which the threshold strategy retrains. Assumption. */
    public static final double RETRAINING_THRESHOLD = 0.80;

    /**
     * Least time between two metric-triggered retrainings of one model by the threshold and drift-detection
     * strategies (1 day), counted from the check that triggered the earlier one. Assumption: at most one
     * triggered retraining a day per model, so a version that is already below the threshold when deployed
     * is not retrained at every check.
     */
    public static final double RETRAINING_COOLDOWN_SECONDS = 86_400.0;

    /**
     * Page-Hinkley tolerance: drops of the watched metric smaller than this per observation are not
     * counted. Assumption: half the observation noise.
     */
    public static final double PAGE_HINKLEY_DELTA = 0.005;

    /** Page-Hinkley alarm level on the cumulative drop. Assumption: five points of accuracy. */
    public static final double PAGE_HINKLEY_LAMBDA = 0.05;

    private ModelMetricDefaults() {
    }

    /** Returns the default drift of a metric, or {@link DriftProcess#NONE} for a metric without one. */
    public static DriftProcess defaultDrift(String metric) {
        return switch (metric) {
            case ModelMetrics.ACCURACY -> ExponentialDrift.withHalfLifeDays(
                    ACCURACY_DRIFT_HALF_LIFE_DAYS, ACCURACY_DRIFT_FLOOR, OBSERVATION_NOISE_SD);
            case ModelMetrics.ROBUSTNESS -> ExponentialDrift.withHalfLifeDays(
                    ROBUSTNESS_DRIFT_HALF_LIFE_DAYS, ROBUSTNESS_DRIFT_FLOOR, OBSERVATION_NOISE_SD);
            case ModelMetrics.FAIRNESS -> ExponentialDrift.withHalfLifeDays(
                    FAIRNESS_DRIFT_HALF_LIFE_DAYS, FAIRNESS_DRIFT_FLOOR, OBSERVATION_NOISE_SD);
            default -> DriftProcess.NONE;
        };
    }

    /** Returns the mean accuracy after training with a framework. */
    public static double baselineAccuracy(String framework) {
        return BASELINE_ACCURACY_BY_FRAMEWORK.getOrDefault(framework, BASELINE_ACCURACY_OTHER);
    }
}

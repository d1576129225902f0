package io.pipetwin.core.pipeline;

import java.util.EnumMap;
import java.util.Map;

/**
 * Default parameters of the duration models, in one place.
 *
 * <p>Medians and spreads of preprocess, train, evaluate and deploy are those of the project's reference
 * workload (1200 s, 1800 s, 600 s and 120 s with lognormal sigma 0.8, 1.0, 0.6 and 0.4), which is
 * calibrated to the task durations reported for IBM's AI operations platform in the PipeSim study
 * (Rausch, Hummer, Muthusamy, arXiv 2006.12587). Every other value here is an assumption, marked so.
 */
public final class DurationDefaults {

    /** Median compute time in seconds per task type at the reference data set size, on its usual resource. */
    public static final Map<TaskType, Double> MEDIAN_SECONDS = new EnumMap<>(Map.of(
            TaskType.PREPROCESS, 1200.0,
            TaskType.TRAIN, 1800.0,
            TaskType.EVALUATE, 600.0,
            TaskType.DEPLOY, 120.0,
            // Assumptions: hardening and bias checks re-run inference over the evaluation set, compression
            // is one pass over the weights, custom tasks sit between.
            TaskType.HARDEN, 900.0,
            TaskType.BIAS_CHECK, 300.0,
            TaskType.COMPRESS, 400.0,
            TaskType.CUSTOM, 600.0));

    /** Sigma of the lognormal noise per task type; the last four are assumptions. */
    public static final Map<TaskType, Double> SIGMA = new EnumMap<>(Map.of(
            TaskType.PREPROCESS, 0.8,
            TaskType.TRAIN, 1.0,
            TaskType.EVALUATE, 0.6,
            TaskType.DEPLOY, 0.4,
            TaskType.HARDEN, 0.7,
            TaskType.BIAS_CHECK, 0.5,
            TaskType.COMPRESS, 0.5,
            TaskType.CUSTOM, 0.8));

    /** Data set size at which the medians above hold; assumption: 10 GiB. */
    public static final double REFERENCE_DATASET_BYTES = 10.0 * (1L << 30);

    /**
     * Exponent of the data set size in the median: median scales with (size / reference)^exponent.
     * Assumption: slightly sub-linear, as for I/O-bound preprocessing with fixed start-up costs.
     */
    public static final double DATASET_SIZE_EXPONENT = 0.8;

    /** Factor on the median of a task that needs a GPU but runs on CPUs; assumption. */
    public static final double CPU_SLOWDOWN_OF_GPU_TASK = 8.0;

    /** Median factor per framework, lower-case names; frameworks not listed use 1. Assumptions. */
    public static final Map<String, Double> FRAMEWORK_FACTOR = Map.of(
            "tensorflow", 1.0,
            "pytorch", 1.0,
            "sklearn", 0.4,
            "xgboost", 0.6,
            "spark", 1.2);

    /**
     * Residual-life fallback: when no observed duration of a class exceeds the elapsed time, the remaining
     * time is elapsed × exp(sigma · Z). This makes the median remaining time equal to the elapsed time,
     * the behaviour of a heavy (Pareto-like) tail. Assumption.
     */
    public static final double RESIDUAL_FALLBACK_SIGMA = 0.5;

    /** Median duration in seconds used for a class with no observation at all; assumption: 10 minutes. */
    public static final double UNOBSERVED_MEDIAN_SECONDS = 600.0;

    /** Lognormal sigma used for a class with no observation at all; assumption. */
    public static final double UNOBSERVED_SIGMA = 1.0;

    private DurationDefaults() {
    }
}

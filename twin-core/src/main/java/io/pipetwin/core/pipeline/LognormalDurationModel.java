package io.pipetwin.core.pipeline;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.platform.ResourceKind;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parametric duration model: {@code median · exp(sigma · Z)} with Z standard normal, where the median is
 * the type's base median scaled by the framework factor, by (data set size / reference size) to a power,
 * and by a slowdown when a GPU-type task (train, harden, compress) runs on CPUs.
 */
public final class LognormalDurationModel implements DurationModel {

    private final Map<TaskType, Double> medianSeconds;
    private final Map<TaskType, Double> sigma;
    private final double referenceDatasetBytes;
    private final double datasetSizeExponent;

    /** Creates the model with {@link DurationDefaults}. */
    public LognormalDurationModel() {
        this(DurationDefaults.MEDIAN_SECONDS, DurationDefaults.SIGMA, DurationDefaults.REFERENCE_DATASET_BYTES,
                DurationDefaults.DATASET_SIZE_EXPONENT);
    }

    public LognormalDurationModel(Map<TaskType, Double> medianSeconds, Map<TaskType, Double> sigma,
                                  double referenceDatasetBytes, double datasetSizeExponent) {
        this.medianSeconds = new EnumMap<>(medianSeconds);
        this.sigma = new EnumMap<>(sigma);
        for (TaskType type : TaskType.values()) {
            if (!this.medianSeconds.containsKey(type) || !this.sigma.containsKey(type)) {
                throw new IllegalArgumentException("task type " + type + " has no median or sigma; give both for "
                        + "every task type");
            }
        }
        this.referenceDatasetBytes = referenceDatasetBytes;
        this.datasetSizeExponent = datasetSizeExponent;
    }

    /** Returns the median compute time in seconds. */
    public double medianSeconds(TaskType type, String framework, double datasetSizeBytes, ResourceKind resource) {
        double median = medianSeconds.get(type);
        if (framework != null) {
            median *= DurationDefaults.FRAMEWORK_FACTOR.getOrDefault(framework.toLowerCase(Locale.ROOT), 1.0);
        }
        if (datasetSizeBytes > 0) {
            median *= Math.pow(datasetSizeBytes / referenceDatasetBytes, datasetSizeExponent);
        }
        if (resource != ResourceKind.GPU && prefersGpu(type)) {
            median *= DurationDefaults.CPU_SLOWDOWN_OF_GPU_TASK;
        }
        return median;
    }

    private static boolean prefersGpu(TaskType type) {
        return type == TaskType.TRAIN || type == TaskType.HARDEN || type == TaskType.COMPRESS;
    }

    @Override
    public double sampleSeconds(TaskType type, String framework, double datasetSizeBytes, ResourceKind resource,
                                RandomStream random) {
        return medianSeconds(type, framework, datasetSizeBytes, resource) * Math.exp(sigma.get(type) * random.nextGaussian());
    }

    @Override
    public double expectedSeconds(TaskType type, String framework, double datasetSizeBytes, ResourceKind resource) {
        double s = sigma.get(type);
        return medianSeconds(type, framework, datasetSizeBytes, resource) * Math.exp(0.5 * s * s);
    }
}

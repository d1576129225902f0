package io.pipetwin.core.pipeline;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.platform.ResourceKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Duration model that resamples observed durations per task class. For a task that has already run for
 * some time it draws the remaining time from the observations longer than the elapsed time (the
 * empirical residual life). Fallback rules, whose constants are in {@link DurationDefaults}:
 * <ul>
 *   <li>a class with observations, none longer than the elapsed time: remaining = elapsed · exp(sigma · Z);</li>
 *   <li>a class with no observations: a fresh duration is lognormal with the unobserved median and sigma,
 *       and the remaining time of a running task is that draw, conditioned on nothing.</li>
 * </ul>
 * As a {@link DurationModel} it keys classes by {@link TaskType#label()}.
 */
public final class EmpiricalDurationModel implements DurationModel {

    private static final double[] NONE = new double[0];

    private final Map<String, double[]> sortedByClass = new HashMap<>();

    /**
     * Creates the model from durations in seconds per class; each array is copied and sorted. Only the
     * last {@code maxObservationsPerClass} entries of each array are kept, so that the cost of building
     * the model does not grow with the history.
     */
    public EmpiricalDurationModel(Map<String, double[]> durationsSecondsByClass, int maxObservationsPerClass) {
        durationsSecondsByClass.forEach((taskClass, durations) -> {
            int from = Math.max(0, durations.length - maxObservationsPerClass);
            double[] kept = Arrays.copyOfRange(durations, from, durations.length);
            Arrays.sort(kept);
            sortedByClass.put(taskClass, kept);
        });
    }

    /** Returns the number of observations kept for {@code taskClass}. */
    public int observations(String taskClass) {
        return sortedByClass.getOrDefault(taskClass, NONE).length;
    }

    /** Draws a duration in seconds for a task of {@code taskClass}. */
    public double sampleSeconds(String taskClass, RandomStream random) {
        double[] observed = sortedByClass.getOrDefault(taskClass, NONE);
        if (observed.length == 0) {
            return unobserved(random);
        }
        return observed[random.nextInt(observed.length)];
    }

    /** Draws the remaining duration in seconds of a task of {@code taskClass} that has run {@code elapsedSeconds}. */
    public double sampleRemainingSeconds(String taskClass, double elapsedSeconds, RandomStream random) {
        double[] observed = sortedByClass.getOrDefault(taskClass, NONE);
        if (observed.length == 0) {
            return unobserved(random);
        }
        int firstLonger = firstGreaterThan(observed, elapsedSeconds);
        if (firstLonger == observed.length) {
            double elapsed = Math.max(elapsedSeconds, 1.0);
            return elapsed * Math.exp(DurationDefaults.RESIDUAL_FALLBACK_SIGMA * random.nextGaussian());
        }
        int pick = firstLonger + random.nextInt(observed.length - firstLonger);
        return observed[pick] - elapsedSeconds;
    }

    /** Returns the mean observed duration of {@code taskClass}, or the mean of the unobserved fallback. */
    public double meanSeconds(String taskClass) {
        double[] observed = sortedByClass.getOrDefault(taskClass, NONE);
        if (observed.length == 0) {
            double s = DurationDefaults.UNOBSERVED_SIGMA;
            return DurationDefaults.UNOBSERVED_MEDIAN_SECONDS * Math.exp(0.5 * s * s);
        }
        double sum = 0;
        for (double value : observed) {
            sum += value;
        }
        return sum / observed.length;
    }

    private static double unobserved(RandomStream random) {
        return DurationDefaults.UNOBSERVED_MEDIAN_SECONDS
                * Math.exp(DurationDefaults.UNOBSERVED_SIGMA * random.nextGaussian());
    }

    private static int firstGreaterThan(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public double sampleSeconds(TaskType type, String framework, double datasetSizeBytes, ResourceKind resource,
                                RandomStream random) {
        return sampleSeconds(type.label(), random);
    }

    @Override
    public double expectedSeconds(TaskType type, String framework, double datasetSizeBytes, ResourceKind resource) {
        return meanSeconds(type.label());
    }
}

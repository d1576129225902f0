package io.pipetwin.core.forecast;

import java.util.Arrays;

/**
 * Values of one quantity per replication and horizon step, reduced to a {@link SeriesForecast}: the mean
 * and the quantiles of {@link Distributions#quantileOfSorted} over replications. A NaN value (no
 * observation in that replication and step) is left out of both; a step with no value in any replication
 * reports 0.
 */
final class SeriesAggregator {

    private final double[][] values;

    SeriesAggregator(int replications, int steps) {
        values = new double[steps][replications];
    }

    void set(int replication, int step, double value) {
        values[step][replication] = value;
    }

    SeriesForecast aggregate(double now, double[] quantileLevels) {
        int steps = values.length;
        double[] mean = new double[steps];
        double[][] quantiles = new double[quantileLevels.length][steps];
        for (int step = 0; step < steps; step++) {
            double[] present = Arrays.stream(values[step]).filter(v -> !Double.isNaN(v)).toArray();
            if (present.length == 0) {
                continue;
            }
            Arrays.sort(present);
            double sum = 0;
            for (double value : present) {
                sum += value;
            }
            mean[step] = sum / present.length;
            for (int level = 0; level < quantileLevels.length; level++) {
                quantiles[level][step] = Distributions.quantileOfSorted(present, present.length, quantileLevels[level]);
            }
        }
        return new SeriesForecast(now, mean, quantiles);
    }
}

package io.pipetwin.core.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Draws one of several items with probability proportional to its weight (cumulative table, binary search). */
public final class WeightedChoice<T> {

    private final List<T> items;
    private final double[] cumulativeWeights;

    /**
     * Creates the choice; negative weights count as 0.
     *
     * @throws IllegalArgumentException when no weight is above 0
     */
    public WeightedChoice(List<T> items, List<Double> weights) {
        this.items = List.copyOf(items);
        this.cumulativeWeights = new double[items.size()];
        double sum = 0;
        for (int i = 0; i < items.size(); i++) {
            sum += Math.max(0.0, weights.get(i));
            cumulativeWeights[i] = sum;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("weights " + weights + " sum to " + sum + "; give one weight > 0");
        }
    }

    /** Builds a choice over map keys in the map's iteration order. */
    static WeightedChoice<String> ofMap(Map<String, Double> weightsByName) {
        return new WeightedChoice<>(new ArrayList<>(weightsByName.keySet()), new ArrayList<>(weightsByName.values()));
    }

    /** Returns the items in the order they were given. */
    public List<T> items() {
        return items;
    }

    /** Draws one item with one {@code nextDouble()} of {@code random}. */
    public T draw(RandomGenerator random) {
        double point = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        int low = 0;
        int high = cumulativeWeights.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulativeWeights[middle] > point) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return items.get(low);
    }
}

package io.pipetwin.core.output;

import java.util.Arrays;

/**
 * A bounded buffer of (time, value) points for plotting: when it is full it drops every second point and
 * from then on keeps only every second new point, so a run of any length fits in {@code capacity} points.
 */
final class DecimatingSeries {

    private final double[] times;
    private final double[] values;
    private int size;
    private int stride = 1;
    private long offered;

    DecimatingSeries(int capacity) {
        this.times = new double[capacity];
        this.values = new double[capacity];
    }

    void add(double timeSeconds, double value) {
        if (offered++ % stride != 0) {
            return;
        }
        if (size == times.length) {
            int kept = 0;
            for (int i = 0; i < size; i += 2) {
                times[kept] = times[i];
                values[kept] = values[i];
                kept++;
            }
            size = kept;
            stride *= 2;
            if ((offered - 1) % stride != 0) {
                return;
            }
        }
        times[size] = timeSeconds;
        values[size] = value;
        size++;
    }

    double[] times() {
        return Arrays.copyOf(times, size);
    }

    double[] values() {
        return Arrays.copyOf(values, size);
    }
}

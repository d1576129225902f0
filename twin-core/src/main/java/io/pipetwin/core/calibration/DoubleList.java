package io.pipetwin.core.calibration;

import java.util.Arrays;

/** A growable list of primitive doubles. */
final class DoubleList {

    private double[] values = new double[64];
    private int size;

    void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    double[] toArray() {
        return Arrays.copyOf(values, size);
    }

    double[] sorted() {
        double[] copy = toArray();
        Arrays.sort(copy);
        return copy;
    }
}

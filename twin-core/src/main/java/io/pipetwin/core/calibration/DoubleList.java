package io.pipetwin.core.calibration;

import java.util.Arrays;

/** A growable list of primitive doubles, for samples too large to box. */
public final class DoubleList {

    private double[] values = new double[64];
    private int size;

    public void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int size() {
        return size;
    }

    public double[] toArray() {
        return Arrays.copyOf(values, size);
    }

    public double[] sorted() {
        double[] copy = toArray();
        Arrays.sort(copy);
        return copy;
    }
}

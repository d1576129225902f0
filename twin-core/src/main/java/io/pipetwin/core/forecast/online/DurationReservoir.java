package io.pipetwin.core.forecast.online;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Durations of one task class: a uniform reservoir sample of bounded size (Vitter's algorithm R) and the
 * running sums of the log durations for the lognormal maximum-likelihood fit. O(1) per observation.
 */
final class DurationReservoir {

    private final int capacity;
    private double[] kept;
    private int size;
    private long count;
    private double sumLog;
    private double sumLogSquared;

    DurationReservoir(int capacity) {
        this.capacity = capacity;
        kept = new double[Math.min(capacity, 16)];
    }

    /** Adds a positive duration; {@code random} supplies the replacement draw once the reservoir is full. */
    void add(double durationSeconds, SplitMix random) {
        count++;
        double log = Math.log(durationSeconds);
        sumLog += log;
        sumLogSquared += log * log;
        if (size < capacity) {
            if (size == kept.length) {
                kept = Arrays.copyOf(kept, Math.min(capacity, kept.length * 2));
            }
            kept[size++] = durationSeconds;
            return;
        }
        long slot = random.nextLong(count);
        if (slot < capacity) {
            kept[(int) slot] = durationSeconds;
        }
    }

    double[] sample() {
        return Arrays.copyOf(kept, size);
    }

    DurationFit fit() {
        if (count == 0) {
            return new DurationFit(0, Double.NaN, Double.NaN, 0);
        }
        double mu = sumLog / count;
        double variance = Math.max(0.0, sumLogSquared / count - mu * mu);
        return new DurationFit(count, mu, Math.sqrt(variance), size);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(capacity);
        out.writeLong(count);
        out.writeDouble(sumLog);
        out.writeDouble(sumLogSquared);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(kept[i]);
        }
    }

    static DurationReservoir read(DataInputStream in) throws IOException {
        DurationReservoir reservoir = new DurationReservoir(in.readInt());
        reservoir.count = in.readLong();
        reservoir.sumLog = in.readDouble();
        reservoir.sumLogSquared = in.readDouble();
        reservoir.size = in.readInt();
        reservoir.kept = new double[Math.max(reservoir.size, Math.min(reservoir.capacity, 16))];
        for (int i = 0; i < reservoir.size; i++) {
            reservoir.kept[i] = in.readDouble();
        }
        return reservoir;
    }
}

package io.pipetwin.core.forecast.online;

import io.pipetwin.core.forecast.HourOfWeekArrivalModel;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SnapshotRequest;
import io.pipetwin.core.forecast.SnapshotTask;
import io.pipetwin.core.workload.WorkloadProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Workload model of one platform, updated from observed events at O(1) cost each, from which a forecast's
 * workload inputs are built: the hour-of-week arrival rates ({@link HourOfWeekRateEstimator}), a bounded
 * sample and a lognormal fit of the durations per task class ({@link DurationReservoir}), and the requests of
 * the most recent arrivals. Not thread-safe: one instance per platform, updated by one thread.
 *
 * <p>{@link #toBytes()} gives a compact binary form (version byte, then the state) for a state store;
 * {@link #fromBytes} restores a model that continues exactly as the stored one would have.
 */
public final class OnlineWorkloadModel {

    private static final int FORMAT_VERSION = 1;

    private final OnlineModelSettings settings;
    private final HourOfWeekRateEstimator rates;
    private final Map<String, DurationReservoir> durations = new TreeMap<>();
    private final SplitMix random;
    private final RecentArrival[] recent;
    private int recentNext;
    private int recentSize;
    private long arrivalsObserved;

    /** Creates an empty model whose hour-of-week rates shrink toward {@code priorRatesPerHour}, or toward the overall rate when null. */
    public OnlineWorkloadModel(OnlineModelSettings settings, double[] priorRatesPerHour) {
        this(settings, new HourOfWeekRateEstimator(settings.rateHalfLifeHours(), settings.priorWeightHours(),
                priorRatesPerHour));
    }

    /**
     * Creates an empty model with the profile's hour-of-week pipeline rates as the prior. The profile counts
     * pipelines; feed the model one arrival per pipeline for the prior to be in the same unit.
     */
    public static OnlineWorkloadModel withProfilePrior(OnlineModelSettings settings, WorkloadProfile profile) {
        return new OnlineWorkloadModel(settings, profile.arrivals().hourOfWeekRatesPerHour());
    }

    private OnlineWorkloadModel(OnlineModelSettings settings, HourOfWeekRateEstimator rates) {
        this.settings = settings;
        this.rates = rates;
        this.random = new SplitMix(settings.seed());
        this.recent = new RecentArrival[settings.recentArrivals()];
    }

    /** Records an arrival at event time {@code epochSeconds} with its class and request. */
    public void observeArrival(double epochSeconds, String taskClass, SnapshotRequest request, int nodeCount) {
        requireFinite(epochSeconds, "arrival time");
        rates.arrival(epochSeconds);
        arrivalsObserved++;
        recent[recentNext] = new RecentArrival(epochSeconds, taskClass, request, Math.max(1, nodeCount));
        recentNext = (recentNext + 1) % recent.length;
        recentSize = Math.min(recentSize + 1, recent.length);
    }

    /**
     * Counts an arrival at {@code epochSeconds} in the arrival rates only, for an arrival whose class and
     * request are no longer known; the recent arrival mix is unchanged.
     */
    public void countArrival(double epochSeconds) {
        requireFinite(epochSeconds, "arrival time");
        rates.arrival(epochSeconds);
        arrivalsObserved++;
    }

    /**
     * Records a finished task's duration. Durations must be positive, since the fit is of their logarithm;
     * the caller decides how to report a zero duration (for example as one millisecond).
     */
    public void observeDuration(String taskClass, double durationSeconds) {
        if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("duration " + durationSeconds + " s of class " + taskClass
                    + " is invalid; pass a finite duration > 0 seconds");
        }
        durations.computeIfAbsent(taskClass, key -> new DurationReservoir(settings.reservoirSize()))
                .add(durationSeconds, random);
    }

    /** Moves the model's clock to {@code epochSeconds}: the time since the last event counts as exposure without arrivals. */
    public void advanceTo(double epochSeconds) {
        requireFinite(epochSeconds, "clock time");
        rates.advanceTo(epochSeconds);
    }

    /** Returns the model's clock in epoch seconds: the latest arrival or advance; NaN before the first. */
    public double clockSeconds() {
        return rates.clockSeconds();
    }

    public HourOfWeekArrivalModel arrivalModel() {
        double[] perHour = rates.ratesPerHour();
        return new HourOfWeekArrivalModel(perHour);
    }

    /** Returns the kept durations per task class, for {@link PlatformSnapshot#observedDurationsSeconds()}. */
    public Map<String, double[]> durationSamples() {
        Map<String, double[]> result = new LinkedHashMap<>();
        durations.forEach((taskClass, reservoir) -> result.put(taskClass, reservoir.sample()));
        return result;
    }

    /** Returns the kept recent arrivals, oldest first, as templates for {@link PlatformSnapshot#recentArrivals()}. */
    public List<SnapshotTask> recentArrivals() {
        List<SnapshotTask> result = new ArrayList<>(recentSize);
        int start = (recentNext - recentSize + recent.length) % recent.length;
        for (int i = 0; i < recentSize; i++) {
            RecentArrival arrival = recent[(start + i) % recent.length];
            result.add(new SnapshotTask("recent-" + i, null, arrival.taskClass(), arrival.request(),
                    arrival.nodeCount(), arrival.epochSeconds(), List.of()));
        }
        return result;
    }

    /** Returns {@code snapshot} with this model's arrival model (as of the snapshot's time), durations and arrival mix. */
    public PlatformSnapshot applyTo(PlatformSnapshot snapshot) {
        if (Double.isNaN(rates.clockSeconds()) || snapshot.timeSeconds() > rates.clockSeconds()) {
            advanceTo(snapshot.timeSeconds());
        }
        return snapshot.withWorkload(arrivalModel(), durationSamples(), recentArrivals());
    }

    public OnlineModelParameters parameters() {
        Map<String, DurationFit> fits = new LinkedHashMap<>();
        durations.forEach((taskClass, reservoir) -> fits.put(taskClass, reservoir.fit()));
        return new OnlineModelParameters(rates.ratesPerHour(), rates.countsNow(), rates.exposureNow(),
                arrivalsObserved, fits, recentSize, rates.clockSeconds());
    }

    public OnlineModelSettings settings() {
        return settings;
    }

    /** Returns the model's state in a compact binary form. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeDouble(settings.rateHalfLifeHours());
            out.writeDouble(settings.priorWeightHours());
            out.writeInt(settings.reservoirSize());
            out.writeInt(settings.recentArrivals());
            out.writeLong(settings.seed());
            rates.write(out);
            out.writeLong(random.state);
            out.writeLong(arrivalsObserved);
            out.writeInt(durations.size());
            for (Map.Entry<String, DurationReservoir> entry : durations.entrySet()) {
                out.writeUTF(entry.getKey());
                entry.getValue().write(out);
            }
            out.writeInt(recentSize);
            for (SnapshotTask arrival : recentArrivals()) {
                out.writeDouble(arrival.sinceSeconds());
                out.writeUTF(arrival.taskClass());
                SnapshotRequest request = arrival.request();
                out.writeLong(request.cpuMilli());
                out.writeLong(request.memoryMib());
                out.writeInt(request.gpuCount());
                out.writeInt(request.gpuMilli());
                out.writeBoolean(request.gpuModel() != null);
                if (request.gpuModel() != null) {
                    out.writeUTF(request.gpuModel());
                }
                out.writeInt(arrival.nodeCount());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing an online workload model to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Restores a model written by {@link #toBytes()}; throws on another format version or truncated bytes. */
    public static OnlineWorkloadModel fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("online workload model format version " + version
                        + " is not supported; this build reads version " + FORMAT_VERSION
                        + ", rebuild the model from events");
            }
            OnlineModelSettings settings = new OnlineModelSettings(in.readDouble(), in.readDouble(), in.readInt(),
                    in.readInt(), in.readLong());
            OnlineWorkloadModel model = new OnlineWorkloadModel(settings,
                    HourOfWeekRateEstimator.read(in, settings.rateHalfLifeHours(), settings.priorWeightHours()));
            model.random.state = in.readLong();
            model.arrivalsObserved = in.readLong();
            int classes = in.readInt();
            for (int i = 0; i < classes; i++) {
                String taskClass = in.readUTF();
                model.durations.put(taskClass, DurationReservoir.read(in));
            }
            int recentCount = in.readInt();
            for (int i = 0; i < recentCount; i++) {
                double time = in.readDouble();
                String taskClass = in.readUTF();
                long cpuMilli = in.readLong();
                long memoryMib = in.readLong();
                int gpuCount = in.readInt();
                int gpuMilli = in.readInt();
                String gpuModel = in.readBoolean() ? in.readUTF() : null;
                int nodeCount = in.readInt();
                model.recent[model.recentNext] = new RecentArrival(time, taskClass,
                        new SnapshotRequest(cpuMilli, memoryMib, gpuCount, gpuMilli, gpuModel), nodeCount);
                model.recentNext = (model.recentNext + 1) % model.recent.length;
                model.recentSize = Math.min(model.recentSize + 1, model.recent.length);
            }
            return model;
        } catch (IOException e) {
            throw new IllegalArgumentException("online workload model bytes (" + bytes.length
                    + " bytes) are truncated or corrupt; rebuild the model from events", e);
        }
    }

    private static void requireFinite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " " + value + " is invalid; pass finite epoch seconds");
        }
    }

    private record RecentArrival(double epochSeconds, String taskClass, SnapshotRequest request, int nodeCount) {
    }
}

package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.online.OnlineWorkloadModel;
import io.pipetwin.streams.mirror.Arrival;
import io.pipetwin.streams.mirror.ArrivalWindow;
import io.pipetwin.streams.mirror.DurationWindow;
import io.pipetwin.streams.mirror.TaskState;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A platform's {@link OnlineWorkloadModel} together with the sequence numbers of the mirror's arrival and
 * duration windows up to which it has absorbed them.
 *
 * <p>The model is fed at cadence boundaries only, from the mirror's windows, never from events directly.
 * The windows are written to their stores at each commit, in the same transaction as the input offsets,
 * and the model with its markers is written at each boundary. So a twin restored after a crash absorbs at
 * its next boundary exactly the arrivals and durations that an uninterrupted twin absorbs there, and the
 * two models stay identical.
 *
 * <p>Serialized form: a format byte ({@value #FORMAT_VERSION}), the arrival marker, the number of duration
 * markers, each as class name and marker, then the model's own bytes ({@link OnlineWorkloadModel#toBytes()}).
 * A value that starts with the model's format byte 1 was written before markers existed and is read with
 * unknown markers.
 */
final class AbsorbedWorkloadModel {

    private static final int FORMAT_VERSION = 2;
    private static final int MODEL_ONLY_FORMAT_VERSION = 1;
    /** A zero duration (start and finish in the same millisecond) counts as this, since the model fits logarithms. */
    private static final double MIN_DURATION_SECONDS = 0.001;

    private final OnlineWorkloadModel model;
    /** Number of the platform's arrivals absorbed, or -1 when unknown. */
    private long arrivalMarker;
    /** Number of durations absorbed per task class; a class not listed has none absorbed. */
    private final Map<String, Long> durationMarkers;

    AbsorbedWorkloadModel(OnlineWorkloadModel model) {
        this(model, 0, new TreeMap<>());
    }

    private AbsorbedWorkloadModel(OnlineWorkloadModel model, long arrivalMarker, Map<String, Long> durationMarkers) {
        this.model = model;
        this.arrivalMarker = arrivalMarker;
        this.durationMarkers = durationMarkers;
    }

    OnlineWorkloadModel model() {
        return model;
    }

    long arrivalMarker() {
        return arrivalMarker;
    }

    /** Returns the durations of {@code taskClass} absorbed so far, or -1 when unknown. */
    long durationMarker(String taskClass) {
        if (arrivalMarker < 0) {
            return -1;
        }
        return durationMarkers.getOrDefault(taskClass, 0L);
    }

    /**
     * Feeds the model every arrival and duration the windows recorded after its markers, moves its clock to
     * {@code boundarySeconds} and advances the markers.
     *
     * <p>Arrivals that the ring overwrote since the last boundary are counted in the rates, at times spread
     * evenly between the model's clock (or {@code fallbackStartSeconds} before its first arrival) and the
     * oldest arrival still in the ring, because their own times are gone. Their class and request are gone
     * too, so they do not enter the arrival mix.
     *
     * @return the number of arrivals counted, overwritten ones included
     */
    long absorb(ArrivalWindow arrivals, Map<String, DurationWindow> durations, double boundarySeconds,
                double fallbackStartSeconds) {
        if (arrivalMarker < 0) {
            // Written before markers were stored: the windows may hold events the model already saw, so the
            // model starts absorbing after what the windows hold now.
            arrivalMarker = arrivals.arrivalCount();
            durations.forEach((taskClass, window) -> durationMarkers.put(taskClass, window.observedCount()));
            model.advanceTo(boundarySeconds);
            return 0;
        }
        long counted = absorbArrivals(arrivals, fallbackStartSeconds);
        durations.forEach(this::absorbDurations);
        model.advanceTo(boundarySeconds);
        return counted;
    }

    private long absorbArrivals(ArrivalWindow window, double fallbackStartSeconds) {
        long total = window.arrivalCount();
        if (total < arrivalMarker) {
            // The mirror's window restarted from zero because its state was deleted but the model's was not.
            // So everything it contains is new to the model.
            arrivalMarker = 0;
        }
        if (total == arrivalMarker) {
            return 0;
        }

        List<Arrival> kept = window.recent(Long.MAX_VALUE);
        int firstNew = 0;
        while (firstNew < kept.size() && kept.get(firstNew).sequence() < arrivalMarker) {
            firstNew++;
        }
        long overwritten = total - arrivalMarker - (kept.size() - firstNew);

        if (overwritten > 0) {
            double from = Double.isNaN(model.clockSeconds()) ? fallbackStartSeconds : model.clockSeconds();
            double to = firstNew < kept.size() ? kept.get(firstNew).timeMillis() / 1000.0 : from;
            for (long i = 1; i <= overwritten; i++) {
                model.countArrival(from + (to - from) * i / (overwritten + 1));
            }
        }

        for (int i = firstNew; i < kept.size(); i++) {
            Arrival arrival = kept.get(i);
            model.observeArrival(arrival.timeMillis() / 1000.0, TaskState.taskClass(arrival.taskType(),
                    arrival.demand()), arrival.demand().toSnapshotRequest(), arrival.nodeCount());
        }

        long counted = total - arrivalMarker;
        arrivalMarker = total;
        return counted;
    }

    private void absorbDurations(String taskClass, DurationWindow window) {
        long total = window.observedCount();
        long marker = durationMarkers.getOrDefault(taskClass, 0L);
        if (total < marker) {
            marker = 0;
        }
        if (total == marker) {
            return;
        }
        double[] kept = window.durationsSeconds();
        long firstKeptSequence = total - kept.length;
        // NOTE: when a class finishes more tasks between two boundaries than its window contains, the durations
        // overwritten in between never reach the model's reservoir and fit.
        for (long sequence = Math.max(marker, firstKeptSequence); sequence < total; sequence++) {
            double seconds = kept[(int) (sequence - firstKeptSequence)];
            model.observeDuration(taskClass, Math.max(MIN_DURATION_SECONDS, seconds));
        }
        durationMarkers.put(taskClass, total);
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(arrivalMarker);
            out.writeInt(durationMarkers.size());
            for (Map.Entry<String, Long> entry : durationMarkers.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue());
            }
            out.write(model.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("writing a workload model to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** Restores a model written by {@link #toBytes()}, or a bare model written before markers existed. */
    static AbsorbedWorkloadModel fromBytes(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == MODEL_ONLY_FORMAT_VERSION) {
            return new AbsorbedWorkloadModel(OnlineWorkloadModel.fromBytes(bytes), -1, new TreeMap<>());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("workload model format version " + version
                        + " is not supported; this build reads versions " + MODEL_ONLY_FORMAT_VERSION + " and "
                        + FORMAT_VERSION + ", delete the twin's state to rebuild the model from events");
            }
            long arrivalMarker = in.readLong();
            int classes = in.readInt();
            Map<String, Long> durationMarkers = new TreeMap<>();
            for (int i = 0; i < classes; i++) {
                durationMarkers.put(in.readUTF(), in.readLong());
            }
            return new AbsorbedWorkloadModel(OnlineWorkloadModel.fromBytes(in.readAllBytes()), arrivalMarker,
                    durationMarkers);
        } catch (IOException e) {
            throw new IllegalArgumentException("workload model bytes (" + bytes.length
                    + " bytes) are truncated or corrupt; delete the twin's state to rebuild the model from events", e);
        }
    }
}

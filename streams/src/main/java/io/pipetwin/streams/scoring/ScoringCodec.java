package io.pipetwin.streams.scoring;

import io.pipetwin.core.forecast.scoring.PendingForecast;
import io.pipetwin.core.forecast.scoring.ScoreWindowEntry;
import io.pipetwin.core.forecast.scoring.StepScore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of the scoring stores' values. Each value starts with a format version byte; reading an
 * unknown version fails with the store name in the message. Doubles are written as their IEEE 754 bits, so a
 * decoded state gives the same sums as the encoded one.
 */
final class ScoringCodec {

    private static final byte VERSION = 1;

    /** Latest observation and pending forecasts of one series. */
    record SeriesValue(double lastTimeSeconds, double lastValue, List<PendingForecast> forecasts) {
    }

    /** One window entry with the latest step time its key had when it was added. */
    record WindowValue(ScoreWindowEntry entry, double latestSeconds) {
    }

    private ScoringCodec() {
    }

    static byte[] encodeSeries(double lastTimeSeconds, double lastValue, List<PendingForecast> forecasts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeDouble(lastTimeSeconds);
            out.writeDouble(lastValue);
            out.writeInt(forecasts.size());
            for (PendingForecast forecast : forecasts) {
                out.writeDouble(forecast.startSeconds());
                out.writeDouble(forecast.valueAtStart());
                out.writeInt(forecast.offsetsSeconds().length);
                for (double[] values : List.of(forecast.offsetsSeconds(), forecast.p10(), forecast.p50(),
                        forecast.p90(), forecast.actuals())) {
                    for (double value : values) {
                        out.writeDouble(value);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SeriesValue decodeSeries(byte[] bytes) {
        try (DataInputStream in = open(bytes, ScoringStores.PENDING)) {
            double lastTimeSeconds = in.readDouble();
            double lastValue = in.readDouble();
            int count = in.readInt();
            List<PendingForecast> forecasts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                double startSeconds = in.readDouble();
                double valueAtStart = in.readDouble();
                int steps = in.readInt();
                double[][] arrays = new double[5][steps];
                for (double[] values : arrays) {
                    for (int step = 0; step < steps; step++) {
                        values[step] = in.readDouble();
                    }
                }
                forecasts.add(new PendingForecast(startSeconds, arrays[0], valueAtStart, arrays[1], arrays[2],
                        arrays[3], arrays[4]));
            }
            return new SeriesValue(lastTimeSeconds, lastValue, forecasts);
        } catch (IOException e) {
            throw new UncheckedIOException("value of store " + ScoringStores.PENDING + " is truncated", e);
        }
    }

    static byte[] encodeWindowEntry(ScoreWindowEntry entry, double latestSeconds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(entry.sequence());
            out.writeDouble(entry.stepTimeSeconds());
            out.writeDouble(latestSeconds);
            StepScore score = entry.score();
            out.writeInt(score.step());
            out.writeDouble(score.offsetSeconds());
            out.writeDouble(score.actual());
            out.writeDouble(score.median());
            out.writeDouble(score.absoluteError());
            out.writeDouble(score.percentageError());
            out.writeBoolean(score.insideInterval());
            out.writeDouble(score.persistenceAbsoluteError());
            out.writeDouble(score.persistencePercentageError());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static WindowValue decodeWindowEntry(byte[] bytes) {
        try (DataInputStream in = open(bytes, ScoringStores.WINDOWS)) {
            long sequence = in.readLong();
            double stepTimeSeconds = in.readDouble();
            double latestSeconds = in.readDouble();
            StepScore score = new StepScore(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readBoolean(), in.readDouble(), in.readDouble());
            return new WindowValue(new ScoreWindowEntry(sequence, stepTimeSeconds, score), latestSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException("value of store " + ScoringStores.WINDOWS + " is truncated", e);
        }
    }

    private static DataInputStream open(byte[] bytes, String storeName) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IllegalStateException("value of store " + storeName + " has format version " + version
                    + ", this twin reads version " + VERSION + "; run the release that wrote it, or reset the"
                    + " application with kafka-streams-application-reset to start the scoring empty");
        }
        return in;
    }
}

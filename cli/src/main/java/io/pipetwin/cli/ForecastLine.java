package io.pipetwin.cli;

import io.pipetwin.schemas.avro.HorizonPoint;
import io.pipetwin.schemas.avro.Quantile;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Formats one forecast as one line. The line has the boundary's event time, the platform, and the GPU task
 * queue now with its median and p10/p90 at the horizon end. The platform's GPU utilisation now and its
 * median at the horizon end follow, for example
 * {@code 2023-01-01T05:00Z alibaba-gpu-2023 gpu queue 12 -> p50 9 [p10 4, p90 15]  GPU util 0.81 -> 0.77}.
 */
final class ForecastLine {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
            .withZone(ZoneOffset.UTC);

    private ForecastLine() {
    }

    /**
     * @param utilisation the resource forecast of pool {@code all} for GPU (or CPU on a platform without
     *                    GPUs) at the same boundary, or null when there is none
     */
    static String format(QueueForecast queue, ResourceForecast utilisation) {
        StringBuilder line = new StringBuilder();
        line.append(MINUTES.format(queue.getStartTime())).append(' ').append(queue.getPlatformId()).append(' ')
                .append(queue.getPool()).append(" queue ").append(queue.getQueueLengthNow());
        HorizonPoint last = lastPoint(queue.getQueueLength());
        if (last != null) {
            line.append(" -> p50 ").append(formatCount(last.getValue()));
            Double p10 = quantile(last, 0.1);
            Double p90 = quantile(last, 0.9);
            if (p10 != null && p90 != null) {
                line.append(" [p10 ").append(formatCount(p10)).append(", p90 ").append(formatCount(p90)).append(']');
            }
        }
        if (utilisation != null) {
            line.append("  ").append(utilisation.getResource()).append(" util ")
                    .append(String.format(Locale.ROOT, "%.2f", utilisation.getUtilisationNow()));
            HorizonPoint lastUtilisation = lastPoint(utilisation.getUtilisation());
            if (lastUtilisation != null) {
                line.append(" -> ").append(String.format(Locale.ROOT, "%.2f", lastUtilisation.getValue()));
            }
        }
        return line.toString();
    }

    private static HorizonPoint lastPoint(List<HorizonPoint> points) {
        return points.isEmpty() ? null : points.get(points.size() - 1);
    }

    private static Double quantile(HorizonPoint point, double probability) {
        for (Quantile quantile : point.getQuantiles()) {
            if (Math.abs(quantile.getProbability() - probability) < 1e-9) {
                return quantile.getValue();
            }
        }
        return null;
    }

    private static String formatCount(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}

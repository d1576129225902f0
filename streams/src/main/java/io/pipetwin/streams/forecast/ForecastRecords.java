package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.SeriesForecast;
import io.pipetwin.schemas.avro.HorizonPoint;
import io.pipetwin.schemas.avro.Quantile;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.avro.ResourceKind;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.mirror.PoolUsage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts a forecast result into the published Avro records. The values "now" (queue length,
 * utilisation, capacity) come from the mirror at the boundary, so they equal the mirrored state
 * exactly. The horizon points come from the forecaster.
 */
public final class ForecastRecords {

    /** Task pools with a queue forecast, in publication order. */
    public static final List<String> TASK_POOLS = List.of("gpu", "cpu", "all");

    private ForecastRecords() {
    }

    /** Returns one queue forecast per task pool the result covers. */
    public static List<QueueForecast> queueForecasts(PlatformMirror mirror, long startMillis, long generatedAtMillis,
                                                     ForecastResult result) {
        List<QueueForecast> records = new ArrayList<>(TASK_POOLS.size());
        for (String pool : TASK_POOLS) {
            SeriesForecast queue = result.queueLengthByTaskPool().get(pool);
            if (queue == null) {
                continue;
            }
            SeriesForecast waitingTime = result.waitingTimeByTaskPool() == null ? null
                    : result.waitingTimeByTaskPool().get(pool);
            records.add(QueueForecast.newBuilder()
                    .setPlatformId(mirror.platformId())
                    .setPool(pool)
                    .setGeneratedAt(Instant.ofEpochMilli(generatedAtMillis))
                    .setStartTime(Instant.ofEpochMilli(startMillis))
                    .setReplications(result.replications())
                    .setQueueLengthNow(mirror.queueLength(pool))
                    .setQueueLength(horizonPoints(startMillis, result, queue))
                    .setWaitingTimeSeconds(waitingTime == null ? List.of() : horizonPoints(startMillis, result, waitingTime))
                    .build());
        }
        return records;
    }

    /**
     * Returns one resource forecast per node pool (and {@code all}) and resource. A resource the pool has
     * no capacity of (GPU in a CPU-only pool) is left out, because its utilisation is undefined.
     */
    public static List<ResourceForecast> resourceForecasts(PlatformMirror mirror, long startMillis,
                                                           long generatedAtMillis, ForecastResult result) {
        List<ResourceForecast> records = new ArrayList<>();
        for (Map.Entry<String, PoolUsage> entry : mirror.nodePoolUsage().entrySet()) {
            String pool = entry.getKey();
            PoolUsage usage = entry.getValue();
            Map<String, SeriesForecast> byResource = result.utilisationByNodePool().get(pool);
            if (byResource == null) {
                continue;
            }
            for (ResourceKind kind : ResourceKind.values()) {
                double capacity = capacity(usage, kind);
                SeriesForecast series = byResource.get(kind.name());
                if (capacity <= 0 || series == null) {
                    continue;
                }
                records.add(ResourceForecast.newBuilder()
                        .setPlatformId(mirror.platformId())
                        .setPool(pool)
                        .setResource(kind)
                        .setGeneratedAt(Instant.ofEpochMilli(generatedAtMillis))
                        .setStartTime(Instant.ofEpochMilli(startMillis))
                        .setReplications(result.replications())
                        .setCapacity(capacity)
                        .setUtilisationNow(allocated(usage, kind) / capacity)
                        .setUtilisation(horizonPoints(startMillis, result, series))
                        .build());
            }
        }
        return records;
    }

    private static double capacity(PoolUsage usage, ResourceKind kind) {
        return switch (kind) {
            case CPU -> usage.cpuCapacityMilli();
            case GPU -> usage.gpuCapacityMilli();
            case MEMORY -> usage.memoryCapacityMib();
        };
    }

    private static double allocated(PoolUsage usage, ResourceKind kind) {
        return switch (kind) {
            case CPU -> usage.cpuAllocatedMilli();
            case GPU -> usage.gpuAllocatedMilli();
            case MEMORY -> usage.memoryAllocatedMib();
        };
    }

    /** Builds the horizon points. Each point's value is the median, because the settings require level 0.5. */
    static List<HorizonPoint> horizonPoints(long startMillis, ForecastResult result, SeriesForecast series) {
        double[] offsets = result.offsetsSeconds();
        double[] levels = result.quantileLevels();
        int median = -1;
        for (int q = 0; q < levels.length; q++) {
            if (levels[q] == 0.5) {
                median = q;
            }
        }
        List<HorizonPoint> points = new ArrayList<>(offsets.length);
        for (int step = 0; step < offsets.length; step++) {
            List<Quantile> quantiles = new ArrayList<>(levels.length);
            for (int q = 0; q < levels.length; q++) {
                quantiles.add(new Quantile(levels[q], series.quantiles()[q][step]));
            }
            double mean = series.mean()[step];
            points.add(HorizonPoint.newBuilder()
                    .setTime(Instant.ofEpochMilli(startMillis + Math.round(offsets[step] * 1000)))
                    .setOffsetSeconds(offsets[step])
                    .setValue(median >= 0 ? series.quantiles()[median][step] : mean)
                    .setMean(mean)
                    .setQuantiles(quantiles)
                    .build());
        }
        return points;
    }
}

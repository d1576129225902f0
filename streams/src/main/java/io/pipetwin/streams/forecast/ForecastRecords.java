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

    /** Scenario name of the forecasts of the live state. */
    public static final String BASELINE = "baseline";

    private ForecastRecords() {
    }

    /** Returns one queue forecast per task pool the result covers. */
    public static List<QueueForecast> queueForecasts(PlatformMirror mirror, long startMillis, long generatedAtMillis,
                                                     ForecastResult result) {
        return queueForecasts(mirror, BASELINE, startMillis, generatedAtMillis, result);
    }

    /**
     * Returns one queue forecast per task pool the result covers, labelled with {@code scenario}. For a
     * scenario other than the baseline the value now is the forecast's start value, because a scenario can
     * change the starting queue (removed nodes requeue their tasks).
     */
    public static List<QueueForecast> queueForecasts(PlatformMirror mirror, String scenario, long startMillis,
                                                     long generatedAtMillis, ForecastResult result) {
        boolean baseline = BASELINE.equals(scenario);
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
                    .setScenario(scenario)
                    .setPool(pool)
                    .setGeneratedAt(Instant.ofEpochMilli(generatedAtMillis))
                    .setStartTime(Instant.ofEpochMilli(startMillis))
                    .setReplications(result.replications())
                    .setQueueLengthNow(baseline ? mirror.queueLength(pool) : (int) Math.round(queue.now()))
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
        addPoolForecasts(records, mirror, startMillis, generatedAtMillis, result);
        addGpuModelForecasts(records, mirror.platformId(), BASELINE, startMillis, generatedAtMillis, result,
                gpuCapacityByModel(mirror));
        return records;
    }

    /** Prefix of the pool name of a per-GPU-model utilisation forecast: {@code gpu-model/<model>}. */
    public static final String GPU_MODEL_POOL_PREFIX = "gpu-model/";

    /**
     * Returns the resource forecasts of a scenario: per node pool and resource, capacity and start value from
     * the scenario's forecast (a scenario can add or remove nodes), then per GPU model.
     */
    public static List<ResourceForecast> scenarioResourceForecasts(String platformId, String scenario,
                                                                   long startMillis, long generatedAtMillis,
                                                                   ForecastResult result) {
        List<ResourceForecast> records = new ArrayList<>();
        for (Map.Entry<String, Map<String, SeriesForecast>> pool : result.utilisationByNodePool().entrySet()) {
            Map<String, Double> capacities = result.capacityByNodePool().getOrDefault(pool.getKey(), Map.of());
            for (ResourceKind kind : ResourceKind.values()) {
                SeriesForecast series = pool.getValue().get(kind.name());
                Double capacity = capacities.get(kind.name());
                if (series == null || capacity == null || capacity <= 0) {
                    continue;
                }
                records.add(resourceRecord(platformId, scenario, pool.getKey(), kind, startMillis, generatedAtMillis,
                        result, capacity, series.now(), series));
            }
        }
        addGpuModelForecasts(records, platformId, scenario, startMillis, generatedAtMillis, result, null);
        return records;
    }

    private static ResourceForecast resourceRecord(String platformId, String scenario, String pool, ResourceKind kind,
                                                   long startMillis, long generatedAtMillis, ForecastResult result,
                                                   double capacity, double now, SeriesForecast series) {
        return ResourceForecast.newBuilder()
                .setPlatformId(platformId)
                .setScenario(scenario)
                .setPool(pool)
                .setResource(kind)
                .setGeneratedAt(Instant.ofEpochMilli(generatedAtMillis))
                .setStartTime(Instant.ofEpochMilli(startMillis))
                .setReplications(result.replications())
                .setCapacity(capacity)
                .setUtilisationNow(now)
                .setUtilisation(horizonPoints(startMillis, result, series))
                .build();
    }

    /**
     * Adds one GPU forecast per GPU model, with pool {@code gpu-model/<model>}. With {@code mirroredCapacity}
     * (the baseline), only models with GPUs in service are published, with their milli-GPUs as capacity; with
     * null (a scenario, whose added nodes the mirror does not have) every named model is published with
     * capacity 0, meaning unknown.
     */
    private static void addGpuModelForecasts(List<ResourceForecast> records, String platformId, String scenario,
                                             long startMillis, long generatedAtMillis, ForecastResult result,
                                             Map<String, Long> mirroredCapacity) {
        if (result.utilisationByGpuModel() == null) {
            return;
        }
        for (Map.Entry<String, SeriesForecast> model : new java.util.TreeMap<>(result.utilisationByGpuModel()).entrySet()) {
            if (model.getKey().isBlank() || (mirroredCapacity != null && !mirroredCapacity.containsKey(model.getKey()))) {
                continue;
            }
            double capacity = mirroredCapacity == null ? 0 : mirroredCapacity.get(model.getKey());
            records.add(resourceRecord(platformId, scenario, GPU_MODEL_POOL_PREFIX + model.getKey(), ResourceKind.GPU,
                    startMillis, generatedAtMillis, result, capacity, model.getValue().now(), model.getValue()));
        }
    }

    /** Returns the milli-GPUs of the nodes in service per GPU model. */
    static Map<String, Long> gpuCapacityByModel(PlatformMirror mirror) {
        Map<String, Long> capacity = new java.util.HashMap<>();
        for (io.pipetwin.streams.mirror.NodeState node : mirror.nodes()) {
            if (node.gpuModel() != null && !node.gpuModel().isBlank() && node.gpuCount() > 0) {
                capacity.merge(node.gpuModel(), node.gpuCount() * 1000L, Long::sum);
            }
        }
        return capacity;
    }

    private static void addPoolForecasts(List<ResourceForecast> records, PlatformMirror mirror, long startMillis,
                                         long generatedAtMillis, ForecastResult result) {
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
                records.add(resourceRecord(mirror.platformId(), BASELINE, pool, kind, startMillis, generatedAtMillis,
                        result, capacity, allocated(usage, kind) / capacity, series));
            }
        }
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

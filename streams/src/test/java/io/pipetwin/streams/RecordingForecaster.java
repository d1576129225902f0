package io.pipetwin.streams;

import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SeriesForecast;
import io.pipetwin.core.forecast.SnapshotTask;
import io.pipetwin.streams.forecast.PlatformForecaster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the Monte Carlo forecaster in topology tests: it records every snapshot and config it
 * receives and forecasts a flat queue equal to the snapshot's, so tests check what the twin hands over
 * and publishes, not the forecasting model.
 */
public final class RecordingForecaster implements PlatformForecaster {

    public final List<PlatformSnapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
    public final List<ForecastConfig> configs = Collections.synchronizedList(new ArrayList<>());

    @Override
    public ForecastResult forecast(PlatformSnapshot snapshot, ForecastConfig config) {
        snapshots.add(snapshot);
        configs.add(config);
        int steps = (int) Math.round(config.horizonSeconds() / config.stepSeconds());
        double[] offsets = new double[steps];
        for (int i = 0; i < steps; i++) {
            offsets[i] = (i + 1) * config.stepSeconds();
        }
        Map<String, SeriesForecast> queue = new HashMap<>();
        for (String pool : List.of("gpu", "cpu", "all")) {
            queue.put(pool, flat(count(snapshot.waiting(), pool), steps, config.quantiles().length));
        }
        Map<String, Map<String, SeriesForecast>> utilisation = new HashMap<>();
        for (String pool : poolsOf(snapshot)) {
            Map<String, SeriesForecast> byResource = new HashMap<>();
            for (String resource : List.of("CPU", "GPU", "MEMORY")) {
                byResource.put(resource, flat(0.5, steps, config.quantiles().length));
            }
            utilisation.put(pool, byResource);
        }
        return new ForecastResult(snapshot.timeSeconds(), offsets, config.quantiles(), config.replications(),
                queue, Map.of(), utilisation, Map.of());
    }

    private static List<String> poolsOf(PlatformSnapshot snapshot) {
        List<String> pools = new ArrayList<>(List.of("all"));
        snapshot.nodes().forEach(node -> {
            if (!pools.contains(node.pool())) {
                pools.add(node.pool());
            }
        });
        return pools;
    }

    private static double count(List<SnapshotTask> tasks, String pool) {
        return tasks.stream().filter(task -> pool.equals("all") || task.request().taskPool().equals(pool)).count();
    }

    private static SeriesForecast flat(double value, int steps, int levels) {
        double[] mean = new double[steps];
        java.util.Arrays.fill(mean, value);
        double[][] quantiles = new double[levels][];
        for (int q = 0; q < levels; q++) {
            quantiles[q] = mean.clone();
        }
        return new SeriesForecast(value, mean, quantiles);
    }
}

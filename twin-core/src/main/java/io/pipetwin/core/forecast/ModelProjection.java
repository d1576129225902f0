package io.pipetwin.core.forecast;

import io.pipetwin.core.engine.RandomStreams;
import io.pipetwin.core.metrics.DriftProcess;
import io.pipetwin.core.metrics.ModelMetricDefaults;
import io.pipetwin.core.metrics.ModelMetrics;
import io.pipetwin.core.metrics.MonitoringSample;
import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.metrics.RetrainingStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Forecast of the deployed models' quality and next retraining, replication by replication.
 *
 * <p>Each metric drifts from its latest value in the snapshot by its {@link DriftProcess}: the value at
 * offset t is {@code drift.sampleAt(valueNow, t)}. This restarts the drift at the snapshot, which is exact for
 * {@link io.pipetwin.core.metrics.ExponentialDrift} (its mean decays by the same factor over any interval of
 * equal length). Monitoring checks fall every {@code checkIntervalSeconds} after the deployment, as in
 * {@link io.pipetwin.core.metrics.ModelQualityTracker}; at each check inside the horizon the strategy decides
 * on a fresh observation. The first check that triggers is the next retraining.
 *
 * <p>NOTE: a stateful detector (Page-Hinkley) starts without the checks before the snapshot, so it raises an
 * alarm later than the live detector would after a long decline.
 */
final class ModelProjection {

    /** Checks evaluated per model and replication at most, which bounds the cost of a short check interval. */
    static final int MAX_CHECKS = 10_000;

    private final Function<String, DriftProcess> driftByMetric;

    ModelProjection(Function<String, DriftProcess> driftByMetric) {
        this.driftByMetric = driftByMetric;
    }

    ModelProjection() {
        this(ModelMetricDefaults::defaultDrift);
    }

    Map<String, ModelForecast> forecast(PlatformSnapshot snapshot, ForecastConfig config, double[] offsets) {
        Map<String, ModelForecast> result = new LinkedHashMap<>();
        double[] levels = config.quantiles();
        RetrainingPolicy policy = snapshot.retrainingPolicy();
        for (SnapshotModel model : snapshot.models()) {
            List<String> names = new ArrayList<>(model.metrics().keySet());
            names.sort(null);
            Map<String, SeriesAggregator> trajectories = new LinkedHashMap<>();
            for (String name : names) {
                trajectories.put(name, new SeriesAggregator(config.replications(), offsets.length));
            }
            double[] nextRetraining = new double[config.replications()];
            for (int replication = 0; replication < config.replications(); replication++) {
                SplittableRandom random = new SplittableRandom(RandomStreams.streamSeed(config.seed(),
                        "model-" + model.modelId() + "-replication-" + replication));
                for (String name : names) {
                    DriftProcess drift = driftByMetric.apply(name);
                    double now = model.metrics().get(name);
                    for (int step = 0; step < offsets.length; step++) {
                        trajectories.get(name).set(replication, step, drift.sampleAt(now, offsets[step], random));
                    }
                }
                nextRetraining[replication] = nextRetrainingOffset(snapshot, model, names, policy,
                        config.horizonSeconds(), random);
            }
            Map<String, SeriesForecast> metrics = new LinkedHashMap<>();
            for (String name : names) {
                metrics.put(name, trajectories.get(name).aggregate(model.metrics().get(name), levels));
            }
            long within = Arrays.stream(nextRetraining).filter(Double::isFinite).count();
            result.put(model.modelId(), new ModelForecast(model.modelId(), metrics, policy.spec(),
                    (double) within / config.replications(), Distributions.quantiles(nextRetraining, levels)));
        }
        return result;
    }

    /** Returns the offset after the snapshot of the first triggering check, or positive infinity. */
    private double nextRetrainingOffset(PlatformSnapshot snapshot, SnapshotModel model, List<String> names,
                                        RetrainingPolicy policy, double horizonSeconds, SplittableRandom random) {
        RetrainingStrategy strategy = policy.newStrategy();
        strategy.onDeployed(model.deployedAtSeconds());
        double interval = strategy.checkIntervalSeconds();
        if (!Double.isFinite(interval) || !(interval > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double start = snapshot.timeSeconds();
        double age = Math.max(0.0, start - model.deployedAtSeconds());
        long k = (long) Math.floor(age / interval) + 1;
        for (int checks = 0; checks < MAX_CHECKS; checks++, k++) {
            double checkTime = model.deployedAtSeconds() + k * interval;
            double offset = checkTime - start;
            if (offset > horizonSeconds) {
                break;
            }
            ModelMetrics observed = observe(model, names, offset, random);
            MonitoringSample sample = new MonitoringSample(checkTime, checkTime - model.deployedAtSeconds(), observed);
            if (strategy.decide(sample) != null) {
                return offset;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private ModelMetrics observe(SnapshotModel model, List<String> names, double offset, SplittableRandom random) {
        Map<String, Double> values = model.metrics();
        // A standard metric the snapshot lacks reads 1, so a threshold on it never fires.
        ModelMetrics observed = new ModelMetrics(
                values.getOrDefault(ModelMetrics.ACCURACY, 1.0),
                values.getOrDefault(ModelMetrics.ROBUSTNESS, 1.0),
                values.getOrDefault(ModelMetrics.FAIRNESS, 1.0));
        for (String name : names) {
            observed.set(name, driftByMetric.apply(name).sampleAt(values.get(name), offset, random));
        }
        return observed;
    }
}

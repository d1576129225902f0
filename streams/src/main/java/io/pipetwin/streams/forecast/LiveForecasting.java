package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.online.OnlineWorkloadModel;
import io.pipetwin.core.forecast.scenario.PlatformPolicies;
import io.pipetwin.core.forecast.scenario.Scenario;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.ModelMetricsForecast;
import io.pipetwin.schemas.avro.PipelinesForecast;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.scenario.ScenarioTable;
import io.pipetwin.streams.scoring.LiveScoring;
import io.pipetwin.streams.scoring.ScoringStores;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Everything the twin publishes at one cadence boundary of one platform: the baseline forecast of the
 * mirrored state (queue, resources, pipelines, model metrics), one forecast per active what-if scenario of
 * the platform from the same snapshot and seed, and the accuracy of past baseline forecasts. One instance serves the platforms of one stream
 * task and is used by that task's thread only.
 */
public final class LiveForecasting {

    private static final Logger LOG = LoggerFactory.getLogger(LiveForecasting.class);

    /** Receives each record to publish; the caller routes it to the sink of its type. */
    public interface Output {
        void send(String platformId, SpecificRecord record, long timestampMillis);
    }

    private final ForecastSettings settings;
    private final PlatformForecaster forecaster;
    private final ScenarioTable scenarios;
    private final PipelineModelMirror workload;
    private final OnlineCalibration calibration;
    private final LiveOptions options;
    private final LongSupplier wallClock;
    private final ScoringStores scoringStores;
    private final Map<String, LiveScoring> scoring;

    /** Creates the forecasting with its accuracy scoring in memory only. */
    public LiveForecasting(ForecastSettings settings, PlatformForecaster forecaster, ScenarioTable scenarios,
                           PipelineModelMirror workload, OnlineCalibration calibration, LiveOptions options) {
        this(settings, forecaster, scenarios, workload, calibration, ScoringStores.inMemory(), options);
    }

    /**
     * Creates the forecasting and loads the scoring of every platform {@code scoringStores} hold.
     *
     * @param scenarios     active scenarios; {@link ScenarioTable#EMPTY} forecasts the baseline only
     * @param workload      pipelines and deployed models of the task's platforms
     * @param calibration   online workload models of the task's platforms
     * @param scoringStores pending forecasts and score windows of the task's platforms
     * @param options       which optional records are published, the clock and the retraining strategy
     */
    public LiveForecasting(ForecastSettings settings, PlatformForecaster forecaster, ScenarioTable scenarios,
                           PipelineModelMirror workload, OnlineCalibration calibration, ScoringStores scoringStores,
                           LiveOptions options) {
        this.settings = settings;
        this.forecaster = forecaster;
        this.scenarios = scenarios;
        this.workload = workload;
        this.calibration = calibration;
        this.options = options;
        this.wallClock = options.wallClock();
        this.scoringStores = scoringStores;
        this.scoring = new HashMap<>(scoringStores.loadAll(scoringWindowSeconds(), latenessSeconds(), maxPending()));
    }

    /** Updates the pipelines and models from an event the platform mirror applied. */
    public void onApplied(String platformId, PlatformEvent event) {
        workload.onApplied(platformId, event);
    }

    /**
     * Feeds and persists the platform's workload model at a boundary without forecasting or scoring; the
     * twin calls it in place of {@link #atBoundary} when forecasts are disabled.
     */
    public void atBoundaryWithoutForecast(PlatformMirror mirror, long boundaryMillis) {
        calibration.atBoundary(mirror, boundaryMillis, settings.interval().toMillis());
    }

    /**
     * Forecasts and scores one platform at one boundary and sends the records to {@code output}; returns
     * true when the baseline forecast was published, false when it failed.
     */
    public boolean atBoundary(PlatformMirror mirror, long boundaryMillis, Output output) {
        String platformId = mirror.platformId();
        OnlineWorkloadModel workloadModel = calibration.atBoundary(mirror, boundaryMillis,
                settings.interval().toMillis());
        PlatformSnapshot snapshot = SnapshotBuilder.build(mirror, boundaryMillis)
                .withPipelines(workload.snapshotPipelines(platformId))
                .withModels(workload.snapshotModels(platformId), options.retrainingPolicy());
        if (settings.workloadSource() == WorkloadSource.ONLINE_MODEL) {
            snapshot = workloadModel.applyTo(snapshot);
        }
        ForecastConfig config = settings.toForecastConfig(platformId, boundaryMillis);
        ForecastResult result = null;
        try {
            result = forecaster.forPlatform(platformId, mirror.summary()).forecast(snapshot, config);
        } catch (RuntimeException e) {
            mirror.summary().count(MirrorCounter.FORECASTS_FAILED, 1);
            LOG.error("Forecast of platform {} at boundary {} failed with {} nodes, {} waiting and {} running tasks;"
                            + " the twin continues with the next boundary",
                    platformId, Instant.ofEpochMilli(boundaryMillis), snapshot.nodes().size(),
                    snapshot.waiting().size(), snapshot.running().size(), e);
        }
        long generatedAtMillis = wallClock.getAsLong();
        if (result != null) {
            for (QueueForecast forecast : ForecastRecords.queueForecasts(mirror, boundaryMillis, generatedAtMillis, result)) {
                output.send(platformId, forecast, generatedAtMillis);
            }
            for (ResourceForecast forecast : ForecastRecords.resourceForecasts(mirror, boundaryMillis, generatedAtMillis,
                    result)) {
                output.send(platformId, forecast, generatedAtMillis);
            }
            sendWorkload(platformId, ForecastRecords.BASELINE, boundaryMillis, generatedAtMillis, snapshot, result,
                    output);
            mirror.summary().count(MirrorCounter.FORECASTS_PUBLISHED, 1);
        }
        if (options.accuracySerializer() != null) {
            LiveScoring platformScoring = scoring.computeIfAbsent(platformId, id -> new LiveScoring(id,
                    scoringWindowSeconds(), latenessSeconds(), maxPending(), scoringStores));
            for (ForecastAccuracy accuracy : platformScoring.onBoundary(mirror, boundaryMillis, result,
                    generatedAtMillis)) {
                output.send(platformId, accuracy, generatedAtMillis);
            }
        }
        PlatformPolicies policies = forecaster.policiesFor(platformId, mirror.summary());
        for (Map.Entry<String, Scenario> entry : scenarios.activeScenarios(platformId).entrySet()) {
            forecastScenario(mirror, boundaryMillis, snapshot, config, entry.getKey(), entry.getValue(), policies,
                    output);
        }
        return result != null;
    }

    private double scoringWindowSeconds() {
        return settings.scoringWindow().toMillis() / 1000.0;
    }

    /** Returns one interval: the time after its last step at which a forecast is scored with the steps realised so far. */
    private double latenessSeconds() {
        return settings.interval().toMillis() / 1000.0;
    }

    /** Returns the most forecasts held per series: those made within the last horizon and lateness, and the new one. */
    private int maxPending() {
        return (int) (settings.horizon().toMillis() / settings.interval().toMillis()) + 2;
    }

    private void forecastScenario(PlatformMirror mirror, long boundaryMillis, PlatformSnapshot snapshot,
                                  ForecastConfig config, String name, Scenario scenario, PlatformPolicies policies,
                                  Output output) {
        String platformId = mirror.platformId();
        ForecastResult result;
        try {
            result = scenario.apply(snapshot, policies).forecast(config);
        } catch (RuntimeException e) {
            mirror.summary().count(MirrorCounter.FORECASTS_FAILED, 1);
            LOG.error("Forecast of scenario {} of platform {} at boundary {} failed; the baseline and other scenarios"
                    + " are unaffected", name, platformId, Instant.ofEpochMilli(boundaryMillis), e);
            return;
        }
        long generatedAtMillis = wallClock.getAsLong();
        List<QueueForecast> queue = ForecastRecords.queueForecasts(mirror, name, boundaryMillis, generatedAtMillis,
                result);
        for (QueueForecast forecast : queue) {
            output.send(platformId, forecast, generatedAtMillis);
        }
        for (ResourceForecast forecast : ForecastRecords.scenarioResourceForecasts(platformId, name, boundaryMillis,
                generatedAtMillis, result)) {
            output.send(platformId, forecast, generatedAtMillis);
        }
        sendWorkload(platformId, name, boundaryMillis, generatedAtMillis, snapshot, result, output);
    }

    private void sendWorkload(String platformId, String scenario, long boundaryMillis, long generatedAtMillis,
                              PlatformSnapshot snapshot, ForecastResult result, Output output) {
        if (options.pipelinesSerializer() != null) {
            PipelinesForecast pipelines = WorkloadRecords.pipelines(platformId, scenario, boundaryMillis,
                    generatedAtMillis, settings.horizon().toMillis() / 1000.0, snapshot.pipelines(), result);
            if (pipelines != null) {
                output.send(platformId, pipelines, generatedAtMillis);
            }
        }
        if (options.modelMetricsSerializer() != null) {
            for (ModelMetricsForecast model : WorkloadRecords.models(platformId, scenario, boundaryMillis,
                    generatedAtMillis, snapshot.models(), result)) {
                output.send(platformId, model, generatedAtMillis);
            }
        }
    }
}

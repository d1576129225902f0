package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.ModelForecast;
import io.pipetwin.core.forecast.PipelineForecast;
import io.pipetwin.core.forecast.SeriesForecast;
import io.pipetwin.core.forecast.SnapshotModel;
import io.pipetwin.core.forecast.SnapshotPipeline;
import io.pipetwin.schemas.avro.MetricTrajectory;
import io.pipetwin.schemas.avro.ModelMetricsForecast;
import io.pipetwin.schemas.avro.OffsetQuantile;
import io.pipetwin.schemas.avro.PipelineCompletion;
import io.pipetwin.schemas.avro.PipelinesForecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts the pipeline and model parts of a forecast result into the published Avro records. */
public final class WorkloadRecords {

    /** Most pipelines listed in one {@link PipelinesForecast}; the oldest arrivals are listed first. */
    public static final int MAX_PIPELINES_PER_RECORD = 1_000;

    private WorkloadRecords() {
    }

    /**
     * Returns the pipeline completion forecast of one boundary, or null when the snapshot had no pipeline.
     * Pipelines are listed in arrival order up to {@link #MAX_PIPELINES_PER_RECORD}.
     */
    public static PipelinesForecast pipelines(String platformId, String scenario, long startMillis,
                                              long generatedAtMillis, double horizonSeconds,
                                              List<SnapshotPipeline> snapshotPipelines, ForecastResult result) {
        if (snapshotPipelines.isEmpty() || result.pipelines() == null) {
            return null;
        }
        double[] levels = result.quantileLevels();
        List<PipelineCompletion> completions = new ArrayList<>();
        int omitted = 0;
        for (SnapshotPipeline pipeline : snapshotPipelines) {
            PipelineForecast forecast = result.pipelines().get(pipeline.pipelineId());
            if (forecast == null) {
                continue;
            }
            if (completions.size() >= MAX_PIPELINES_PER_RECORD) {
                omitted++;
                continue;
            }
            double mean = forecast.meanCompletionSeconds();
            completions.add(PipelineCompletion.newBuilder()
                    .setPipelineId(pipeline.pipelineId())
                    .setArrivedAt(Instant.ofEpochMilli(Math.round(pipeline.arrivedSeconds() * 1000)))
                    .setRemainingTasks(forecast.remainingTasks())
                    .setProbabilityWithinHorizon(forecast.probabilityWithinHorizon())
                    .setMeanCompletionSeconds(Double.isFinite(mean) ? mean : null)
                    .setCompletionSeconds(offsets(levels, forecast.completionQuantilesSeconds()))
                    .build());
        }
        return PipelinesForecast.newBuilder()
                .setPlatformId(platformId)
                .setScenario(scenario)
                .setGeneratedAt(Instant.ofEpochMilli(generatedAtMillis))
                .setStartTime(Instant.ofEpochMilli(startMillis))
                .setHorizonSeconds(horizonSeconds)
                .setReplications(result.replications())
                .setPipelinesOmitted(omitted)
                .setPipelines(completions)
                .build();
    }

    /** Returns one model-metrics forecast per deployed model of the snapshot, in snapshot order. */
    public static List<ModelMetricsForecast> models(String platformId, String scenario, long startMillis,
                                                    long generatedAtMillis, List<SnapshotModel> snapshotModels,
                                                    ForecastResult result) {
        List<ModelMetricsForecast> records = new ArrayList<>();
        if (result.models() == null) {
            return records;
        }
        for (SnapshotModel model : snapshotModels) {
            ModelForecast forecast = result.models().get(model.modelId());
            if (forecast == null) {
                continue;
            }
            List<MetricTrajectory> trajectories = new ArrayList<>();
            for (Map.Entry<String, SeriesForecast> metric : forecast.metrics().entrySet()) {
                trajectories.add(MetricTrajectory.newBuilder()
                        .setMetric(metric.getKey())
                        .setValueNow(metric.getValue().now())
                        .setTrajectory(ForecastRecords.horizonPoints(startMillis, result, metric.getValue()))
                        .build());
            }
            records.add(ModelMetricsForecast.newBuilder()
                    .setPlatformId(platformId)
                    .setScenario(scenario)
                    .setModelId(model.modelId())
                    .setGeneratedAt(Instant.ofEpochMilli(generatedAtMillis))
                    .setStartTime(Instant.ofEpochMilli(startMillis))
                    .setDeployedAt(Instant.ofEpochMilli(Math.round(model.deployedAtSeconds() * 1000)))
                    .setReplications(result.replications())
                    .setRetrainingStrategy(forecast.retrainingPolicy())
                    .setMetrics(trajectories)
                    .setProbabilityRetrainingWithinHorizon(forecast.probabilityRetrainingWithinHorizon())
                    .setNextRetrainingSeconds(offsets(result.quantileLevels(), forecast.nextRetrainingQuantilesSeconds()))
                    .build());
        }
        return records;
    }

    /** Pairs levels with offsets; an infinite or NaN offset (beyond the horizon) becomes null. */
    private static List<OffsetQuantile> offsets(double[] levels, double[] values) {
        List<OffsetQuantile> quantiles = new ArrayList<>(levels.length);
        for (int q = 0; q < levels.length && q < values.length; q++) {
            quantiles.add(new OffsetQuantile(levels[q], Double.isFinite(values[q]) ? values[q] : null));
        }
        return quantiles;
    }
}

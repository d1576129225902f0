package io.pipetwin.core.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model quality across a run. The tracker applies task effects to the model version each pipeline
 * builds and deploys it when the pipeline's deploy task finishes. Deployed metrics drift, the retraining
 * strategy runs at monitoring checks and submits retraining pipelines, and the tracker keeps the
 * cost/benefit accounts.
 *
 * <p>The simulation drives it through the {@code on...} methods and supplies two callbacks: one that
 * schedules a monitoring check at a simulation time, and one that submits a retraining pipeline. Drift
 * is evaluated only at checks and queries, so a deployed model costs no work between them.
 */
public final class ModelQualityTracker {

    /** Runs an action at a simulation time; the engine provides it. */
    @FunctionalInterface
    public interface CheckScheduler {
        void scheduleAt(double timeSeconds, Runnable action);
    }

    /** Submits a retraining pipeline for a model and returns its pipeline id, or null when none was submitted. */
    @FunctionalInterface
    public interface RetrainingSubmitter {
        String submitRetraining(String modelId, RetrainingTrigger trigger, double timeSeconds);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelQualityTracker.class);

    private final RetrainingPolicy policy;
    private final TaskEffects effects;
    private final Function<String, DriftProcess> driftByMetric;
    private final String watchedMetric;
    private final double accountingThreshold;
    private final RandomGenerator random;
    private final CheckScheduler scheduler;
    private final RetrainingSubmitter submitter;

    private final Map<String, ModelState> modelsById = new TreeMap<>();
    private final Map<String, PipelineRun> runsByPipelineId = new HashMap<>();

    public ModelQualityTracker(RetrainingPolicy policy, TaskEffects effects,
                               Function<String, DriftProcess> driftByMetric, String watchedMetric,
                               double accountingThreshold, RandomGenerator random, CheckScheduler scheduler,
                               RetrainingSubmitter submitter) {
        this.policy = policy;
        this.effects = effects;
        this.driftByMetric = driftByMetric;
        this.watchedMetric = watchedMetric;
        this.accountingThreshold = accountingThreshold;
        this.random = random;
        this.scheduler = scheduler;
        this.submitter = submitter;
    }

    /** Builds a tracker with the defaults of {@link ModelMetricDefaults} and the given strategy. */
    public static ModelQualityTracker withDefaults(RetrainingPolicy policy, RandomGenerator random,
                                                   CheckScheduler scheduler, RetrainingSubmitter submitter) {
        return new ModelQualityTracker(policy, TaskEffects.defaults(), ModelMetricDefaults::defaultDrift,
                ModelMetricDefaults.WATCHED_METRIC, ModelMetricDefaults.RETRAINING_THRESHOLD, random, scheduler,
                submitter);
    }

    /**
     * Registers a pipeline run that builds a version of {@code modelId}. Call it when the pipeline is
     * submitted. A retraining run is one this tracker submitted, and its cost is charged to the model.
     */
    public void onPipelineSubmitted(String pipelineId, String modelId, String framework, double timeSeconds,
                                    boolean retraining) {
        ModelState model = modelsById.computeIfAbsent(modelId, id -> new ModelState(id, framework));
        ModelMetrics start = model.deployedMetrics != null ? model.deployedMetrics
                : new ModelMetrics(ModelMetricDefaults.baselineAccuracy(framework),
                ModelMetricDefaults.BASELINE_ROBUSTNESS, ModelMetricDefaults.BASELINE_FAIRNESS);
        ModelCandidate candidate = new ModelCandidate(modelId, framework, start,
                model.deployedMetrics != null ? model.sizeMib : ModelMetricDefaults.TRAINED_MODEL_SIZE_MIB);
        runsByPipelineId.put(pipelineId, new PipelineRun(model, candidate, timeSeconds, retraining));
    }

    /**
     * Applies a finished task's effect to its pipeline's candidate and, for a deploy task, deploys it.
     *
     * @param gpuSeconds  GPU time the task held, in GPU-seconds (a half GPU for an hour is 1800)
     * @param waitSeconds time the task waited for resources
     */
    public void onTaskFinished(String pipelineId, String taskType, double timeSeconds, double gpuSeconds,
                               double waitSeconds) {
        PipelineRun run = runsByPipelineId.get(pipelineId);
        if (run == null) {
            return;
        }
        effects.forType(taskType).apply(run.candidate, random);
        if (run.retraining) {
            run.model.retrainingGpuSeconds += gpuSeconds;
            run.model.retrainingWaitSeconds += waitSeconds;
        }
        if (TaskEffects.DEPLOY.equals(TaskEffects.normalise(taskType))) {
            deploy(run.model, run.candidate, timeSeconds);
        }
    }

    /** Ends a pipeline run; a retraining that ends frees the model for the next one. */
    public void onPipelineFinished(String pipelineId, double timeSeconds) {
        PipelineRun run = runsByPipelineId.remove(pipelineId);
        if (run == null) {
            return;
        }
        if (run.retraining) {
            run.model.retrainingsCompleted++;
            run.model.retrainingLatencySecondsSum += timeSeconds - run.submittedAtSeconds;
        }
        if (pipelineId.equals(run.model.retrainingInFlight)) {
            run.model.retrainingInFlight = null;
        }
    }

    /**
     * Ends a pipeline run that failed: a failed retraining frees the model for the next one but does not
     * count as completed, and its candidate is never deployed.
     */
    public void onPipelineFailed(String pipelineId, double timeSeconds) {
        PipelineRun run = runsByPipelineId.remove(pipelineId);
        if (run == null) {
            return;
        }
        if (run.retraining) {
            run.model.retrainingsFailed++;
        }
        if (pipelineId.equals(run.model.retrainingInFlight)) {
            run.model.retrainingInFlight = null;
        }
    }

    /** Returns the mean (noise-free) value of a deployed model's metric, NaN when it is not deployed. */
    public double meanMetric(String modelId, String metric, double timeSeconds) {
        ModelState model = modelsById.get(modelId);
        if (model == null || model.deployedMetrics == null || !model.deployedMetrics.has(metric)) {
            return Double.NaN;
        }
        return driftByMetric.apply(metric).meanAt(model.deployedMetrics.get(metric),
                timeSeconds - model.deployedAtSeconds);
    }

    /** Returns the ids of the models deployed at least once, in id order. */
    public Collection<String> deployedModelIds() {
        List<String> ids = new ArrayList<>();
        for (ModelState model : modelsById.values()) {
            if (model.deployedMetrics != null) {
                ids.add(model.modelId);
            }
        }
        return Collections.unmodifiableList(ids);
    }

    /** Returns the names of the metrics every deployed model carries. */
    public List<String> metricNames() {
        return List.of(ModelMetrics.ACCURACY, ModelMetrics.ROBUSTNESS, ModelMetrics.FAIRNESS);
    }

    /** Closes the accounts at {@code endSeconds} and returns them. Call it once, at the end of the run. */
    public ModelQualityReport report(double endSeconds) {
        List<ModelAccount> accounts = new ArrayList<>();
        for (ModelState model : modelsById.values()) {
            if (model.deployedMetrics == null) {
                continue;
            }
            model.accountUntil(endSeconds);
            double deployedSeconds = endSeconds - model.firstDeployedAtSeconds;
            Map<String, Double> averages = new LinkedHashMap<>();
            for (Map.Entry<String, Double> integral : model.metricIntegrals.entrySet()) {
                averages.put(integral.getKey(),
                        deployedSeconds > 0 ? integral.getValue() / deployedSeconds : model.deployedMetrics.get(integral.getKey()));
            }
            double latency = model.retrainingsCompleted > 0
                    ? model.retrainingLatencySecondsSum / model.retrainingsCompleted : Double.NaN;
            accounts.add(new ModelAccount(model.modelId, model.versionsDeployed, model.retrainingsScheduled,
                    model.retrainingsMetricTriggered, model.retrainingsCompleted, model.retrainingsFailed,
                    model.retrainingGpuSeconds / 3600.0, model.retrainingWaitSeconds / 3600.0, latency,
                    deployedSeconds, averages, model.secondsBelowThreshold));
        }
        return new ModelQualityReport(watchedMetric, accountingThreshold, accounts);
    }

    private void deploy(ModelState model, ModelCandidate candidate, double timeSeconds) {
        boolean first = model.deployedMetrics == null;
        if (!first) {
            model.accountUntil(timeSeconds);
        }
        model.deployedMetrics = candidate.metrics().copy();
        model.sizeMib = candidate.sizeMib();
        model.deployedAtSeconds = timeSeconds;
        model.accountedUntilSeconds = timeSeconds;
        model.versionsDeployed++;
        if (first) {
            model.firstDeployedAtSeconds = timeSeconds;
            model.strategy = policy.newStrategy();
            scheduleCheck(model, timeSeconds);
        }
        model.strategy.onDeployed(timeSeconds);
    }

    private void scheduleCheck(ModelState model, double nowSeconds) {
        double interval = model.strategy.checkIntervalSeconds();
        if (Double.isFinite(interval)) {
            scheduler.scheduleAt(nowSeconds + interval, () -> check(model, nowSeconds + interval));
        }
    }

    private void check(ModelState model, double nowSeconds) {
        if (model.retrainingInFlight == null) {
            ModelMetrics observed = observe(model, nowSeconds);
            MonitoringSample sample = new MonitoringSample(nowSeconds, nowSeconds - model.deployedAtSeconds,
                    observed);
            RetrainingTrigger trigger = model.strategy.decide(sample);
            if (trigger != null) {
                submit(model, trigger, nowSeconds);
            }
        }
        scheduleCheck(model, nowSeconds);
    }

    private ModelMetrics observe(ModelState model, double nowSeconds) {
        ModelMetrics observed = model.deployedMetrics.copy();
        for (Map.Entry<String, Double> metric : model.deployedMetrics.asMap().entrySet()) {
            observed.set(metric.getKey(), driftByMetric.apply(metric.getKey())
                    .sampleAt(metric.getValue(), nowSeconds - model.deployedAtSeconds, random));
        }
        return observed;
    }

    private void submit(ModelState model, RetrainingTrigger trigger, double nowSeconds) {
        String pipelineId = submitter.submitRetraining(model.modelId, trigger, nowSeconds);
        if (pipelineId == null) {
            LOG.warn("Retraining of model {} ({}) at {} s was not submitted", model.modelId, trigger, nowSeconds);
            return;
        }
        model.retrainingInFlight = pipelineId;
        if (trigger == RetrainingTrigger.SCHEDULED) {
            model.retrainingsScheduled++;
        } else {
            model.retrainingsMetricTriggered++;
        }
        PipelineRun run = runsByPipelineId.get(pipelineId);
        if (run == null) {
            onPipelineSubmitted(pipelineId, model.modelId, model.framework, nowSeconds, true);
        } else {
            run.retraining = true;
        }
    }

    private final class ModelState {
        final String modelId;
        final String framework;
        ModelMetrics deployedMetrics;
        double sizeMib;
        double deployedAtSeconds;
        double firstDeployedAtSeconds;
        double accountedUntilSeconds;
        RetrainingStrategy strategy;
        String retrainingInFlight;

        int versionsDeployed;
        int retrainingsScheduled;
        int retrainingsMetricTriggered;
        int retrainingsCompleted;
        int retrainingsFailed;
        double retrainingGpuSeconds;
        double retrainingWaitSeconds;
        double retrainingLatencySecondsSum;
        final Map<String, Double> metricIntegrals = new LinkedHashMap<>();
        double secondsBelowThreshold;

        ModelState(String modelId, String framework) {
            this.modelId = modelId;
            this.framework = framework;
        }

        /** Adds the deployed version's mean trajectory over [accountedUntil, untilSeconds] to the accounts. */
        void accountUntil(double untilSeconds) {
            double from = accountedUntilSeconds - deployedAtSeconds;
            double to = untilSeconds - deployedAtSeconds;
            if (to <= from) {
                return;
            }
            for (Map.Entry<String, Double> metric : deployedMetrics.asMap().entrySet()) {
                double integral = driftByMetric.apply(metric.getKey()).integralOfMean(metric.getValue(), from, to);
                metricIntegrals.merge(metric.getKey(), integral, Double::sum);
            }
            if (deployedMetrics.has(watchedMetric)) {
                double crossing = driftByMetric.apply(watchedMetric)
                        .secondsUntilMeanBelow(deployedMetrics.get(watchedMetric), accountingThreshold);
                secondsBelowThreshold += Math.max(0.0, to - Math.max(from, crossing));
            }
            accountedUntilSeconds = untilSeconds;
        }
    }

    private static final class PipelineRun {
        final ModelState model;
        final ModelCandidate candidate;
        final double submittedAtSeconds;
        boolean retraining;

        PipelineRun(ModelState model, ModelCandidate candidate, double submittedAtSeconds, boolean retraining) {
            this.model = model;
            this.candidate = candidate;
            this.submittedAtSeconds = submittedAtSeconds;
            this.retraining = retraining;
        }
    }
}

package io.pipetwin.core.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipetwin.core.calibration.CalibratedTaskSampler;
import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.metrics.ModelMetricDefaults;
import io.pipetwin.core.metrics.ModelQualityReport;
import io.pipetwin.core.metrics.ModelQualityTracker;
import io.pipetwin.core.metrics.RetrainingTrigger;
import io.pipetwin.core.output.RecordingMode;
import io.pipetwin.core.output.RunRecorder;
import io.pipetwin.core.output.RunSummary;
import io.pipetwin.core.pipeline.LognormalDurationModel;
import io.pipetwin.core.pipeline.Pipeline;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskState;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Network;
import io.pipetwin.core.platform.StorageService;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceKind;
import io.pipetwin.core.platform.TaskPools;
import io.pipetwin.core.scheduling.FailurePolicy;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.core.scheduling.PlatformSimulation;
import io.pipetwin.core.scheduling.Scheduler;
import io.pipetwin.core.scheduling.SimulationListener;
import io.pipetwin.core.workload.GeneratedPipeline;
import io.pipetwin.core.workload.TaskSampler;
import io.pipetwin.core.workload.WorkloadGenerator;

/**
 * One simulation of one configuration. It builds the platform on the event engine and feeds it the
 * workload generator's pipelines. The model-quality tracker deploys, drifts and retrains models, and a
 * {@link RunRecorder} records tasks, pipelines and the sampled time series.
 *
 * <p>Hooks into the engine: arrivals, monitoring checks and time-series samples are events of their own
 * handlers on the {@link Simulation}; task and pipeline changes arrive through a
 * {@link SimulationListener} on the {@link PlatformSimulation}. Random streams are named substreams of
 * the seed ({@code arrivals}, {@code workload}, {@code model-metrics}, plus the engine's own), so the same
 * configuration and seed give the same outputs.
 */
public final class SimulationRun implements SimulationListener {

    private static final Logger LOG = LoggerFactory.getLogger(SimulationRun.class);

    private final SimulationConfig config;
    private final Simulation simulation;
    private final Cluster cluster;
    private final Scheduler scheduler;
    private final PlatformSimulation platform;
    private final Network network;
    private final WorkloadGenerator generator;
    private final ModelQualityTracker tracker;
    private final RunRecorder recorder;

    private final int arrivalHandler;
    private final int sampleHandler;
    private final int checkHandler;
    private final Map<Integer, Runnable> pendingChecks = new HashMap<>();
    private int nextCheckId;
    private final Iterator<GeneratedPipeline> fixedArrivals;
    private GeneratedPipeline nextArrival;
    private final Map<String, GeneratedPipeline> activePipelines = new HashMap<>();
    private final Map<Task, String> nodeIdsByRunningTask = new IdentityHashMap<>();
    private long pipelinesFailed;

    private SimulationRun(SimulationConfig config, List<GeneratedPipeline> fixedArrivals) throws IOException {
        this.config = config;
        this.fixedArrivals = fixedArrivals == null ? null : fixedArrivals.iterator();
        this.simulation = new Simulation(config.seed());
        this.cluster = new Cluster(config.platform().nodeSpecs());
        List<String> gpuModels = config.platform().nodeSpecs().stream().map(NodeSpec::gpuModel)
                .filter(model -> model != null).distinct().toList();
        this.scheduler = new Scheduler(simulation, cluster, PolicyCatalog.queueing(config.queueing()),
                PolicyCatalog.placement(config.placement(), gpuModels), HeadOfLineRule.BACKFILL);
        this.platform = new PlatformSimulation(simulation, cluster, scheduler, new LognormalDurationModel(),
                FailurePolicy.REQUEUE);
        if (config.platform().storageGbitPerSecond() > 0) {
            this.network = new Network(simulation);
            platform.setStorage(new StorageService(network, config.platform().storageBytesPerSecond()));
        } else {
            this.network = null;
        }
        platform.addListener(this);

        // A calibrated profile's tasks take request and duration from the fitted class model; others draw the
        // request from taskResources and the duration from the lognormal duration model.
        TaskSampler taskSampler = CalibratedTaskSampler.forProfile(config.workload(), demand -> true)
                .<TaskSampler>map(sampler -> sampler)
                .orElseGet(() -> TaskSampler.ofResourceOptions(config.workload()));
        this.generator = new WorkloadGenerator(config.workload(), generatorOf(simulation.stream("arrivals")),
                generatorOf(simulation.stream("workload")), taskSampler);
        this.checkHandler = simulation.register(id -> pendingChecks.remove(id).run());
        this.tracker = ModelQualityTracker.withDefaults(config.retraining(),
                generatorOf(simulation.stream("model-metrics")), this::scheduleCheck, this::submitRetraining);
        this.recorder = new RunRecorder(config.recording(), config.outputDirectory(), config.format());
        this.arrivalHandler = simulation.register(payload -> onArrival());
        this.sampleHandler = simulation.register(payload -> onSample());
    }

    /** Runs one configuration to its end, writes the outputs it is configured for and returns its summary. */
    public static RunSummary run(SimulationConfig config) throws IOException {
        return new SimulationRun(config, null).execute();
    }

    /**
     * Runs one configuration on a fixed list of pipelines instead of the workload generator's arrivals,
     * for replays and hand-traced tests. The pipelines must be in submission order. Retraining needs
     * templates the generator has produced, so with fixed arrivals use the strategy {@code none}.
     */
    public static RunSummary run(SimulationConfig config, List<GeneratedPipeline> arrivals) throws IOException {
        return new SimulationRun(config, List.copyOf(arrivals)).execute();
    }

    /** Adapts an engine random stream to the JDK interface the workload and metrics packages take. */
    static RandomGenerator generatorOf(RandomStream stream) {
        return stream::nextLong;
    }

    private RunSummary execute() throws IOException {
        LOG.info("Simulation started: seed {}, {} nodes, {} of simulated time, queueing {}, placement {}, retraining {}",
                config.seed(), cluster.nodes().size(), Duration.ofMillis(Math.round(config.durationSeconds() * 1000)),
                config.queueing(),
                config.placement(), config.retraining().spec());
        try {
            scheduleNextArrival();
            simulation.scheduleAt(0.0, sampleHandler, 0);
            simulation.runUntil(config.durationSeconds());

            RunSummary summary = recorder.finish(config.durationSeconds());
            ModelQualityReport report = tracker.report(config.durationSeconds());
            addModelQuality(summary, report);
            summary.put("pipelines_failed", pipelinesFailed);
            summary.put("events", simulation.eventCount());
            recorder.writeSummary(summary);
            if (config.recording() == RecordingMode.FULL) {
                ModelAccountsCsv.write(config.outputDirectory().resolve("models.csv"), report);
            }
            LOG.info("Simulation finished: seed {}, {} events, {} pipelines completed", config.seed(),
                    simulation.eventCount(), (long) summary.get("pipelines_completed"));
            return summary;
        } finally {
            recorder.close();
        }
    }

    private static void addModelQuality(RunSummary summary, ModelQualityReport report) {
        summary.put("models_deployed", report.models().size());
        summary.put("retrainings", report.totalRetrainings());
        summary.put("retraining_gpu_hours", report.totalRetrainingGpuHours());
        summary.put("retraining_queueing_hours", report.totalRetrainingQueueingHours());
        Map<String, Double> averages = report.timeAveragedMetrics();
        for (String metric : List.of("accuracy", "robustness", "fairness")) {
            summary.put("model_" + metric + "_time_avg", averages.getOrDefault(metric, Double.NaN));
        }
        summary.put("model_share_below_threshold", report.shareBelowThreshold());
    }

    private void scheduleNextArrival() {
        if (fixedArrivals != null) {
            nextArrival = fixedArrivals.hasNext() ? fixedArrivals.next() : null;
        } else {
            nextArrival = generator.next();
        }
        if (nextArrival != null && nextArrival.submitTimeSeconds() < config.durationSeconds()) {
            simulation.scheduleAt(nextArrival.submitTimeSeconds(), arrivalHandler, 0);
        }
    }

    private void onArrival() {
        submit(nextArrival);
        scheduleNextArrival();
    }

    private void submit(GeneratedPipeline pipeline) {
        activePipelines.put(pipeline.pipelineId(), pipeline);
        platform.submitPipeline(PipelineSpecs.toSpec(pipeline), PipelineSpecs.durationsSeconds(pipeline));
    }

    private void scheduleCheck(double timeSeconds, Runnable action) {
        if (timeSeconds > config.durationSeconds()) {
            return;
        }
        int id = nextCheckId++;
        pendingChecks.put(id, action);
        simulation.scheduleAt(timeSeconds, checkHandler, id);
    }

    private String submitRetraining(String modelId, RetrainingTrigger trigger, double timeSeconds) {
        GeneratedPipeline pipeline;
        try {
            pipeline = generator.retraining(modelId, trigger, timeSeconds);
        } catch (IllegalArgumentException e) {
            LOG.warn("Retraining of model {} at {} s skipped: {}", modelId, String.format(Locale.ROOT, "%.0f", timeSeconds),
                    e.getMessage());
            return null;
        }
        submit(pipeline);
        return pipeline.pipelineId();
    }

    private void onSample() {
        double now = simulation.now();
        recorder.sample(now, "queue_length", TaskPools.CPU, scheduler.waiting(TaskPools.CPU));
        recorder.sample(now, "queue_length", TaskPools.GPU, scheduler.waiting(TaskPools.GPU));
        sampleUtilisation(now);
        if (network != null) {
            sampleNetwork(now);
        }
        sampleModelMetrics(now);

        double next = now + config.sampleIntervalSeconds();
        if (next <= config.durationSeconds()) {
            simulation.scheduleAt(next, sampleHandler, 0);
        }
    }

    /** Samples the storage link: transfers in progress, their summed rate and the link's busy share. */
    private void sampleNetwork(double now) {
        double bytesPerSecond = 0;
        for (Task task : scheduler.running()) {
            if (task.state() == TaskState.TRANSFERRING) {
                bytesPerSecond += network.rateBytesPerSecond(task.transferId());
            }
        }
        recorder.sample(now, "network", "active_transfers", network.activeTransfers());
        recorder.sample(now, "network", "storage_gbit_per_second", bytesPerSecond * 8 / 1e9);
        recorder.sample(now, "network_utilisation", "storage",
                bytesPerSecond / config.platform().storageBytesPerSecond());
    }

    private void sampleUtilisation(double now) {
        for (String pool : cluster.poolNames()) {
            samplePool(now, pool);
        }
        samplePool(now, TaskPools.ALL);
        for (Node node : cluster.nodeArray()) {
            if (!node.isUp()) {
                continue;
            }
            double cpu = (double) node.allocatedCpuMilli() / node.spec().cpuMilli();
            recorder.sampleDetail(now, "node_cpu_utilisation", node.id(), cpu);
            if (node.gpuCapacityMilli() > 0) {
                recorder.sampleDetail(now, "node_gpu_utilisation", node.id(),
                        (double) node.allocatedGpuMilli() / node.gpuCapacityMilli());
            }
        }
    }

    private void samplePool(double now, String pool) {
        recorder.sample(now, "utilisation", pool + "/cpu", cluster.utilisation(pool, ResourceKind.CPU));
        recorder.sample(now, "utilisation", pool + "/memory", cluster.utilisation(pool, ResourceKind.MEMORY));
        if (cluster.capacity(pool, ResourceKind.GPU) > 0) {
            recorder.sample(now, "utilisation", pool + "/gpu", cluster.utilisation(pool, ResourceKind.GPU));
        }
    }

    private void sampleModelMetrics(double now) {
        for (String metric : tracker.metricNames()) {
            double sum = 0;
            int count = 0;
            for (String modelId : tracker.deployedModelIds()) {
                double value = tracker.meanMetric(modelId, metric, now);
                recorder.sampleDetail(now, "model_" + metric, modelId, value);
                sum += value;
                count++;
            }
            if (count > 0) {
                recorder.sample(now, "model_metric", metric, sum / count);
            }
        }
    }

    @Override
    public void onPipelineArrived(Pipeline pipeline) {
        GeneratedPipeline generated = activePipelines.get(pipeline.spec().pipelineId());
        recorder.pipelineSubmitted();
        tracker.onPipelineSubmitted(generated.pipelineId(), generated.modelId(), generated.framework(),
                simulation.now(), false);
    }

    @Override
    public void onTaskStarted(Task task) {
        StringBuilder nodeIds = new StringBuilder();
        for (int i = 0; i < task.nodeCount(); i++) {
            Node node = task.node(i);
            if (node != null) {
                nodeIds.append(nodeIds.length() == 0 ? "" : ";").append(node.id());
            }
        }
        nodeIdsByRunningTask.put(task, nodeIds.toString());
    }

    @Override
    public void onTaskPreempted(Task task) {
        nodeIdsByRunningTask.remove(task);
    }

    @Override
    public void onTaskInterrupted(Task task, Node failedNode) {
        nodeIdsByRunningTask.remove(task);
    }

    @Override
    public void onTaskFinished(Task task) {
        double now = simulation.now();
        String pipelineId = task.pipeline().spec().pipelineId();
        GeneratedPipeline generated = activePipelines.get(pipelineId);
        long gpuMilli = task.request().totalGpuMilli() * task.nodeCount();
        io.pipetwin.core.output.TaskRecord record = new io.pipetwin.core.output.TaskRecord(pipelineId,
                task.taskId(), generated.tasks().get(task.indexInPipeline()).taskType(), generated.pipelineType(),
                generated.tenant(), task.pipeline().spec().trigger().name(), nodeIdsByRunningTask.remove(task),
                task.pipeline().arrivalSeconds(), task.submitSeconds(), task.startSeconds(), now, gpuMilli,
                "finished");
        recorder.taskFinished(record);
        tracker.onTaskFinished(pipelineId, record.taskType(), now, record.gpuSeconds(), record.waitSeconds());
    }

    @Override
    public void onPipelineCompleted(Pipeline pipeline) {
        String pipelineId = pipeline.spec().pipelineId();
        GeneratedPipeline generated = activePipelines.remove(pipelineId);
        recorder.pipelineFinished(new io.pipetwin.core.output.PipelineRecord(pipelineId, generated.pipelineType(),
                generated.tenant(), generated.modelId(), pipeline.spec().trigger().name(), pipeline.arrivalSeconds(),
                pipeline.completionSeconds(), pipeline.taskCount()));
        tracker.onPipelineFinished(pipelineId, simulation.now());
    }

    @Override
    public void onPipelineFailed(Pipeline pipeline) {
        String pipelineId = pipeline.spec().pipelineId();
        activePipelines.remove(pipelineId);
        pipelinesFailed++;
        tracker.onPipelineFailed(pipelineId, simulation.now());
    }
}

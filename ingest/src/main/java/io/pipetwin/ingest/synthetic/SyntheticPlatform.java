package io.pipetwin.ingest.synthetic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.random.RandomGenerator;

import io.pipetwin.core.calibration.CalibratedProfiles;
import io.pipetwin.core.calibration.CalibratedTaskSampler;
import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.LognormalDurationModel;
import io.pipetwin.core.pipeline.Pipeline;
import io.pipetwin.core.pipeline.PipelineDag;
import io.pipetwin.core.pipeline.PipelineSpec;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskState;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.pipeline.Trigger;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceKind;
import io.pipetwin.core.scheduling.FailurePolicy;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.core.scheduling.PlatformSimulation;
import io.pipetwin.core.scheduling.Scheduler;
import io.pipetwin.core.scheduling.SimulationListener;
import io.pipetwin.core.workload.GeneratedPipeline;
import io.pipetwin.core.workload.GeneratedTask;
import io.pipetwin.core.workload.TaskSampler;
import io.pipetwin.core.workload.WorkloadGenerator;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;
import io.pipetwin.schemas.avro.ModelDeployed;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PipelineTrigger;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.avro.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live AI platform made of the twin-core simulation: an unbounded, deterministic stream of
 * {@link PlatformEvent}s in event-time order, for the demo and for tests that need a realistic platform
 * without a trace file.
 *
 * <p>Cluster: by default {@value #DEFAULT_NODES} nodes apportioned (largest remainder) over the node types
 * of the published Alibaba GPU 2023 node list, grouped by GPU model and count ({@link #ALIBABA_2023_NODE_MIX});
 * with 24 nodes that is 9 × 8-GPU G2, 6 × 2-GPU T4, 2 × 2-GPU P100, 1 × 8-GPU G3, 1 × 4-GPU V100M16 and 5
 * CPU-only nodes, 100 GPUs.
 *
 * <p>Workload: a {@link WorkloadProfile} (default the calibrated {@code profiles/alibaba-gpu-2023.json})
 * drawn by {@link WorkloadGenerator}, without the resource options no node of the cluster can hold. When the
 * profile has a calibration section, each task's class, request and compute time are drawn together by
 * {@link CalibratedTaskSampler}: a class by its share in the trace, a request from that class's demand mix
 * and a duration from that class's empirical run-time distribution. A hand-written profile draws requests
 * from its {@code taskResources} and durations from {@link LognormalDurationModel}.
 *
 * <p>Arrival scaling: the profile's arrival rates describe the whole traced cluster, so every hour-of-week
 * rate is multiplied by one factor that makes the offered load of the busiest resource (GPU, CPU or memory)
 * equal {@code targetUtilisation} (default {@value #DEFAULT_TARGET_UTILISATION}) of the cluster's capacity:
 * {@code factor = target × 3600 / (meanRatePerHour × max_r(meanLoadPerPipeline_r / capacity_r))}, where a
 * pipeline's load of resource r is the sum over its tasks of the request × the expected seconds. For a
 * calibrated profile that expectation is exact (class shares × mean request × mean run time); otherwise it
 * is averaged over {@value #LOAD_SAMPLE_PIPELINES} pipelines drawn with the same seed, with the lognormal
 * model's expected seconds. The burst shape is kept. With the Alibaba 2023 profile on the default cluster
 * a task uses 13,506 GPU-seconds on average, GPU is the busiest resource (offered CPU 0.44, memory 0.34
 * of capacity), and the factor is about 8.8, 20 pipelines per hour. The offered GPU load is 0.75 in the
 * long run, but the run times are heavy-tailed (up to 15 days), so a platform started empty approaches it
 * slowly: a task running at time t started within the last t seconds, so the busy GPUs at t are the
 * offered load × {@code E[gpus × min(run time, t)] / E[gpus × run time]}, about 0.23 of it after 20 hours
 * and 0.42 after 7 days. {@link Builder#warmUpToSteadyState()} therefore runs the simulation for the longest
 * run time the profile can draw (147 days for the built-in profile) before the stream starts.
 *
 * <p>Scheduling: FIFO queues per pool (CPU, GPU) with backfill, first-fit placement; no node fails.
 *
 * <p>NOTE: with the built-in profile at the default target, 8-GPU tasks (0.6 % of tasks, 13 % of the GPU
 * load) need an 8-GPU node with no GPU in use, which first-fit with greedy backfill rarely leaves, so their
 * queue grows without bound: 37 of them wait after the 147-day warm-up with seed 1, and the realised GPU
 * utilisation stays near 0.6 rather than 0.75. At target 0.5 their queue drains from time to time.
 *
 * <p>Events: {@code NodeAdded} for every node at time 0; per pipeline {@code PipelineSubmitted} with the
 * template's DAG; per task {@code TaskQueued} when its predecessors are done, {@code TaskStarted} with
 * its node and {@code TaskFinished} (SUCCEEDED); and {@code ModelDeployed} (version counting per model)
 * when a pipeline with a deploy task completes. Event ids are {@code <platform>:<task id>:<kind>};
 * event time is {@code startTime} plus simulated seconds. The same options and seed give the same events.
 *
 * <p>Not thread-safe, except {@link #stop()}.
 */
public final class SyntheticPlatform implements Iterator<PlatformEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticPlatform.class);

    /** Nodes of the default cluster. */
    public static final int DEFAULT_NODES = 24;
    /** Offered load of the busiest resource, as a share of its capacity, that the arrival rate is scaled to by default. */
    public static final double DEFAULT_TARGET_UTILISATION = 0.75;
    /** Classpath resource of the default workload profile. */
    public static final String DEFAULT_PROFILE_RESOURCE = "/profiles/alibaba-gpu-2023.json";
    /** Platform id used when none is set. */
    public static final String DEFAULT_PLATFORM_ID = "synthetic-platform";
    /** Pipelines drawn to estimate the mean load per pipeline of a profile without a calibration section. */
    public static final int LOAD_SAMPLE_PIPELINES = 5_000;

    /**
     * Node types of the Alibaba GPU 2023 node list ({@code openb_node_list_all_node.csv}, 1,523 nodes),
     * grouped by GPU model and count, with the number of nodes of each group and one typical capacity.
     */
    public static final List<NodeType> ALIBABA_2023_NODE_MIX = List.of(
            new NodeType("g2", 549, 96_000, 393_216, 8, "G2"),
            new NodeType("t4", 404, 104_000, 524_288, 2, "T4"),
            new NodeType("cpu32", 162, 32_000, 262_144, 0, null),
            new NodeType("p100", 129, 16_000, 122_880, 2, "P100"),
            new NodeType("cpu96", 109, 96_000, 524_288, 0, null),
            new NodeType("v100m16", 54, 32_000, 131_072, 4, "V100M16"),
            new NodeType("g3", 39, 128_000, 786_432, 8, "G3"),
            new NodeType("v100m32", 30, 96_000, 786_432, 8, "V100M32"));

    /**
     * One group of identical nodes.
     *
     * @param name      short name used in node ids
     * @param realCount nodes of this group in the published node list
     * @param cpuMilli  CPU in milli-cores
     * @param memoryMib memory in MiB
     * @param gpuCount  GPUs
     * @param gpuModel  GPU model, or null for CPU-only nodes
     */
    public record NodeType(String name, int realCount, long cpuMilli, long memoryMib, int gpuCount, String gpuModel) {
    }

    private final String platformId;
    private final String source;
    private final long startEpochMillis;
    private final List<NodeSpec> nodes;
    private final WorkloadProfile scaledProfile;
    private final double arrivalScale;
    private final Simulation simulation;
    private final PlatformSimulation platform;
    private final WorkloadGenerator generator;
    private final CalibratedTaskSampler calibratedSampler;
    private final double[] offeredUtilisation;
    private final int arrivalHandler;
    private final ArrayDeque<PlatformEvent> ready = new ArrayDeque<>();
    /** Pipelines submitted and not completed, in arrival order, with the engine's run of each. */
    private final Map<String, GeneratedPipeline> active = new LinkedHashMap<>();
    private final Map<String, Pipeline> activeRuns = new HashMap<>();
    /** TaskStarted payloads of the warm-up, by task id, for the snapshot; emptied when the warm-up ends. */
    private final Map<String, TaskStarted> warmUpStarts = new HashMap<>();
    private final double warmUpSeconds;
    private boolean warmingUp;
    private final Map<String, Integer> deployedVersions = new HashMap<>();
    private GeneratedPipeline nextArrival;
    private long pipelinesSubmitted;
    private volatile boolean stopped;

    private SyntheticPlatform(Builder builder) {
        this.platformId = builder.platformId;
        this.nodes = List.copyOf(builder.nodes != null ? builder.nodes : alibabaSlice(builder.nodeCount));
        WorkloadProfile profile = builder.profile != null ? builder.profile : defaultProfile();
        this.source = "synthetic-platform:" + profile.name();
        this.startEpochMillis = builder.startTime.toEpochMilli();
        int gpus = nodes.stream().mapToInt(NodeSpec::gpuCount).sum();
        WorkloadProfile feasible = feasibleOn(profile, nodes);
        LognormalDurationModel durations = new LognormalDurationModel();
        this.calibratedSampler = CalibratedTaskSampler.forProfile(feasible,
                demand -> fitsSomeNode(CalibratedProfiles.option(1, demand), nodes)).orElse(null);
        double[] load = calibratedSampler != null
                ? meanLoadPerPipeline(feasible, calibratedSampler)
                : meanLoadPerPipeline(feasible, durations, builder.seed);
        double rate = feasible.arrivals().meanRatePerHour();
        double cpuMilli = nodes.stream().mapToLong(NodeSpec::cpuMilli).sum();
        double memoryMib = nodes.stream().mapToLong(NodeSpec::memoryMib).sum();
        // Busiest resource's share of the cluster per pipeline per second of arrivals.
        double busiest = Math.max(gpus == 0 ? 0 : load[0] / gpus, Math.max(load[1] / cpuMilli, load[2] / memoryMib));
        if (!(busiest > 0) || !(rate > 0)) {
            throw new IllegalArgumentException("cannot scale profile " + profile.name() + " to the cluster: "
                    + rate + " pipelines per hour, mean load per pipeline " + java.util.Arrays.toString(load)
                    + "; use a profile with arrivals and resource requests");
        }
        this.arrivalScale = builder.targetUtilisation * 3600.0 / (rate * busiest);
        this.scaledProfile = scaled(feasible, arrivalScale);
        double gpuSecondsPerPipeline = load[0];

        this.simulation = new Simulation(builder.seed);
        Cluster cluster = new Cluster(nodes);
        Scheduler scheduler = new Scheduler(simulation, cluster, FifoQueueing::new, new FirstFit(),
                HeadOfLineRule.BACKFILL);
        this.platform = new PlatformSimulation(simulation, cluster, scheduler, durations, FailurePolicy.FAIL);
        platform.addListener(new Listener());
        this.generator = new WorkloadGenerator(scaledProfile, random(simulation.stream("arrivals")),
                random(simulation.stream("workload")), calibratedSampler != null ? calibratedSampler
                        : TaskSampler.ofResourceOptions(scaledProfile));
        this.arrivalHandler = simulation.register(payload -> onArrival());

        scheduleNextArrival();
        this.warmUpSeconds = builder.warmUp != null ? builder.warmUp.toMillis() / 1000.0
                : builder.warmUpToSteadyState ? steadyStateWarmUpSeconds() : 0;
        if (warmUpSeconds > 0) {
            warmingUp = true;
            simulation.runUntil(warmUpSeconds);
            warmingUp = false;
        }
        for (NodeSpec node : nodes) {
            emit(node.nodeId() + ":added", NodeAdded.newBuilder().setNodeId(node.nodeId())
                    .setPool(null).setCpuMilli(node.cpuMilli()).setMemoryMib(node.memoryMib())
                    .setGpuCount(node.gpuCount()).setGpuModel(node.gpuModel()).build());
        }
        if (warmUpSeconds > 0) {
            emitSnapshot();
        }
        this.offeredUtilisation = new double[] {gpus == 0 ? 0 : rate * arrivalScale * load[0] / 3600 / gpus,
                rate * arrivalScale * load[1] / 3600 / cpuMilli, rate * arrivalScale * load[2] / 3600 / memoryMib};
        LOG.info("Synthetic platform {}: {} nodes, {} GPUs, profile {} at {}x its arrival rate ({} pipelines/h,"
                        + " {} GPU-s per pipeline, durations from {}, offered utilisation GPU {} CPU {} memory {}),"
                        + " seed {}", platformId, nodes.size(), gpus, profile.name(), String.format("%.4f", arrivalScale),
                String.format("%.2f", scaledArrivalRatePerHour()), String.format("%.0f", gpuSecondsPerPipeline),
                calibratedSampler != null ? "the profile's per-class run-time distributions" : "the lognormal model",
                String.format("%.3f", offeredUtilisation[0]), String.format("%.3f", offeredUtilisation[1]),
                String.format("%.3f", offeredUtilisation[2]), builder.seed);
        if (warmUpSeconds > 0) {
            LOG.info("Synthetic platform {}: warmed up for {} simulated days; the stream starts with {} pipelines"
                    + " in progress", platformId, String.format("%.1f", warmUpSeconds / 86_400), active.size());
        }
    }

    /** Returns a builder with the defaults described on the class. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the cluster's nodes. */
    public List<NodeSpec> nodes() {
        return nodes;
    }

    /** Returns the factor the profile's arrival rates were multiplied by. */
    public double arrivalScale() {
        return arrivalScale;
    }

    /** Returns the mean pipeline arrival rate, per simulated hour, after scaling. */
    public double scaledArrivalRatePerHour() {
        return scaledProfile.arrivals().meanRatePerHour();
    }

    /**
     * Returns the offered load after scaling as a share of the cluster's capacity, GPU, CPU and memory in that
     * order: arrival rate × mean load per pipeline / capacity. The busiest one equals the target utilisation.
     */
    public double[] offeredUtilisation() {
        return offeredUtilisation.clone();
    }

    /**
     * Returns the sampler that draws each task's class, request and duration from the profile's calibration
     * section, or null when the profile has none and durations come from {@link LognormalDurationModel}.
     */
    public CalibratedTaskSampler calibratedSampler() {
        return calibratedSampler;
    }

    /** Returns the profile after scaling its arrival rates. */
    public WorkloadProfile scaledProfile() {
        return scaledProfile;
    }

    /** Returns how many pipelines were submitted so far. */
    public long pipelinesSubmitted() {
        return pipelinesSubmitted;
    }

    /** Returns the simulated time in seconds run before the stream's first event. */
    public double warmUpSeconds() {
        return warmUpSeconds;
    }

    /** Returns the simulated time in seconds reached so far, the warm-up included. */
    public double nowSeconds() {
        return simulation.now();
    }

    /** Ends the stream: {@link #hasNext()} returns false from now on. Safe from any thread. */
    public void stop() {
        stopped = true;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !stopped) {
            if (!simulation.step()) {
                // Only when no arrival is pending, which an unbounded arrival process does not allow.
                return false;
            }
        }
        return !ready.isEmpty() && !stopped;
    }

    @Override
    public PlatformEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("synthetic platform " + platformId + " is stopped");
        }
        return ready.poll();
    }

    private void scheduleNextArrival() {
        nextArrival = generator.next();
        simulation.scheduleAt(nextArrival.submitTimeSeconds(), arrivalHandler, 0);
    }

    private void onArrival() {
        GeneratedPipeline pipeline = nextArrival;
        active.put(pipeline.pipelineId(), pipeline);
        pipelinesSubmitted++;
        platform.submitPipeline(spec(pipeline), durationsSeconds(pipeline));
        scheduleNextArrival();
    }

    private final class Listener implements SimulationListener {

        @Override
        public void onPipelineArrived(Pipeline pipeline) {
            GeneratedPipeline generated = active.get(pipeline.spec().pipelineId());
            activeRuns.put(generated.pipelineId(), pipeline);
            emit(generated.pipelineId() + ":submitted", submitted(generated));
        }

        @Override
        public void onTaskSubmitted(Task task) {
            String taskId = taskId(task);
            emit(taskId + ":queued", new TaskQueued(pipelineId(task), taskId));
        }

        @Override
        public void onTaskStarted(Task task) {
            String taskId = taskId(task);
            List<String> extra = new ArrayList<>();
            for (int i = 1; i < task.nodeCount(); i++) {
                extra.add(task.node(i).id());
            }
            TaskStarted started = new TaskStarted(pipelineId(task), taskId, task.node(0).id(), extra);
            if (warmingUp) {
                warmUpStarts.put(taskId, started);
            }
            emit(taskId + ":started", started);
        }

        @Override
        public void onTaskFinished(Task task) {
            String taskId = taskId(task);
            emit(taskId + ":finished", new TaskFinished(pipelineId(task), taskId, TaskStatus.SUCCEEDED));
        }

        @Override
        public void onPipelineCompleted(Pipeline pipeline) {
            GeneratedPipeline generated = forget(pipeline);
            if (generated != null && generated.deploys()) {
                int version = deployedVersions.merge(generated.modelId(), 1, Integer::sum);
                emit(generated.pipelineId() + ":deployed", ModelDeployed.newBuilder()
                        .setModelId(generated.modelId()).setPipelineId(generated.pipelineId())
                        .setVersion(Integer.toString(version)).setMetrics(Map.of()).build());
            }
        }

        @Override
        public void onPipelineFailed(Pipeline pipeline) {
            forget(pipeline);
        }
    }

    /** Removes a completed or failed pipeline from the active ones and returns it. */
    private GeneratedPipeline forget(Pipeline pipeline) {
        String pipelineId = pipeline.spec().pipelineId();
        activeRuns.remove(pipelineId);
        GeneratedPipeline generated = active.remove(pipelineId);
        if (warmingUp && generated != null) {
            generated.tasks().forEach(task -> warmUpStarts.remove(task.taskId()));
        }
        return generated;
    }

    /**
     * Emits the state at the end of the warm-up, all at the stream's first instant: per pipeline in progress
     * its submission, then per task in DAG order what happened to it so far (queued; queued and started;
     * or queued, started and finished). A task still blocked by its predecessors gets no event.
     *
     * <p>NOTE: a task running at the end of the warm-up appears to start at the stream's first instant, so a
     * consumer that conditions remaining run time on elapsed time sees 0 elapsed for it.
     */
    private void emitSnapshot() {
        for (GeneratedPipeline generated : active.values()) {
            Pipeline run = activeRuns.get(generated.pipelineId());
            emit(generated.pipelineId() + ":submitted", submitted(generated));
            for (int i = 0; i < run.taskCount(); i++) {
                TaskState state = run.task(i).state();
                String taskId = generated.tasks().get(i).taskId();
                if (state == TaskState.BLOCKED || state == TaskState.FAILED) {
                    continue;
                }
                emit(taskId + ":queued", new TaskQueued(generated.pipelineId(), taskId));
                if (state == TaskState.WAITING) {
                    continue;
                }
                emit(taskId + ":started", warmUpStarts.get(taskId));
                if (state == TaskState.FINISHED) {
                    emit(taskId + ":finished", new TaskFinished(generated.pipelineId(), taskId, TaskStatus.SUCCEEDED));
                }
            }
        }
        warmUpStarts.clear();
    }

    /**
     * Returns the warm-up after which a platform started empty is in steady state: the longest run time the
     * calibrated profile can draw (a task running later started after time 0), rounded up to whole weeks so
     * the stream starts on the same hour of the week. A profile without a calibration section has unbounded
     * lognormal durations, so it gets one week.
     */
    private double steadyStateWarmUpSeconds() {
        double week = 7 * 86_400.0;
        if (calibratedSampler == null) {
            return week;
        }
        return Math.ceil(calibratedSampler.longestDurationSeconds() / week) * week;
    }

    private String pipelineId(Task task) {
        return task.pipeline().spec().pipelineId();
    }

    private String taskId(Task task) {
        return active.get(pipelineId(task)).tasks().get(task.indexInPipeline()).taskId();
    }

    /** Queues an event at the current simulated time, except during the warm-up. */
    private void emit(String idSuffix, Object payload) {
        if (!warmingUp) {
            ready.add(event(idSuffix, simulation.now(), payload));
        }
    }

    private PlatformEvent event(String idSuffix, double timeSeconds, Object payload) {
        return PlatformEvent.newBuilder()
                .setEventId(platformId + ":" + idSuffix)
                .setPlatformId(platformId)
                .setEventTime(Instant.ofEpochMilli(startEpochMillis + Math.round((timeSeconds - warmUpSeconds) * 1000)))
                .setSource(source)
                .setPayload(payload)
                .build();
    }

    private static PipelineSubmitted submitted(GeneratedPipeline pipeline) {
        List<TaskSpec> tasks = new ArrayList<>(pipeline.tasks().size());
        for (GeneratedTask task : pipeline.tasks()) {
            WorkloadProfile.ResourceOption option = task.request();
            List<String> dependsOn = task.dependsOnIndexes().stream()
                    .map(index -> pipeline.tasks().get(index).taskId()).toList();
            tasks.add(TaskSpec.newBuilder().setTaskId(task.taskId()).setTaskType(task.taskType())
                    .setRequest(ResourceRequest.newBuilder().setCpuMilli(option.cpuMilli())
                            .setMemoryMib(option.memoryMib()).setGpuCount(option.gpuCount())
                            .setGpuMilli(option.gpuMilli()).setGpuModel(option.gpuModel()).build())
                    .setDependsOn(dependsOn).setNodeCount(1).build());
        }
        return PipelineSubmitted.newBuilder().setPipelineId(pipeline.pipelineId()).setTenant(pipeline.tenant())
                .setModelId(pipeline.modelId()).setFramework(pipeline.framework())
                .setDatasetSizeBytes(Math.round(pipeline.datasetSizeGib() * GIB)).setTrigger(PipelineTrigger.MANUAL)
                .setPriority(pipeline.priority()).setTasks(tasks).build();
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** Builds the simulator's pipeline: one node per task, no input transfer (the cluster has no storage model). */
    private static PipelineSpec spec(GeneratedPipeline pipeline) {
        List<io.pipetwin.core.pipeline.TaskSpec> tasks = new ArrayList<>(pipeline.tasks().size());
        for (GeneratedTask task : pipeline.tasks()) {
            WorkloadProfile.ResourceOption option = task.request();
            io.pipetwin.core.platform.ResourceRequest request = new io.pipetwin.core.platform.ResourceRequest(
                    option.cpuMilli(), option.memoryMib(), option.gpuCount(), option.gpuMilli(), option.gpuModel());
            int[] predecessors = task.dependsOnIndexes().stream().mapToInt(Integer::intValue).toArray();
            String name = task.taskId().substring(task.taskId().indexOf('/') + 1);
            tasks.add(new io.pipetwin.core.pipeline.TaskSpec(name, TaskType.parse(task.taskType()), request, 1, 0.0,
                    predecessors));
        }
        return new PipelineSpec(pipeline.pipelineId(), pipeline.tenant(), pipeline.modelId(), pipeline.framework(),
                pipeline.datasetSizeGib() * GIB, Trigger.MANUAL, pipeline.priority(), new PipelineDag(tasks));
    }

    /** Returns the drawn compute time of each task, or null when the engine's duration model draws them all. */
    private static double[] durationsSeconds(GeneratedPipeline pipeline) {
        if (pipeline.tasks().stream().allMatch(task -> Double.isNaN(task.durationSeconds()))) {
            return null;
        }
        return pipeline.tasks().stream().mapToDouble(GeneratedTask::durationSeconds).toArray();
    }

    /**
     * Returns the expected load per pipeline of a calibrated profile: the expected task count of a pipeline
     * (templates by weight, which is the pipeline mix in expectation) × the sampler's exact expected load
     * per task. Exact rather than sampled because the run times are heavy-tailed: with the Alibaba GPU 2023
     * profile the standard deviation of GPU-seconds per task is about 18 times its mean, so a sample of
     * {@value #LOAD_SAMPLE_PIPELINES} pipelines would miss the mean by about 25 %.
     */
    static double[] meanLoadPerPipeline(WorkloadProfile profile, CalibratedTaskSampler sampler) {
        double weightSum = 0;
        double weightedTasks = 0;
        for (WorkloadProfile.PipelineTemplate template : profile.pipelineTypes()) {
            weightSum += template.weight();
            weightedTasks += template.weight() * template.tasks().size();
        }
        double tasksPerPipeline = weightedTasks / weightSum;
        double[] load = sampler.meanLoadPerTask();
        for (int i = 0; i < load.length; i++) {
            load[i] *= tasksPerPipeline;
        }
        return load;
    }

    /**
     * Mean over sampled pipelines of the sum over their tasks of the request × expected seconds: GPU-seconds,
     * CPU milli-core-seconds and memory MiB-seconds.
     */
    static double[] meanLoadPerPipeline(WorkloadProfile profile, LognormalDurationModel durations, long seed) {
        Simulation sampling = new Simulation(seed);
        WorkloadGenerator sample = new WorkloadGenerator(profile, random(sampling.stream("load-arrivals")),
                random(sampling.stream("load-workload")));
        double[] total = new double[3];
        for (int i = 0; i < LOAD_SAMPLE_PIPELINES; i++) {
            GeneratedPipeline pipeline = sample.next();
            for (GeneratedTask task : pipeline.tasks()) {
                WorkloadProfile.ResourceOption option = task.request();
                double gpus = option.gpuCount() * option.gpuMilli() / 1000.0;
                double seconds = durations.expectedSeconds(TaskType.parse(task.taskType()), pipeline.framework(),
                        pipeline.datasetSizeGib() * GIB, gpus > 0 ? ResourceKind.GPU : ResourceKind.CPU);
                total[0] += gpus * seconds;
                total[1] += option.cpuMilli() * seconds;
                total[2] += option.memoryMib() * seconds;
            }
        }
        for (int i = 0; i < total.length; i++) {
            total[i] /= LOAD_SAMPLE_PIPELINES;
        }
        return total;
    }

    /**
     * Returns the profile without the resource options no node can hold (more CPU, memory or GPUs than the
     * largest node, or a GPU model the cluster lacks), so no task waits forever. A task type left with no
     * option is an error.
     */
    static WorkloadProfile feasibleOn(WorkloadProfile profile, List<NodeSpec> nodes) {
        Map<String, List<WorkloadProfile.ResourceOption>> kept = new java.util.LinkedHashMap<>();
        int dropped = 0;
        for (Map.Entry<String, List<WorkloadProfile.ResourceOption>> entry : profile.taskResources().entrySet()) {
            List<WorkloadProfile.ResourceOption> options = new ArrayList<>();
            for (WorkloadProfile.ResourceOption option : entry.getValue()) {
                if (fitsSomeNode(option, nodes)) {
                    options.add(option);
                } else {
                    dropped++;
                }
            }
            if (options.isEmpty()) {
                throw new IllegalArgumentException("no node of the synthetic cluster can run any " + entry.getKey()
                        + " task of profile " + profile.name() + "; use more nodes or another profile");
            }
            kept.put(entry.getKey(), options);
        }
        if (dropped > 0) {
            LOG.info("Profile {}: {} resource options fit no node of the cluster and are not drawn", profile.name(),
                    dropped);
        }
        return new WorkloadProfile(profile.version(), profile.name(), profile.description(), profile.arrivals(),
                profile.tenants(), profile.priorities(), profile.modelsPerTenant(), profile.pipelineTypes(), kept,
                profile.calibration());
    }

    /** Returns whether some node has the CPU, memory, GPU count and GPU model that {@code option} requests. */
    static boolean fitsSomeNode(WorkloadProfile.ResourceOption option, List<NodeSpec> nodes) {
        return nodes.stream().anyMatch(node -> node.cpuMilli() >= option.cpuMilli()
                && node.memoryMib() >= option.memoryMib() && node.gpuCount() >= option.gpuCount()
                && (option.gpuModel() == null || option.gpuModel().equals(node.gpuModel())));
    }

    /** Returns the profile with every hour-of-week arrival rate multiplied by {@code factor}. */
    static WorkloadProfile scaled(WorkloadProfile profile, double factor) {
        double[] rates = profile.arrivals().hourOfWeekRatesPerHour().clone();
        for (int i = 0; i < rates.length; i++) {
            rates[i] *= factor;
        }
        return new WorkloadProfile(profile.version(), profile.name(), profile.description(),
                new WorkloadProfile.ArrivalProfile(rates, profile.arrivals().burst()), profile.tenants(),
                profile.priorities(), profile.modelsPerTenant(), profile.pipelineTypes(), profile.taskResources(),
                profile.calibration());
    }

    /**
     * Returns {@code count} nodes apportioned over {@link #ALIBABA_2023_NODE_MIX} by largest remainder,
     * named {@code syn-<type>-<i>}, grouped by type in the mix's order.
     */
    public static List<NodeSpec> alibabaSlice(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("node count " + count + " is below 1; give a positive node count");
        }
        int total = ALIBABA_2023_NODE_MIX.stream().mapToInt(NodeType::realCount).sum();
        int types = ALIBABA_2023_NODE_MIX.size();
        int[] counts = new int[types];
        double[] remainders = new double[types];
        int assigned = 0;
        for (int i = 0; i < types; i++) {
            double exact = (double) count * ALIBABA_2023_NODE_MIX.get(i).realCount() / total;
            counts[i] = (int) Math.floor(exact);
            remainders[i] = exact - counts[i];
            assigned += counts[i];
        }
        while (assigned < count) {
            int best = 0;
            for (int i = 1; i < types; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        List<NodeSpec> specs = new ArrayList<>(count);
        for (int i = 0; i < types; i++) {
            NodeType type = ALIBABA_2023_NODE_MIX.get(i);
            for (int n = 0; n < counts[i]; n++) {
                specs.add(new NodeSpec(String.format("syn-%s-%02d", type.name(), n), null, type.cpuMilli(),
                        type.memoryMib(), type.gpuCount(), type.gpuModel()));
            }
        }
        return specs;
    }

    /** Loads {@value #DEFAULT_PROFILE_RESOURCE} from the twin-core classpath. */
    public static WorkloadProfile defaultProfile() {
        try (InputStream in = WorkloadProfileLoader.class.getResourceAsStream(DEFAULT_PROFILE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in profile " + DEFAULT_PROFILE_RESOURCE + " is missing from"
                        + " the classpath; rebuild twin-core");
            }
            return WorkloadProfileLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    DEFAULT_PROFILE_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in profile " + DEFAULT_PROFILE_RESOURCE, e);
        }
    }

    private static RandomGenerator random(RandomStream stream) {
        return stream::nextLong;
    }

    /** Options of a {@link SyntheticPlatform}; setters return {@code this}. */
    public static final class Builder {
        private String platformId = DEFAULT_PLATFORM_ID;
        private WorkloadProfile profile;
        private List<NodeSpec> nodes;
        private int nodeCount = DEFAULT_NODES;
        private long seed = 1;
        private double targetUtilisation = DEFAULT_TARGET_UTILISATION;
        private Instant startTime = Instant.parse("2023-01-01T00:00:00Z");
        private Duration warmUp;
        private boolean warmUpToSteadyState;

        private Builder() {
        }

        /** Sets the platform id of every event; default {@value #DEFAULT_PLATFORM_ID}. */
        public Builder platformId(String platformId) {
            this.platformId = Objects.requireNonNull(platformId, "platformId");
            return this;
        }

        /** Sets the workload profile; default {@value #DEFAULT_PROFILE_RESOURCE}. */
        public Builder profile(WorkloadProfile profile) {
            this.profile = profile;
            return this;
        }

        /** Loads the workload profile from a JSON file. */
        public Builder profileFile(Path file) {
            try {
                this.profile = WorkloadProfileLoader.load(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read workload profile " + file + "; pass a readable profile"
                        + " JSON file", e);
            }
            return this;
        }

        /** Sets the node count of the Alibaba 2023 slice; default {@value #DEFAULT_NODES}. */
        public Builder nodeCount(int nodeCount) {
            if (nodeCount < 1) {
                throw new IllegalArgumentException("node count " + nodeCount + " is below 1; give a positive count");
            }
            this.nodeCount = nodeCount;
            return this;
        }

        /** Sets the cluster's nodes explicitly, replacing the Alibaba 2023 slice. */
        public Builder nodes(List<NodeSpec> nodes) {
            this.nodes = nodes;
            return this;
        }

        /** Sets the random seed; default 1. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the offered load of the busiest resource (GPU, CPU or memory) as a share of its capacity, in (0, 1]; default 0.75. */
        public Builder targetUtilisation(double target) {
            if (!(target > 0 && target <= 1)) {
                throw new IllegalArgumentException("target utilisation " + target + " is outside (0, 1]; use"
                        + " for example 0.75");
            }
            this.targetUtilisation = target;
            return this;
        }

        /** Sets the instant simulated time 0 maps to; default 2023-01-01T00:00:00Z. */
        public Builder startTime(Instant startTime) {
            this.startTime = Objects.requireNonNull(startTime, "startTime");
            return this;
        }

        /**
         * Sets the simulated time run before the stream starts; the stream then opens with the nodes and the
         * pipelines in progress at that point, all at {@code startTime}. Default: none, the platform starts empty.
         */
        public Builder warmUp(Duration warmUp) {
            if (warmUp.isNegative()) {
                throw new IllegalArgumentException("warm-up " + warmUp + " is negative; give 0 or a positive duration");
            }
            this.warmUp = warmUp;
            this.warmUpToSteadyState = false;
            return this;
        }

        /** Sets the warm-up to the steady-state one described on {@link SyntheticPlatform}, replacing {@link #warmUp}. */
        public Builder warmUpToSteadyState() {
            this.warmUp = null;
            this.warmUpToSteadyState = true;
            return this;
        }

        public SyntheticPlatform build() {
            return new SyntheticPlatform(this);
        }
    }
}

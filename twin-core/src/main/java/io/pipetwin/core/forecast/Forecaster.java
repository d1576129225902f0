package io.pipetwin.core.forecast;

import io.pipetwin.core.engine.RandomStreams;
import io.pipetwin.core.pipeline.EmpiricalDurationModel;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceKind;
import io.pipetwin.core.platform.ResourceRequest;
import io.pipetwin.core.platform.TaskPools;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.core.scheduling.PlacementPolicy;
import io.pipetwin.core.scheduling.QueueingPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Monte Carlo forecast of a platform from a snapshot of its state.
 *
 * <p>Each replication rebuilds the platform at simulation time 0 (the snapshot's time): nodes, running
 * tasks on their recorded nodes with their resources held, and waiting tasks queued in snapshot order.
 * Remaining durations of running tasks are drawn from the observed durations of their class longer than
 * the elapsed time, and durations of waiting and arriving tasks from all observed durations of their
 * class; the fallbacks for classes with too few observations are those of {@link EmpiricalDurationModel}.
 * New tasks arrive as a non-homogeneous Poisson process with the snapshot's {@link ArrivalModel} (or its
 * constant rate), drawn by thinning against the model's maximum over the horizon. When the snapshot has recent
 * pipeline arrivals, each arrival is a pipeline that copies a uniformly drawn one: its tasks without
 * predecessors are submitted at once and each other task when the last of its predecessors finishes. Otherwise
 * each arrival is one task that copies the request and class of a uniformly drawn recent arrival, so without
 * recent arrivals of either kind nothing arrives. A task of a snapshot
 * pipeline that waits on predecessors is submitted when the last of them finishes; with storage bandwidths,
 * tasks read their input bytes before computing. Replication {@code r} draws from streams seeded by
 * {@code RandomStreams.streamSeed(config.seed(), "replication-" + r)}, so the same snapshot and seed give
 * the same result.
 *
 * <p>At each step the replication records waiting tasks per task pool, the mean waiting time (including
 * time waited before the snapshot) of the tasks that started during the step, and the allocated share of
 * capacity per node pool. The step of a time t covers (t − step, t]; tasks started at time 0 count in the
 * first step. A replication in which no task of a pool starts during a step is left out of that step's
 * waiting-time mean and quantiles; a step without starts in any replication reports 0. The value now of the
 * waiting time is the mean time the snapshot's waiting tasks of the pool have waited so far (0 when none
 * waits); the values now of queue length and utilisation are those of the snapshot. The cost is that of simulating the current tasks and the arrivals over the horizon; only the
 * last {@link ForecastDefaults#MAX_OBSERVATIONS_PER_CLASS} durations per class are read.
 */
public final class Forecaster {

    private final Supplier<QueueingPolicy> queueing;
    private final Supplier<PlacementPolicy> placement;
    private final HeadOfLineRule headOfLineRule;
    private final ModelProjection models = new ModelProjection();
    private final int threads;
    private final ExecutorService executor;
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    /** Creates a forecaster that schedules with FIFO queueing, strict head of line, and first-fit placement. */
    public Forecaster() {
        this(FifoQueueing::new, FirstFit::new, HeadOfLineRule.STRICT);
    }

    public Forecaster(Supplier<QueueingPolicy> queueing, Supplier<PlacementPolicy> placement,
                      HeadOfLineRule headOfLineRule) {
        this(queueing, placement, headOfLineRule, 1);
    }

    /**
     * Creates a forecaster that runs replications on {@code threads} threads of its own (daemon threads, kept
     * for the forecaster's life). Replication r always draws from the same streams and writes only its own
     * slot, so the result does not depend on the thread count. The suppliers must be safe to call from
     * several threads.
     */
    public Forecaster(Supplier<QueueingPolicy> queueing, Supplier<PlacementPolicy> placement,
                      HeadOfLineRule headOfLineRule, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        this.queueing = queueing;
        this.placement = placement;
        this.headOfLineRule = headOfLineRule;
        this.threads = threads;
        this.executor = threads == 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "forecast-replications-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code config.replications()} replications from {@code snapshot} and aggregates them. */
    public ForecastResult forecast(PlatformSnapshot snapshot, ForecastConfig config) {
        validate(config);
        int steps = (int) Math.floor(config.horizonSeconds() / config.stepSeconds() + 1e-9);
        double[] offsets = new double[steps];
        for (int step = 0; step < steps; step++) {
            offsets[step] = (step + 1) * config.stepSeconds();
        }
        EmpiricalDurationModel durations = new EmpiricalDurationModel(snapshot.observedDurationsSeconds(),
                ForecastDefaults.MAX_OBSERVATIONS_PER_CLASS);
        List<NodeSpec> nodeSpecs = new ArrayList<>(snapshot.nodes().size());
        Map<String, Integer> nodeIndexById = new HashMap<>();
        for (SnapshotNode node : snapshot.nodes()) {
            nodeIndexById.put(node.nodeId(), nodeSpecs.size());
            nodeSpecs.add(new NodeSpec(node.nodeId(), node.pool(), node.cpuMilli(), node.memoryMib(),
                    node.gpuCount(), node.gpuModel()));
        }
        Cluster initial = initialCluster(snapshot, nodeSpecs);
        List<String> nodePools = new ArrayList<>(initial.poolNames());
        nodePools.add(TaskPools.ALL);
        int[] poolOfNode = nodeSpecs.stream().mapToInt(spec -> nodePools.indexOf(spec.pool())).toArray();
        List<String> gpuModels = snapshot.nodes().stream().map(SnapshotNode::gpuModel)
                .filter(model -> model != null).distinct().sorted().toList();
        int[] gpuModelOfNode = snapshot.nodes().stream()
                .mapToInt(node -> node.gpuModel() == null ? -1 : gpuModels.indexOf(node.gpuModel())).toArray();
        PipelineGraph graph = new PipelineGraph(snapshot);
        ForecastSeries series = new ForecastSeries(nodePools, gpuModels, graph.pipelines.size(),
                config.replications(), steps);
        Map<String, Double> meanByClass = new HashMap<>();
        ToDoubleFunction<String> mean = taskClass -> meanByClass.computeIfAbsent(taskClass, durations::meanSeconds);
        ArrivalModel arrivals = snapshot.effectiveArrivalModel();
        double maxRate = arrivals.maxRatePerSecond(snapshot.timeSeconds(),
                snapshot.timeSeconds() + config.horizonSeconds());
        ForecastPlan plan = new ForecastPlan(snapshot, config, steps, durations, graph, series, nodePools, gpuModels,
                gpuModelOfNode, arrivals, maxRate, nodeSpecs, prepare(snapshot.running(), graph, nodeIndexById, mean),
                prepare(snapshot.waiting(), graph, nodeIndexById, mean),
                prepare(snapshot.recentArrivals(), null, nodeIndexById, mean),
                snapshot.recentPipelineArrivals().stream().map(pipeline -> PipelineTemplate.of(pipeline, mean)).toList(),
                blockedTasks(graph, mean), poolOfNode);

        runReplications(plan, config);
        ForecastResult platformResult = aggregate(snapshot, config, offsets, series, initial, nodePools);
        return new ForecastResult(platformResult.startSeconds(), offsets, platformResult.quantileLevels(),
                config.replications(), platformResult.queueLengthByTaskPool(), platformResult.waitingTimeByTaskPool(),
                platformResult.utilisationByNodePool(), platformResult.capacityByNodePool(),
                transferTimes(snapshot, config, series), gpuModelUtilisation(snapshot, config, series, initial),
                pipelineForecasts(config, graph, series), models.forecast(snapshot, config, offsets));
    }

    private void runReplications(ForecastPlan plan, ForecastConfig config) {
        if (executor == null || config.replications() == 1) {
            runShare(plan, config, 0, 1);
            return;
        }
        List<Future<?>> shares = new ArrayList<>();
        for (int first = 0; first < threads; first++) {
            int start = first;
            shares.add(executor.submit(() -> runShare(plan, config, start, threads)));
        }
        for (Future<?> share : shares) {
            try {
                share.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shares.forEach(other -> other.cancel(true));
                throw new IllegalStateException("forecast at " + plan.snapshot().timeSeconds() + " interrupted", e);
            } catch (ExecutionException e) {
                shares.forEach(other -> other.cancel(true));
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("forecast replication failed: " + e.getCause(), e.getCause());
            }
        }
    }

    /** Runs replications {@code first}, {@code first + stride}, ... */
    private void runShare(ForecastPlan plan, ForecastConfig config, int first, int stride) {
        for (int replication = first; replication < config.replications(); replication += stride) {
            long seed = RandomStreams.streamSeed(config.seed(), "replication-" + replication);
            new ForecastReplication(plan, replication, seed, queueing, placement.get(), headOfLineRule).run();
        }
    }

    private static Map<String, SeriesForecast> transferTimes(PlatformSnapshot snapshot, ForecastConfig config,
                                                             ForecastSeries series) {
        Map<String, SeriesForecast> result = new LinkedHashMap<>();
        if (snapshot.storage() == null) {
            return result;
        }
        for (String pool : ForecastSeries.TASK_POOLS) {
            result.put(pool, series.transferTime.get(pool).aggregate(0.0, config.quantiles()));
        }
        return result;
    }

    private static Map<String, SeriesForecast> gpuModelUtilisation(PlatformSnapshot snapshot, ForecastConfig config,
                                                                   ForecastSeries series, Cluster initial) {
        Map<String, SeriesForecast> result = new LinkedHashMap<>();
        for (Map.Entry<String, SeriesAggregator> entry : series.gpuModelUtilisation.entrySet()) {
            long allocated = 0;
            long capacity = 0;
            for (var node : initial.nodes()) {
                if (entry.getKey().equals(node.spec().gpuModel())) {
                    allocated += node.allocatedGpuMilli();
                    capacity += node.gpuCapacityMilli();
                }
            }
            double now = capacity == 0 ? 0.0 : (double) allocated / capacity;
            result.put(entry.getKey(), entry.getValue().aggregate(now, config.quantiles()));
        }
        return result;
    }

    private static Map<String, PipelineForecast> pipelineForecasts(ForecastConfig config, PipelineGraph graph,
                                                                   ForecastSeries series) {
        Map<String, PipelineForecast> result = new LinkedHashMap<>();
        for (int p = 0; p < graph.pipelines.size(); p++) {
            double[] completion = series.pipelineCompletion[p];
            long finished = java.util.Arrays.stream(completion).filter(Double::isFinite).count();
            String id = graph.pipelines.get(p).pipelineId();
            result.put(id, new PipelineForecast(id, graph.initialRemainingTasks[p],
                    (double) finished / completion.length, Distributions.quantiles(completion, config.quantiles()),
                    Distributions.finiteMean(completion)));
        }
        return result;
    }

    private static void validate(ForecastConfig config) {
        if (!(config.horizonSeconds() > 0) || !(config.stepSeconds() > 0)
                || config.stepSeconds() > config.horizonSeconds()) {
            throw new IllegalArgumentException("horizonSeconds " + config.horizonSeconds() + " and stepSeconds "
                    + config.stepSeconds() + " must be positive with the step at most the horizon");
        }
        if (config.replications() < 1) {
            throw new IllegalArgumentException("replications " + config.replications() + " must be at least 1");
        }
        double previous = 0;
        for (double level : config.quantiles()) {
            if (!(level > previous) || level >= 1) {
                throw new IllegalArgumentException("quantile level " + level + " is invalid; levels must be "
                        + "ascending and each in (0, 1)");
            }
            previous = level;
        }
    }

    /** Converts snapshot tasks once; {@code graph} null marks arrival templates, which belong to no pipeline. */
    private static List<PreparedTask> prepare(List<SnapshotTask> tasks, PipelineGraph graph,
                                              Map<String, Integer> nodeIndexById, ToDoubleFunction<String> mean) {
        List<PreparedTask> prepared = new ArrayList<>(tasks.size());
        for (SnapshotTask task : tasks) {
            if (graph == null) {
                prepared.add(new PreparedTask(task, TaskType.parse(task.taskClass()),
                        PreparedTask.request(task.taskId(), task.request()), Math.max(1, task.nodeCount()), 0.0, -1,
                        null, mean.applyAsDouble(task.taskClass())));
            } else {
                prepared.add(PreparedTask.of(task, graph, nodeIndexById, mean));
            }
        }
        return prepared;
    }

    private static PreparedTask[] blockedTasks(PipelineGraph graph, ToDoubleFunction<String> mean) {
        PreparedTask[] blocked = new PreparedTask[graph.tasks.length];
        for (int i = 0; i < blocked.length; i++) {
            if (graph.blocked[i]) {
                SnapshotPipelineTask task = graph.tasks[i];
                SnapshotTask source = new SnapshotTask(task.taskId(), graph.pipelines.get(graph.pipelineOfTask[i])
                        .pipelineId(), task.taskClass(), task.request(), task.nodeCount(), Double.NaN, List.of());
                blocked[i] = new PreparedTask(source, TaskType.parse(task.taskClass()),
                        PreparedTask.request(task.taskId(), task.request()), Math.max(1, task.nodeCount()),
                        task.inputBytes(), i, null, mean.applyAsDouble(task.taskClass()));
            }
        }
        return blocked;
    }

    /** Builds the snapshot's cluster with its running tasks' allocations, for the values at time 0. */
    private static Cluster initialCluster(PlatformSnapshot snapshot, List<NodeSpec> nodeSpecs) {
        Cluster cluster = new Cluster(nodeSpecs);
        for (SnapshotTask task : snapshot.running()) {
            SnapshotRequest r = task.request();
            ResourceRequest request = new ResourceRequest(r.cpuMilli(), r.memoryMib(), r.gpuCount(), r.gpuMilli(),
                    r.gpuModel());
            for (String nodeId : task.nodeIds()) {
                var node = cluster.node(nodeId);
                if (node != null && node.fits(request)) {
                    node.allocate(request);
                }
            }
        }
        return cluster;
    }

    private static ForecastResult aggregate(PlatformSnapshot snapshot, ForecastConfig config, double[] offsets,
                                            ForecastSeries series, Cluster initial, List<String> nodePools) {
        double[] levels = config.quantiles().clone();
        Map<String, SeriesForecast> queueLength = new LinkedHashMap<>();
        Map<String, SeriesForecast> waitingTime = new LinkedHashMap<>();
        for (String pool : ForecastSeries.TASK_POOLS) {
            queueLength.put(pool, series.queueLength.get(pool).aggregate(waitingNow(snapshot, pool), levels));
            waitingTime.put(pool, series.waitingTime.get(pool).aggregate(meanWaitNow(snapshot, pool), levels));
        }
        Map<String, Map<String, SeriesForecast>> utilisation = new LinkedHashMap<>();
        Map<String, Map<String, Double>> capacity = new LinkedHashMap<>();
        for (String pool : nodePools) {
            Map<String, SeriesForecast> byKind = new LinkedHashMap<>();
            Map<String, Double> capacityByKind = new LinkedHashMap<>();
            for (ResourceKind kind : ResourceKind.values()) {
                byKind.put(kind.name(), series.utilisation.get(pool).get(kind)
                        .aggregate(initial.utilisation(pool, kind), levels));
                capacityByKind.put(kind.name(), initial.capacity(pool, kind));
            }
            utilisation.put(pool, byKind);
            capacity.put(pool, capacityByKind);
        }
        return new ForecastResult(snapshot.timeSeconds(), offsets, levels, config.replications(), queueLength,
                waitingTime, utilisation, capacity);
    }

    private static boolean inPool(SnapshotTask task, String pool) {
        return TaskPools.ALL.equals(pool) || ForecastReplication.poolOf(task).equals(pool);
    }

    private static double waitingNow(PlatformSnapshot snapshot, String pool) {
        return snapshot.waiting().stream().filter(task -> inPool(task, pool)).count();
    }

    /** Returns the mean time waited so far by the snapshot's waiting tasks of {@code pool}, or 0 when none waits. */
    private static double meanWaitNow(PlatformSnapshot snapshot, String pool) {
        return snapshot.waiting().stream().filter(task -> inPool(task, pool))
                .mapToDouble(task -> Math.max(0.0, snapshot.timeSeconds() - task.sinceSeconds()))
                .average().orElse(0.0);
    }
}

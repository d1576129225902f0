package io.pipetwin.core.forecast;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.EmpiricalDurationModel;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Network;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceKind;
import io.pipetwin.core.platform.StorageService;
import io.pipetwin.core.platform.TaskPools;
import io.pipetwin.core.scheduling.FailurePolicy;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.core.scheduling.PlacementPolicy;
import io.pipetwin.core.scheduling.PlatformSimulation;
import io.pipetwin.core.scheduling.QueueingPolicy;
import io.pipetwin.core.scheduling.Scheduler;
import io.pipetwin.core.scheduling.SimulationListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Monte Carlo replication of a forecast: rebuilds the platform from the snapshot at simulation time 0
 * (the snapshot's time), runs it to the horizon and records every quantity at each step.
 */
final class ForecastReplication implements SimulationListener {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastReplication.class);

    private final ForecastPlan plan;
    private final PlatformSnapshot snapshot;
    private final EmpiricalDurationModel durations;
    private final ForecastSeries series;
    private final int replication;
    private final double stepSeconds;
    private final int steps;

    private final Simulation simulation;
    private final PlatformSimulation platform;
    private final RandomStream arrivalRandom;
    private final RandomStream arrivalDurationRandom;
    private final RandomStream pipelineRandom;
    private final int arrivalHandler;
    private final double horizonSeconds;

    /** Queue entry time, relative to the snapshot, of tasks that already waited in the snapshot. */
    private final Map<Task, Double> queuedBeforeSnapshot = new IdentityHashMap<>();
    /** Global pipeline-graph index of the tasks created from the snapshot's pipelines. */
    private final Map<Task, Integer> graphIndex = new IdentityHashMap<>();
    /** Tasks of pipelines that arrived during the forecast and have successors, with their pipeline. */
    private final Map<Task, ArrivedTask> arrivedTasks = new IdentityHashMap<>();
    private final int[] remainingPredecessors;
    private final int[] remainingTasks;
    private final double[][] waitSum = new double[3][];
    private final int[][] waitCount = new int[3][];
    private final double[][] transferSum = new double[3][];
    private final int[][] transferCount = new int[3][];
    /** Allocated and capacity per node pool index and resource (CPU, GPU, memory at 3·pool + 0, 1, 2). */
    private final double[] allocated;
    private final double[] capacity;
    private final long[] gpuAllocatedByModel;
    private final long[] gpuCapacityByModel;
    /** True while the snapshot's running tasks are placed: their starts are not new starts. */
    private boolean rebuilding;

    ForecastReplication(ForecastPlan plan, int replication, long seed, Supplier<QueueingPolicy> queueing,
                        PlacementPolicy placement, HeadOfLineRule headOfLineRule) {
        this.plan = plan;
        this.snapshot = plan.snapshot();
        this.durations = plan.durations();
        this.series = plan.series();
        this.replication = replication;
        this.stepSeconds = plan.config().stepSeconds();
        this.horizonSeconds = plan.config().horizonSeconds();
        this.steps = plan.steps();
        for (int pool = 0; pool < 3; pool++) {
            waitSum[pool] = new double[steps];
            waitCount[pool] = new int[steps];
            transferSum[pool] = new double[steps];
            transferCount[pool] = new int[steps];
        }
        remainingPredecessors = plan.graph().remainingPredecessorsCopy();
        remainingTasks = plan.graph().remainingTasksCopy();
        allocated = new double[plan.nodePools().size() * 3];
        capacity = new double[plan.nodePools().size() * 3];
        gpuAllocatedByModel = new long[plan.gpuModels().size()];
        gpuCapacityByModel = new long[plan.gpuModels().size()];

        simulation = new Simulation(seed);
        Cluster cluster = new Cluster(plan.nodeSpecs());
        Scheduler scheduler = new Scheduler(simulation, cluster, queueing, placement, headOfLineRule);
        platform = new PlatformSimulation(simulation, cluster, scheduler, durations, FailurePolicy.REQUEUE);
        if (snapshot.storage() != null) {
            StorageService storage = new StorageService(new Network(simulation),
                    snapshot.storage().uplinkBytesPerSecond());
            snapshot.storage().nodeLinkBytesPerSecondByNode().forEach(storage::addNodeLink);
            platform.setStorage(storage);
        }
        platform.addListener(this);
        arrivalRandom = simulation.stream(ForecastDefaults.ARRIVAL_STREAM);
        arrivalDurationRandom = simulation.stream(ForecastDefaults.ARRIVAL_DURATION_STREAM);
        pipelineRandom = simulation.stream(ForecastDefaults.PIPELINE_STREAM);
        arrivalHandler = simulation.register(ignored -> onArrival());
    }

    /** Places the snapshot's running tasks, queues its waiting ones, and runs to the horizon. */
    void run() {
        RandomStream initial = simulation.stream(ForecastDefaults.INITIAL_STREAM);
        int skipped = 0;
        rebuilding = true;
        for (PreparedTask running : plan.running()) {
            if (!startRunning(running, initial)) {
                skipped++;
            }
        }
        rebuilding = false;
        if (skipped > 0 && replication == 0) {
            LOG.warn("Forecast at {}: skipped {} running tasks whose recorded nodes are unknown or lack room",
                    Instant.ofEpochMilli(Math.round(snapshot.timeSeconds() * 1000)), skipped);
        }
        for (PreparedTask waiting : plan.waiting()) {
            Task task = newTask(waiting);
            task.setDurationSeconds(durations.sampleSeconds(waiting.source().taskClass(), initial));
            queuedBeforeSnapshot.put(task, Math.min(0.0, waiting.source().sinceSeconds() - snapshot.timeSeconds()));
            platform.submit(task);
        }
        for (int p = 0; p < remainingTasks.length; p++) {
            if (remainingTasks[p] == 0) {
                series.pipelineCompletion[p][replication] = 0.0;
            }
        }
        if (plan.maxArrivalRatePerSecond() > 0
                && (!plan.pipelineTemplates().isEmpty() || !plan.arrivalTemplates().isEmpty())) {
            scheduleNextArrival();
        }
        // Each step records the state after every event at its time, including completions at that time.
        for (int step = 0; step < steps; step++) {
            simulation.runUntil((step + 1) * stepSeconds);
            record(step);
        }
    }

    private boolean startRunning(PreparedTask running, RandomStream initial) {
        int[] indices = running.nodeIndices();
        if (indices == null || indices.length != running.nodeCount()) {
            return false;
        }
        Node[] all = platform.cluster().nodeArray();
        List<Node> nodes = new ArrayList<>(indices.length);
        for (int index : indices) {
            if (!all[index].fits(running.request())) {
                return false;
            }
            nodes.add(all[index]);
        }
        Task task = newTask(running);
        double elapsed = Math.max(0.0, snapshot.timeSeconds() - running.source().sinceSeconds());
        task.setDurationSeconds(durations.sampleRemainingSeconds(running.source().taskClass(), elapsed, initial));
        platform.startRunning(task, nodes);
        return true;
    }

    /** Creates the task of a prepared snapshot task, linked to its pipeline's DAG when listed there. */
    private Task newTask(PreparedTask prepared) {
        SnapshotTask source = prepared.source();
        Task task = new Task(source.taskId(), null, -1, prepared.type(), source.taskClass(), prepared.request(),
                prepared.nodeCount(), prepared.inputBytes(), null, 0);
        task.setExpectedDurationSeconds(prepared.expectedSeconds());
        if (prepared.graphIndex() >= 0) {
            graphIndex.put(task, prepared.graphIndex());
        }
        return task;
    }

    /** Draws the next candidate arrival of the bounding Poisson process; thinning happens at the arrival. */
    private void scheduleNextArrival() {
        double gap = arrivalRandom.nextExponential(1.0 / plan.maxArrivalRatePerSecond());
        if (simulation.now() + gap <= horizonSeconds) {
            simulation.schedule(gap, arrivalHandler, 0);
        }
    }

    private void onArrival() {
        double rate = plan.arrivalModel().ratePerSecondAt(snapshot.timeSeconds() + simulation.now());
        // A constant rate accepts every candidate without a draw.
        if (rate >= plan.maxArrivalRatePerSecond()
                || arrivalRandom.nextDouble() * plan.maxArrivalRatePerSecond() < rate) {
            List<PipelineTemplate> pipelines = plan.pipelineTemplates();
            if (pipelines.isEmpty()) {
                List<PreparedTask> recent = plan.arrivalTemplates();
                submitArrival(recent.get(arrivalRandom.nextInt(recent.size())));
            } else {
                PipelineTemplate template = pipelines.get(arrivalRandom.nextInt(pipelines.size()));
                int[] remaining = template.predecessors().clone();
                for (int i = 0; i < remaining.length; i++) {
                    if (remaining[i] == 0) {
                        submitArrivedTask(template, remaining, i);
                    }
                }
            }
        }
        scheduleNextArrival();
    }

    /** Submits a task of a pipeline that arrived during the forecast, whose predecessors have all finished. */
    private void submitArrivedTask(PipelineTemplate template, int[] remainingPredecessors, int index) {
        Task task = submitArrival(template.tasks()[index]);
        if (template.successors()[index].length > 0) {
            arrivedTasks.put(task, new ArrivedTask(template, remainingPredecessors, index));
        }
    }

    private Task submitArrival(PreparedTask template) {
        Task task = newTask(template);
        task.setDurationSeconds(durations.sampleSeconds(template.source().taskClass(), arrivalDurationRandom));
        platform.submit(task);
        return task;
    }

    @Override
    public void onTaskStarted(Task task) {
        if (rebuilding) {
            return;
        }
        double now = simulation.now();
        Double queued = queuedBeforeSnapshot.isEmpty() ? null : queuedBeforeSnapshot.remove(task);
        double waitSeconds = now - (queued != null ? queued : task.submitSeconds());
        int step = stepOf(now);
        int pool = task.usesGpu() ? 0 : 1;
        waitSum[pool][step] += waitSeconds;
        waitCount[pool][step]++;
        waitSum[2][step] += waitSeconds;
        waitCount[2][step]++;
    }

    @Override
    public void onTaskComputing(Task task) {
        if (rebuilding || task.inputBytes() <= 0 || snapshot.storage() == null) {
            return;
        }
        double now = simulation.now();
        double transferSeconds = now - task.startSeconds();
        int step = stepOf(now);
        int pool = task.usesGpu() ? 0 : 1;
        transferSum[pool][step] += transferSeconds;
        transferCount[pool][step]++;
        transferSum[2][step] += transferSeconds;
        transferCount[2][step]++;
    }

    @Override
    public void onTaskFinished(Task task) {
        ArrivedTask arrived = arrivedTasks.isEmpty() ? null : arrivedTasks.remove(task);
        if (arrived != null) {
            for (int successor : arrived.template().successors()[arrived.index()]) {
                if (--arrived.remainingPredecessors()[successor] == 0) {
                    submitArrivedTask(arrived.template(), arrived.remainingPredecessors(), successor);
                }
            }
            return;
        }
        Integer index = graphIndex.isEmpty() ? null : graphIndex.remove(task);
        if (index == null) {
            return;
        }
        PipelineGraph graph = plan.graph();
        int pipeline = graph.pipelineOfTask[index];
        if (--remainingTasks[pipeline] == 0) {
            series.pipelineCompletion[pipeline][replication] = simulation.now();
        }
        for (int successor : graph.successors[index]) {
            if (--remainingPredecessors[successor] == 0 && graph.blocked[successor]) {
                PreparedTask prepared = plan.blockedTasks()[successor];
                Task next = newTask(prepared);
                next.setDurationSeconds(durations.sampleSeconds(prepared.source().taskClass(), pipelineRandom));
                platform.submit(next);
            }
        }
    }

    /**
     * A task of a pipeline that arrived during the forecast. The tasks of one arrival share
     * {@code remainingPredecessors}, the unfinished predecessors of each of the pipeline's tasks.
     */
    private record ArrivedTask(PipelineTemplate template, int[] remainingPredecessors, int index) {
    }

    private int stepOf(double now) {
        return now <= 0 ? 0 : Math.min(steps - 1, (int) Math.ceil(now / stepSeconds) - 1);
    }

    private void record(int step) {
        for (int pool = 0; pool < ForecastSeries.TASK_POOLS.size(); pool++) {
            String name = ForecastSeries.TASK_POOLS.get(pool);
            series.queueLength.get(name).set(replication, step, platform.scheduler().waiting(name));
            double mean = waitCount[pool][step] == 0 ? Double.NaN : waitSum[pool][step] / waitCount[pool][step];
            series.waitingTime.get(name).set(replication, step, mean);
            double transfer = transferCount[pool][step] == 0 ? Double.NaN
                    : transferSum[pool][step] / transferCount[pool][step];
            series.transferTime.get(name).set(replication, step, transfer);
        }
        recordNodes(platform.cluster(), step);
    }

    /** Sums allocation and capacity of the nodes in service per node pool, per GPU model and in all, in one pass. */
    private void recordNodes(Cluster cluster, int step) {
        Arrays.fill(allocated, 0);
        Arrays.fill(capacity, 0);
        Arrays.fill(gpuAllocatedByModel, 0);
        Arrays.fill(gpuCapacityByModel, 0);
        int allPool = plan.nodePools().size() - 1;
        int[] poolOfNode = plan.poolOfNode();
        int[] modelOfNode = plan.gpuModelOfNode();
        Node[] nodes = cluster.nodeArray();
        for (int i = 0; i < poolOfNode.length; i++) {
            Node node = nodes[i];
            if (!node.isUp()) {
                continue;
            }
            int pool = poolOfNode[i];
            long cpu = node.allocatedCpuMilli();
            long gpu = node.allocatedGpuMilli();
            long memory = node.allocatedMemoryMib();
            long gpuCapacity = node.gpuCapacityMilli();
            add(pool * 3, cpu, gpu, memory, node.spec().cpuMilli(), gpuCapacity, node.spec().memoryMib());
            add(allPool * 3, cpu, gpu, memory, node.spec().cpuMilli(), gpuCapacity, node.spec().memoryMib());
            int model = modelOfNode[i];
            if (model >= 0) {
                gpuAllocatedByModel[model] += gpu;
                gpuCapacityByModel[model] += gpuCapacity;
            }
        }
        List<String> pools = plan.nodePools();
        for (int pool = 0; pool < pools.size(); pool++) {
            Map<ResourceKind, SeriesAggregator> byKind = series.utilisation.get(pools.get(pool));
            byKind.get(ResourceKind.CPU).set(replication, step, share(allocated[pool * 3], capacity[pool * 3]));
            byKind.get(ResourceKind.GPU).set(replication, step,
                    share(allocated[pool * 3 + 1], capacity[pool * 3 + 1]));
            byKind.get(ResourceKind.MEMORY).set(replication, step,
                    share(allocated[pool * 3 + 2], capacity[pool * 3 + 2]));
        }
        for (int model = 0; model < gpuAllocatedByModel.length; model++) {
            series.gpuModelUtilisation.get(plan.gpuModels().get(model)).set(replication, step,
                    share(gpuAllocatedByModel[model], gpuCapacityByModel[model]));
        }
    }

    private void add(int base, long cpu, long gpu, long memory, long cpuCapacity, long gpuCapacity,
                     long memoryCapacity) {
        allocated[base] += cpu;
        allocated[base + 1] += gpu;
        allocated[base + 2] += memory;
        capacity[base] += cpuCapacity;
        capacity[base + 1] += gpuCapacity;
        capacity[base + 2] += memoryCapacity;
    }

    private static double share(double allocatedAmount, double capacityAmount) {
        return capacityAmount > 0 ? allocatedAmount / capacityAmount : 0.0;
    }

    static String poolOf(SnapshotTask task) {
        return task.request().taskPool().equals(TaskPools.GPU) ? TaskPools.GPU : TaskPools.CPU;
    }
}

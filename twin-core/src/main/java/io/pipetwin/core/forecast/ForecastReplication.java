package io.pipetwin.core.forecast;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.EmpiricalDurationModel;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Network;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceKind;
import io.pipetwin.core.platform.ResourceRequest;
import io.pipetwin.core.platform.StorageService;
import io.pipetwin.core.platform.TaskPools;
import io.pipetwin.core.scheduling.FailurePolicy;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.core.scheduling.PlacementPolicy;
import io.pipetwin.core.scheduling.PlatformSimulation;
import io.pipetwin.core.scheduling.QueueingPolicy;
import io.pipetwin.core.scheduling.Scheduler;
import io.pipetwin.core.scheduling.SimulationListener;
import java.util.ArrayList;
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
    private final int[] remainingPredecessors;
    private final int[] remainingTasks;
    private final double[][] waitSum = new double[3][];
    private final int[][] waitCount = new int[3][];
    private final double[][] transferSum = new double[3][];
    private final int[][] transferCount = new int[3][];
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
        gpuAllocatedByModel = new long[plan.gpuModels().size()];
        gpuCapacityByModel = new long[plan.gpuModels().size()];

        simulation = new Simulation(seed);
        Cluster cluster = new Cluster();
        for (SnapshotNode node : snapshot.nodes()) {
            cluster.addNode(new NodeSpec(node.nodeId(), node.pool(), node.cpuMilli(), node.memoryMib(),
                    node.gpuCount(), node.gpuModel()));
        }
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
        for (SnapshotTask running : snapshot.running()) {
            if (!startRunning(running, initial)) {
                skipped++;
            }
        }
        rebuilding = false;
        if (skipped > 0 && replication == 0) {
            LOG.warn("Forecast at {}: skipped {} running tasks whose recorded nodes are unknown or lack room",
                    snapshot.timeSeconds(), skipped);
        }
        for (SnapshotTask waiting : snapshot.waiting()) {
            Task task = newTask(waiting);
            task.setDurationSeconds(durations.sampleSeconds(waiting.taskClass(), initial));
            queuedBeforeSnapshot.put(task, Math.min(0.0, waiting.sinceSeconds() - snapshot.timeSeconds()));
            platform.submit(task);
        }
        for (int p = 0; p < remainingTasks.length; p++) {
            if (remainingTasks[p] == 0) {
                series.pipelineCompletion[p][replication] = 0.0;
            }
        }
        if (plan.maxArrivalRatePerSecond() > 0 && !snapshot.recentArrivals().isEmpty()) {
            scheduleNextArrival();
        }
        // Each step records the state after every event at its time, including completions at that time.
        for (int step = 0; step < steps; step++) {
            simulation.runUntil((step + 1) * stepSeconds);
            record(step);
        }
    }

    private boolean startRunning(SnapshotTask running, RandomStream initial) {
        List<Node> nodes = new ArrayList<>();
        for (String nodeId : running.nodeIds()) {
            Node node = platform.cluster().node(nodeId);
            if (node == null) {
                return false;
            }
            nodes.add(node);
        }
        Task task = newTask(running);
        if (nodes.size() != task.nodeCount() || !nodes.stream().allMatch(node -> node.fits(task.request()))) {
            graphIndex.remove(task);
            return false;
        }
        double elapsed = Math.max(0.0, snapshot.timeSeconds() - running.sinceSeconds());
        task.setDurationSeconds(durations.sampleRemainingSeconds(running.taskClass(), elapsed, initial));
        platform.startRunning(task, nodes);
        return true;
    }

    /** Creates the task of a waiting or running snapshot task, linked to its pipeline's DAG when listed there. */
    private Task newTask(SnapshotTask task) {
        int index = plan.graph().indexOf(task.taskId());
        double inputBytes = index < 0 ? 0.0 : plan.graph().tasks[index].inputBytes();
        Task created = newTask(task.taskId(), task.taskClass(), task.request(), task.nodeCount(), inputBytes);
        if (index >= 0) {
            graphIndex.put(created, index);
        }
        return created;
    }

    /**
     * Creates a task with its expected duration set to the mean observed duration of its class, which
     * shortest-expected-job-first orders by (the class, not the task type, keys the observations).
     */
    private Task newTask(String taskId, String taskClass, SnapshotRequest request, int nodeCount,
                         double inputBytes) {
        ResourceRequest resources;
        try {
            resources = new ResourceRequest(request.cpuMilli(), request.memoryMib(), request.gpuCount(),
                    request.gpuMilli(), request.gpuModel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("snapshot task " + taskId + ": " + e.getMessage(), e);
        }
        Task task = new Task(taskId, null, -1, TaskType.parse(taskClass), taskClass, resources,
                Math.max(1, nodeCount), inputBytes, null, 0);
        task.setExpectedDurationSeconds(plan.meanSeconds(taskClass));
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
            List<SnapshotTask> recent = snapshot.recentArrivals();
            SnapshotTask template = recent.get(arrivalRandom.nextInt(recent.size()));
            Task task = newTask(template.taskId(), template.taskClass(), template.request(), template.nodeCount(),
                    0.0);
            task.setDurationSeconds(durations.sampleSeconds(template.taskClass(), arrivalDurationRandom));
            platform.submit(task);
        }
        scheduleNextArrival();
    }

    @Override
    public void onTaskStarted(Task task) {
        if (rebuilding) {
            return;
        }
        double now = simulation.now();
        Double queued = queuedBeforeSnapshot.remove(task);
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
        Integer index = graphIndex.remove(task);
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
                SnapshotPipelineTask spec = graph.tasks[successor];
                Task next = newTask(spec.taskId(), spec.taskClass(), spec.request(), spec.nodeCount(),
                        spec.inputBytes());
                next.setDurationSeconds(durations.sampleSeconds(spec.taskClass(), pipelineRandom));
                graphIndex.put(next, successor);
                platform.submit(next);
            }
        }
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
        Cluster cluster = platform.cluster();
        for (String pool : plan.nodePools()) {
            for (ResourceKind kind : ResourceKind.values()) {
                series.utilisation.get(pool).get(kind).set(replication, step, cluster.utilisation(pool, kind));
            }
        }
        recordGpuModels(cluster, step);
    }

    private void recordGpuModels(Cluster cluster, int step) {
        if (gpuAllocatedByModel.length == 0) {
            return;
        }
        java.util.Arrays.fill(gpuAllocatedByModel, 0);
        java.util.Arrays.fill(gpuCapacityByModel, 0);
        int[] modelOfNode = plan.gpuModelOfNode();
        Node[] nodes = cluster.nodeArray();
        for (int i = 0; i < modelOfNode.length && i < nodes.length; i++) {
            int model = modelOfNode[i];
            if (model >= 0 && nodes[i].isUp()) {
                gpuAllocatedByModel[model] += nodes[i].allocatedGpuMilli();
                gpuCapacityByModel[model] += nodes[i].gpuCapacityMilli();
            }
        }
        for (int model = 0; model < gpuAllocatedByModel.length; model++) {
            double share = gpuCapacityByModel[model] == 0 ? 0.0
                    : (double) gpuAllocatedByModel[model] / gpuCapacityByModel[model];
            series.gpuModelUtilisation.get(plan.gpuModels().get(model)).set(replication, step, share);
        }
    }

    static String poolOf(SnapshotTask task) {
        return task.request().taskPool().equals(TaskPools.GPU) ? TaskPools.GPU : TaskPools.CPU;
    }
}

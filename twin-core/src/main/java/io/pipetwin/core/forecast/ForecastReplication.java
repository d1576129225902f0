package io.pipetwin.core.forecast;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.EmpiricalDurationModel;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceKind;
import io.pipetwin.core.platform.ResourceRequest;
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

    private final PlatformSnapshot snapshot;
    private final EmpiricalDurationModel durations;
    private final ForecastSeries series;
    private final int replication;
    private final double stepSeconds;
    private final int steps;
    private final List<String> nodePools;

    private final Simulation simulation;
    private final PlatformSimulation platform;
    private final RandomStream arrivalRandom;
    private final RandomStream arrivalDurationRandom;
    private final int arrivalHandler;
    private final double horizonSeconds;

    /** Queue entry time, relative to the snapshot, of tasks that already waited in the snapshot. */
    private final Map<Task, Double> queuedBeforeSnapshot = new IdentityHashMap<>();
    private final double[][] waitSum = new double[3][];
    private final int[][] waitCount = new int[3][];
    /** True while the snapshot's running tasks are placed: their starts are not new starts. */
    private boolean rebuilding;

    ForecastReplication(PlatformSnapshot snapshot, ForecastConfig config, EmpiricalDurationModel durations,
                        ForecastSeries series, int replication, int steps, List<String> nodePools, long seed,
                        Supplier<QueueingPolicy> queueing, PlacementPolicy placement, HeadOfLineRule headOfLineRule) {
        this.snapshot = snapshot;
        this.durations = durations;
        this.series = series;
        this.replication = replication;
        this.stepSeconds = config.stepSeconds();
        this.horizonSeconds = config.horizonSeconds();
        this.steps = steps;
        this.nodePools = nodePools;
        for (int pool = 0; pool < 3; pool++) {
            waitSum[pool] = new double[steps];
            waitCount[pool] = new int[steps];
        }

        simulation = new Simulation(seed);
        Cluster cluster = new Cluster();
        for (SnapshotNode node : snapshot.nodes()) {
            cluster.addNode(new NodeSpec(node.nodeId(), node.pool(), node.cpuMilli(), node.memoryMib(),
                    node.gpuCount(), node.gpuModel()));
        }
        Scheduler scheduler = new Scheduler(simulation, cluster, queueing, placement, headOfLineRule);
        platform = new PlatformSimulation(simulation, cluster, scheduler, durations, FailurePolicy.REQUEUE);
        platform.addListener(this);
        arrivalRandom = simulation.stream(ForecastDefaults.ARRIVAL_STREAM);
        arrivalDurationRandom = simulation.stream(ForecastDefaults.ARRIVAL_DURATION_STREAM);
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
        if (snapshot.arrivalRatePerSecond() > 0 && !snapshot.recentArrivals().isEmpty()) {
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
            return false;
        }
        double elapsed = Math.max(0.0, snapshot.timeSeconds() - running.sinceSeconds());
        task.setDurationSeconds(durations.sampleRemainingSeconds(running.taskClass(), elapsed, initial));
        platform.startRunning(task, nodes);
        return true;
    }

    private Task newTask(SnapshotTask task) {
        SnapshotRequest request = task.request();
        ResourceRequest resources;
        try {
            resources = new ResourceRequest(request.cpuMilli(), request.memoryMib(), request.gpuCount(),
                    request.gpuMilli(), request.gpuModel());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("snapshot task " + task.taskId() + ": " + e.getMessage(), e);
        }
        return new Task(task.taskId(), null, -1, TaskType.parse(task.taskClass()), task.taskClass(), resources,
                Math.max(1, task.nodeCount()), 0.0, null, 0);
    }

    private void scheduleNextArrival() {
        double gap = arrivalRandom.nextExponential(1.0 / snapshot.arrivalRatePerSecond());
        if (simulation.now() + gap <= horizonSeconds) {
            simulation.schedule(gap, arrivalHandler, 0);
        }
    }

    private void onArrival() {
        List<SnapshotTask> recent = snapshot.recentArrivals();
        SnapshotTask template = recent.get(arrivalRandom.nextInt(recent.size()));
        Task task = newTask(template);
        task.setDurationSeconds(durations.sampleSeconds(template.taskClass(), arrivalDurationRandom));
        platform.submit(task);
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
        int step = now <= 0 ? 0 : Math.min(steps - 1, (int) Math.ceil(now / stepSeconds) - 1);
        int pool = task.usesGpu() ? 0 : 1;
        waitSum[pool][step] += waitSeconds;
        waitCount[pool][step]++;
        waitSum[2][step] += waitSeconds;
        waitCount[2][step]++;
    }

    private void record(int step) {
        for (int pool = 0; pool < ForecastSeries.TASK_POOLS.size(); pool++) {
            String name = ForecastSeries.TASK_POOLS.get(pool);
            series.queueLength.get(name).set(replication, step, platform.scheduler().waiting(name));
            double mean = waitCount[pool][step] == 0 ? Double.NaN : waitSum[pool][step] / waitCount[pool][step];
            series.waitingTime.get(name).set(replication, step, mean);
        }
        Cluster cluster = platform.cluster();
        for (String pool : nodePools) {
            for (ResourceKind kind : ResourceKind.values()) {
                series.utilisation.get(pool).get(kind).set(replication, step, cluster.utilisation(pool, kind));
            }
        }
    }

    static String poolOf(SnapshotTask task) {
        return task.request().taskPool().equals(TaskPools.GPU) ? TaskPools.GPU : TaskPools.CPU;
    }
}

package io.pipetwin.core.bench;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.LognormalDurationModel;
import io.pipetwin.core.pipeline.PipelineDag;
import io.pipetwin.core.pipeline.PipelineSpec;
import io.pipetwin.core.pipeline.TaskSpec;
import io.pipetwin.core.pipeline.Trigger;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceRequest;
import io.pipetwin.core.platform.TaskPools;
import io.pipetwin.core.scheduling.FailurePolicy;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.core.scheduling.PlatformSimulation;
import io.pipetwin.core.scheduling.Scheduler;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference workload on the general platform model: nodes with {@code c} CPU slots (1000 milli-cores
 * each) and {@code g} GPUs, FIFO queueing per task pool with strict head of line, first-fit placement.
 * Every task requests one core or one whole GPU and nothing else. All four durations of a pipeline are
 * drawn at its arrival from the {@code durations} stream, inter-arrival times from {@code arrivals}.
 *
 * <p>Events: one arrival per pipeline and one completion per task, 5 per pipeline.
 */
public final class ReferenceWorkload {

    private static final ReferenceStage[] STAGES = ReferenceStage.values();

    private final ReferenceParameters parameters;
    private final Simulation simulation;
    private final PlatformSimulation platform;
    private final ReferenceRecorder recorder;
    private final PipelineSpec spec;
    private final RandomStream arrivalRandom;
    private final RandomStream durationRandom;
    private final double[] durations = new double[STAGES.length];
    private final int arrivalHandler;
    private int arrived;
    private double lastArrivalSeconds;
    private long eventLoopNanos;
    private long eventLoopCpuNanos;

    /**
     * Creates the run; {@code trace} receives a header row and then one CSV row per task at its completion,
     * or is null.
     */
    public ReferenceWorkload(ReferenceParameters parameters, Writer trace) {
        this.parameters = parameters;
        this.simulation = new Simulation(parameters.seed(), 1024);
        List<NodeSpec> nodes = new ArrayList<>();
        for (int i = 0; i < parameters.nodes(); i++) {
            nodes.add(new NodeSpec("node-" + i, null, 1000L * parameters.cpuSlotsPerNode(), 0,
                    parameters.gpusPerNode(), "gpu"));
        }
        Cluster cluster = new Cluster(nodes);
        Scheduler scheduler = new Scheduler(simulation, cluster, FifoQueueing::new, new FirstFit(),
                HeadOfLineRule.STRICT);
        this.platform = new PlatformSimulation(simulation, cluster, scheduler, new LognormalDurationModel(),
                FailurePolicy.FAIL);
        // The recorder keeps numbers, not task objects, so completed pipelines' objects can serve new arrivals.
        platform.setReusePipelines(true);
        this.recorder = new ReferenceRecorder(platform, parameters.pipelines(), parameters.recording(), trace);
        recorder.writeHeader();
        platform.addListener(recorder);

        List<TaskSpec> tasks = new ArrayList<>();
        for (ReferenceStage stage : STAGES) {
            ResourceRequest request = stage.usesGpu() ? new ResourceRequest(0, 0, 1, 1000, null)
                    : ResourceRequest.cpu(1000, 0);
            tasks.add(TaskSpec.of(stage.type().label(), stage.type(), request));
        }
        this.spec = new PipelineSpec("reference", "reference", "model", null, 0, Trigger.SCHEDULED, 0,
                PipelineDag.chain(tasks));
        this.arrivalRandom = simulation.stream("arrivals");
        this.durationRandom = simulation.stream("durations");
        this.arrivalHandler = simulation.register(ignored -> onArrival());
    }

    /** Runs the workload to the completion of the last pipeline and returns its statistics. */
    public ReferenceStatistics run() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        simulation.schedule(arrivalRandom.nextExponential(parameters.meanInterArrivalSeconds()), arrivalHandler, 0);
        simulation.run();
        eventLoopNanos = System.nanoTime() - start;
        eventLoopCpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
        return statistics();
    }

    private void onArrival() {
        for (int i = 0; i < durations.length; i++) {
            durations[i] = Math.exp(STAGES[i].mu() + STAGES[i].sigma() * durationRandom.nextGaussian());
        }
        lastArrivalSeconds = simulation.now();
        platform.submitPipeline(spec, durations);
        if (++arrived < parameters.pipelines()) {
            simulation.schedule(arrivalRandom.nextExponential(parameters.meanInterArrivalSeconds()), arrivalHandler, 0);
        }
    }

    /** Returns the wall time of the last {@link #run()} in nanoseconds, from just before the loop to its return. */
    public long eventLoopNanos() {
        return eventLoopNanos;
    }

    /**
     * Returns the CPU time of the running thread during the last {@link #run()} in nanoseconds, or a negative
     * value where the JVM does not measure it; unlike wall time it excludes time the thread waited for a core.
     */
    public long eventLoopCpuNanos() {
        return eventLoopCpuNanos;
    }

    /** Returns the number of events dispatched: 5 per pipeline (an arrival and four completions). */
    public long eventCount() {
        return simulation.eventCount();
    }

    private ReferenceStatistics statistics() {
        int p = parameters.pipelines();
        double horizon = recorder.lastCompletionSeconds;
        double[] meanDuration = new double[STAGES.length];
        double[] meanWait = new double[STAGES.length];
        double[] positive = new double[STAGES.length];
        double[] meanSeen = new double[STAGES.length];
        double cpuWork = 0;
        double gpuWork = 0;
        long cpuPositive = 0;
        for (ReferenceStage stage : STAGES) {
            int i = stage.ordinal();
            meanDuration[i] = recorder.durationSum[i] / p;
            meanWait[i] = recorder.waitSum[i] / p;
            positive[i] = (double) recorder.waitPositive[i] / p;
            meanSeen[i] = (double) recorder.queueSeenSum[i] / p;
            if (stage.usesGpu()) {
                gpuWork += recorder.durationSum[i];
            } else {
                cpuWork += recorder.durationSum[i];
                cpuPositive += recorder.waitPositive[i];
            }
        }
        double cpuCapacity = (double) parameters.nodes() * parameters.cpuSlotsPerNode();
        double gpuCapacity = (double) parameters.nodes() * parameters.gpusPerNode();
        double trainP99 = Double.NaN;
        double sojournP99 = Double.NaN;
        if (recorder.waits != null) {
            trainP99 = Quantiles.nearestRank(recorder.waits[ReferenceStage.TRAIN.ordinal()], 0.99);
            double[] sojourns = recorder.sojourns.clone();
            Arrays.sort(sojourns);
            sojournP99 = Quantiles.nearestRankSorted(sojourns, 0.99);
        }
        Scheduler scheduler = platform.scheduler();
        return new ReferenceStatistics(horizon, lastArrivalSeconds / p, meanDuration, cpuWork / (cpuCapacity * horizon),
                gpuWork / (gpuCapacity * horizon), meanWait, positive, cpuPositive / (3.0 * p), trainP99, meanSeen,
                scheduler.queueLengthIntegral(TaskPools.CPU) / horizon,
                scheduler.queueLengthIntegral(TaskPools.GPU) / horizon, scheduler.maxQueueLength(TaskPools.CPU),
                scheduler.maxQueueLength(TaskPools.GPU), recorder.sojournSum / p, sojournP99);
    }

    /** Returns the per-task waits by stage and pipeline under full recording, or null. */
    double[][] waits() {
        return recorder.waits;
    }
}

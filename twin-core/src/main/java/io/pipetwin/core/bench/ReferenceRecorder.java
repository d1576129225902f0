package io.pipetwin.core.bench;

import io.pipetwin.core.pipeline.Pipeline;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.scheduling.PlatformSimulation;
import io.pipetwin.core.scheduling.SimulationListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Records a reference run: per task the wait and the queue seen at submission, per pipeline the sojourn
 * ({@link Recording#FULL}), or only running sums ({@link Recording#SUMMARY}); optionally one CSV row per
 * task, whose {@code queue_seen} column is empty under summary recording.
 */
final class ReferenceRecorder implements SimulationListener {

    static final String TRACE_HEADER = "pipeline,stage,resource,arrival,t_request,t_start,t_end,wait,queue_seen\n";

    private static final ReferenceStage[] STAGES = ReferenceStage.values();

    private final PlatformSimulation platform;
    private final boolean full;
    private final Writer trace;

    final double[][] waits;
    final int[][] queueSeen;
    final double[] sojourns;
    final double[] waitSum = new double[STAGES.length];
    final long[] waitPositive = new long[STAGES.length];
    final double[] durationSum = new double[STAGES.length];
    final long[] queueSeenSum = new long[STAGES.length];
    double sojournSum;
    long completed;
    double lastCompletionSeconds;

    ReferenceRecorder(PlatformSimulation platform, int pipelines, Recording recording, Writer trace) {
        this.platform = platform;
        this.full = recording == Recording.FULL;
        this.trace = trace;
        this.waits = full ? new double[STAGES.length][pipelines] : null;
        this.queueSeen = full ? new int[STAGES.length][pipelines] : null;
        this.sojourns = full ? new double[pipelines] : null;
    }

    @Override
    public void onTaskSubmitted(Task task) {
        int seen = platform.scheduler().waitingLike(task);
        int stage = task.indexInPipeline();
        queueSeenSum[stage] += seen;
        if (full) {
            queueSeen[stage][(int) task.pipeline().number()] = seen;
        }
    }

    @Override
    public void onTaskStarted(Task task) {
        int stage = task.indexInPipeline();
        double wait = platform.simulation().now() - task.submitSeconds();
        waitSum[stage] += wait;
        if (wait > 0) {
            waitPositive[stage]++;
        }
        if (full) {
            waits[stage][(int) task.pipeline().number()] = wait;
        }
    }

    @Override
    public void onTaskFinished(Task task) {
        int stage = task.indexInPipeline();
        durationSum[stage] += task.durationSeconds();
        if (trace != null) {
            writeTraceRow(task);
        }
    }

    @Override
    public void onPipelineCompleted(Pipeline pipeline) {
        double now = platform.simulation().now();
        double sojourn = now - pipeline.arrivalSeconds();
        sojournSum += sojourn;
        completed++;
        lastCompletionSeconds = now;
        if (full) {
            sojourns[(int) pipeline.number()] = sojourn;
        }
    }

    void writeHeader() {
        if (trace == null) {
            return;
        }
        try {
            trace.write(TRACE_HEADER);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the task trace header failed", e);
        }
    }

    private void writeTraceRow(Task task) {
        int stage = task.indexInPipeline();
        long pipeline = task.pipeline().number();
        String seen = full ? Integer.toString(queueSeen[stage][(int) pipeline]) : "";
        String row = pipeline + "," + STAGES[stage].type().label() + "," + (task.usesGpu() ? "gpu" : "cpu") + ","
                + task.pipeline().arrivalSeconds() + "," + task.submitSeconds() + "," + task.startSeconds() + ","
                + task.endSeconds() + "," + task.waitSeconds() + "," + seen + "\n";
        try {
            trace.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the task trace failed at pipeline " + pipeline, e);
        }
    }
}

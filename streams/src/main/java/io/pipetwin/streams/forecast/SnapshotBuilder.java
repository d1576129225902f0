package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SnapshotNode;
import io.pipetwin.core.forecast.SnapshotPipeline;
import io.pipetwin.core.forecast.SnapshotPipelineTask;
import io.pipetwin.core.forecast.SnapshotTask;
import io.pipetwin.streams.mirror.Arrival;
import io.pipetwin.streams.mirror.ArrivalTask;
import io.pipetwin.streams.mirror.DurationWindow;
import io.pipetwin.streams.mirror.NodeState;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.mirror.TaskState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the forecaster's input from a platform's mirrored state. */
public final class SnapshotBuilder {

    private SnapshotBuilder() {
    }

    /**
     * Copies the mirror into a snapshot dated {@code timeMillis}. The caller applies every event before
     * that time first; the snapshot shares no mutable state with the mirror.
     */
    public static PlatformSnapshot build(PlatformMirror mirror, long timeMillis) {
        List<SnapshotNode> nodes = new ArrayList<>(mirror.nodes().size());
        for (NodeState node : mirror.nodes()) {
            nodes.add(node.toSnapshotNode());
        }

        List<SnapshotTask> waiting = new ArrayList<>(mirror.waitingTasks().size());
        for (TaskState task : mirror.waitingTasks()) {
            waiting.add(task.toSnapshotTask());
        }
        List<SnapshotTask> running = new ArrayList<>(mirror.runningTasks().size());
        for (TaskState task : mirror.runningTasks()) {
            running.add(task.toSnapshotTask());
        }

        Map<String, double[]> durations = new LinkedHashMap<>();
        for (Map.Entry<String, DurationWindow> entry : mirror.durationWindows().entrySet()) {
            durations.put(entry.getKey(), entry.getValue().durationsSeconds());
        }

        // Arrivals are pipelines: the rate counts submissions, and each future arrival copies a recent pipeline
        // whose successors the forecast submits as their predecessors finish. The single-task list contains the
        // tasks that arrive with their pipeline, those without predecessors.
        List<Arrival> recent = mirror.arrivals().recent(timeMillis);
        List<SnapshotPipeline> recentPipelines = new ArrayList<>(recent.size());
        List<SnapshotTask> recentArrivals = new ArrayList<>(recent.size());
        for (Arrival arrival : recent) {
            recentPipelines.add(toSnapshotPipeline(arrival));
            for (ArrivalTask task : arrival.tasks()) {
                if (task.dependsOn().isEmpty()) {
                    recentArrivals.add(new SnapshotTask(task.taskId(), arrival.pipelineId(), task.taskClass(),
                            task.demand().toSnapshotRequest(), task.nodeCount(), arrival.timeMillis() / 1000.0,
                            List.of()));
                }
            }
        }
        double ratePerSecond = mirror.arrivals().ratePerSecond(timeMillis, mirror.limits().arrivalRateWindow().toMillis());

        return new PlatformSnapshot(timeMillis / 1000.0, nodes, waiting, running, durations, ratePerSecond,
                recentArrivals).withPipelineArrivals(recentPipelines);
    }

    private static SnapshotPipeline toSnapshotPipeline(Arrival arrival) {
        List<SnapshotPipelineTask> tasks = new ArrayList<>(arrival.tasks().size());
        for (ArrivalTask task : arrival.tasks()) {
            List<String> dependsOn = new ArrayList<>(task.dependsOn().size());
            for (int predecessor : task.dependsOn()) {
                dependsOn.add(arrival.tasks().get(predecessor).taskId());
            }
            tasks.add(new SnapshotPipelineTask(task.taskId(), task.taskClass(), task.demand().toSnapshotRequest(),
                    Math.max(1, task.nodeCount()), 0, dependsOn, false));
        }
        return new SnapshotPipeline(arrival.pipelineId(), arrival.timeMillis() / 1000.0, tasks);
    }
}

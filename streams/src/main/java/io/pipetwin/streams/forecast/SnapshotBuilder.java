package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SnapshotNode;
import io.pipetwin.core.forecast.SnapshotTask;
import io.pipetwin.streams.mirror.Arrival;
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

        List<SnapshotTask> recentArrivals = new ArrayList<>();
        for (Arrival arrival : mirror.arrivals().recent(timeMillis)) {
            recentArrivals.add(new SnapshotTask(arrival.taskId(), arrival.pipelineId(),
                    TaskState.taskClass(arrival.taskType(), arrival.demand()), arrival.demand().toSnapshotRequest(),
                    arrival.nodeCount(), arrival.timeMillis() / 1000.0, List.of()));
        }
        double ratePerSecond = mirror.arrivals().ratePerSecond(timeMillis, mirror.limits().arrivalRateWindow().toMillis());

        return new PlatformSnapshot(timeMillis / 1000.0, nodes, waiting, running, durations, ratePerSecond,
                recentArrivals);
    }
}

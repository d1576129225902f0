package io.pipetwin.core.forecast;

import java.util.List;
import java.util.Map;

/**
 * The mirrored state of one platform at one event time, from which a forecast starts. The live twin
 * builds it from its state store; tests build it by hand.
 *
 * @param timeSeconds              event time of the state, in epoch seconds
 * @param nodes                    nodes in service
 * @param waiting                  tasks waiting for resources, in queue order
 * @param running                  tasks holding resources
 * @param observedDurationsSeconds durations of finished tasks by task class, used to draw the
 *                                 remaining durations of running tasks and the durations of waiting ones
 * @param arrivalRatePerSecond     estimated rate of new task arrivals; 0 forecasts no arrivals
 * @param recentArrivals           requests of recently arrived tasks, resampled as future arrivals
 */
public record PlatformSnapshot(double timeSeconds, List<SnapshotNode> nodes, List<SnapshotTask> waiting,
                               List<SnapshotTask> running, Map<String, double[]> observedDurationsSeconds,
                               double arrivalRatePerSecond, List<SnapshotTask> recentArrivals) {
}

package io.pipetwin.core.forecast;

import io.pipetwin.core.metrics.RetrainingPolicy;
import java.util.List;
import java.util.Map;

/**
 * The mirrored state of one platform at one event time, from which a forecast starts. The live twin
 * builds it from its state store; tests build it by hand. The seven-argument constructor leaves the
 * pipeline DAGs, models, storage, arrival model and pipeline arrivals empty; the {@code with...} methods add
 * them.
 *
 * @param timeSeconds              event time of the state, in epoch seconds
 * @param nodes                    nodes in service
 * @param waiting                  tasks waiting for resources, in queue order
 * @param running                  tasks holding resources
 * @param observedDurationsSeconds durations of finished tasks by task class, used to draw the
 *                                 remaining durations of running tasks and the durations of waiting ones
 * @param arrivalRatePerSecond     estimated rate of new arrivals: of pipelines when
 *                                 {@code recentPipelineArrivals} is not empty, of single tasks otherwise; 0
 *                                 forecasts no arrivals. Ignored when {@code arrivalModel} is set
 * @param recentArrivals           requests of recently arrived tasks, resampled as future single-task
 *                                 arrivals when {@code recentPipelineArrivals} is empty
 * @param pipelines                pipelines with unfinished tasks and their DAGs; empty when unknown, in which
 *                                 case no blocked task is submitted and no completion time is forecast
 * @param models                   deployed models with their latest metrics
 * @param storage                  storage bandwidths, or null to give input transfers no time
 * @param arrivalModel             time-varying arrival rate, or null to use {@code arrivalRatePerSecond}
 * @param retrainingPolicy         the platform's retraining strategy for deployed models
 * @param recentPipelineArrivals   structures of recently arrived pipelines (tasks with their classes,
 *                                 requests and dependencies; finished flags ignored). When not empty, each
 *                                 future arrival copies one drawn uniformly: its tasks without predecessors
 *                                 are submitted at the arrival and every other task when its predecessors
 *                                 finish, so the arrival rate counts pipelines, not tasks
 */
public record PlatformSnapshot(double timeSeconds, List<SnapshotNode> nodes, List<SnapshotTask> waiting,
                               List<SnapshotTask> running, Map<String, double[]> observedDurationsSeconds,
                               double arrivalRatePerSecond, List<SnapshotTask> recentArrivals,
                               List<SnapshotPipeline> pipelines, List<SnapshotModel> models,
                               SnapshotStorage storage, ArrivalModel arrivalModel,
                               RetrainingPolicy retrainingPolicy, List<SnapshotPipeline> recentPipelineArrivals) {

    public PlatformSnapshot {
        pipelines = pipelines == null ? List.of() : pipelines;
        recentPipelineArrivals = recentPipelineArrivals == null ? List.of() : recentPipelineArrivals;
        models = models == null ? List.of() : models;
        retrainingPolicy = retrainingPolicy == null ? RetrainingPolicy.NONE : retrainingPolicy;
    }

    /** Creates a snapshot without pipeline DAGs, models, storage, arrival model or pipeline arrivals. */
    public PlatformSnapshot(double timeSeconds, List<SnapshotNode> nodes, List<SnapshotTask> waiting,
                            List<SnapshotTask> running, Map<String, double[]> observedDurationsSeconds,
                            double arrivalRatePerSecond, List<SnapshotTask> recentArrivals) {
        this(timeSeconds, nodes, waiting, running, observedDurationsSeconds, arrivalRatePerSecond, recentArrivals,
                List.of(), List.of(), null, null, RetrainingPolicy.NONE, List.of());
    }

    public PlatformSnapshot withNodes(List<SnapshotNode> newNodes) {
        return new PlatformSnapshot(timeSeconds, newNodes, waiting, running, observedDurationsSeconds,
                arrivalRatePerSecond, recentArrivals, pipelines, models, storage, arrivalModel, retrainingPolicy,
                recentPipelineArrivals);
    }

    public PlatformSnapshot withTasks(List<SnapshotTask> newWaiting, List<SnapshotTask> newRunning) {
        return new PlatformSnapshot(timeSeconds, nodes, newWaiting, newRunning, observedDurationsSeconds,
                arrivalRatePerSecond, recentArrivals, pipelines, models, storage, arrivalModel, retrainingPolicy,
                recentPipelineArrivals);
    }

    public PlatformSnapshot withPipelines(List<SnapshotPipeline> newPipelines) {
        return new PlatformSnapshot(timeSeconds, nodes, waiting, running, observedDurationsSeconds,
                arrivalRatePerSecond, recentArrivals, newPipelines, models, storage, arrivalModel, retrainingPolicy,
                recentPipelineArrivals);
    }

    public PlatformSnapshot withModels(List<SnapshotModel> newModels, RetrainingPolicy newRetrainingPolicy) {
        return new PlatformSnapshot(timeSeconds, nodes, waiting, running, observedDurationsSeconds,
                arrivalRatePerSecond, recentArrivals, pipelines, newModels, storage, arrivalModel,
                newRetrainingPolicy, recentPipelineArrivals);
    }

    public PlatformSnapshot withStorage(SnapshotStorage newStorage) {
        return new PlatformSnapshot(timeSeconds, nodes, waiting, running, observedDurationsSeconds,
                arrivalRatePerSecond, recentArrivals, pipelines, models, newStorage, arrivalModel, retrainingPolicy,
                recentPipelineArrivals);
    }

    /**
     * Returns this snapshot with the workload inputs replaced: arrival model, durations and single-task arrival
     * mix. Pipeline arrivals are kept, and while there are any, future arrivals copy them, not
     * {@code newRecentArrivals}.
     */
    public PlatformSnapshot withWorkload(ArrivalModel newArrivalModel, Map<String, double[]> newDurationsSeconds,
                                         List<SnapshotTask> newRecentArrivals) {
        return new PlatformSnapshot(timeSeconds, nodes, waiting, running, newDurationsSeconds,
                arrivalRatePerSecond, newRecentArrivals, pipelines, models, storage, newArrivalModel,
                retrainingPolicy, recentPipelineArrivals);
    }

    /** Returns this snapshot with future arrivals drawn as copies of {@code newRecentPipelineArrivals}. */
    public PlatformSnapshot withPipelineArrivals(List<SnapshotPipeline> newRecentPipelineArrivals) {
        return new PlatformSnapshot(timeSeconds, nodes, waiting, running, observedDurationsSeconds,
                arrivalRatePerSecond, recentArrivals, pipelines, models, storage, arrivalModel, retrainingPolicy,
                newRecentPipelineArrivals);
    }

    /** Returns the arrival model forecasts sample from: {@code arrivalModel}, or the constant rate. */
    public ArrivalModel effectiveArrivalModel() {
        return arrivalModel != null ? arrivalModel : ArrivalModel.constant(Math.max(0.0, arrivalRatePerSecond));
    }
}

package io.pipetwin.core.forecast.scenario;

import io.pipetwin.core.experiment.PolicyCatalog;
import io.pipetwin.core.forecast.Forecaster;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SnapshotNode;
import io.pipetwin.core.forecast.SnapshotTask;
import io.pipetwin.core.metrics.RetrainingPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A what-if variant of the live platform: other policies, nodes added or removed, another retraining
 * strategy, a scaled arrival rate. Null fields keep the live value. {@link #apply} forecasts the variant
 * from the same live state.
 *
 * @param name                  label of the scenario in outputs
 * @param queueingPolicy        {@link PolicyCatalog#QUEUEING_NAMES} name, or null
 * @param placementPolicy       {@link PolicyCatalog#PLACEMENT_NAMES} name, or null
 * @param nodeChanges           nodes added or removed per GPU model, applied in order
 * @param retrainingStrategy    {@link RetrainingPolicy#parse} specification, or null
 * @param arrivalRateMultiplier factor on the arrival rate at every time, or null for 1
 */
public record Scenario(String name, String queueingPolicy, String placementPolicy, List<NodeChange> nodeChanges,
                       String retrainingStrategy, Double arrivalRateMultiplier) {

    public Scenario {
        nodeChanges = nodeChanges == null ? List.of() : List.copyOf(nodeChanges);
        ScenarioValidation.validate(name, queueingPolicy, placementPolicy, nodeChanges, retrainingStrategy,
                arrivalRateMultiplier);
    }

    /**
     * Returns the variant of {@code snapshot} under this scenario and a forecaster with its policies.
     *
     * <p>Removal takes the nodes of the GPU model with the fewest running tasks first (ties: the greatest
     * node id first); their running tasks rejoin the tail of the queue as if requeued at the snapshot's time,
     * with the full duration still to run. Added nodes are named {@code <scenario>-<gpu model>-<n>}.
     *
     * @throws InvalidScenarioException when a removal requests more nodes than the GPU model has
     */
    public ScenarioVariant apply(PlatformSnapshot snapshot, PlatformPolicies live) {
        PlatformSnapshot variant = changeNodes(snapshot);
        if (retrainingStrategy != null) {
            variant = variant.withModels(variant.models(), RetrainingPolicy.parse(retrainingStrategy));
        }
        if (arrivalRateMultiplier != null) {
            variant = variant.withWorkload(variant.effectiveArrivalModel().scaled(arrivalRateMultiplier),
                    variant.observedDurationsSeconds(), variant.recentArrivals());
        }
        String queueing = queueingPolicy != null ? queueingPolicy : live.queueingPolicy();
        String placement = placementPolicy != null ? placementPolicy : live.placementPolicy();
        List<String> preferred = live.preferredGpuModels();
        Forecaster forecaster = new Forecaster(PolicyCatalog.queueing(queueing),
                () -> PolicyCatalog.placement(placement, preferred), live.headOfLineRule());
        return new ScenarioVariant(name, variant, forecaster);
    }

    private PlatformSnapshot changeNodes(PlatformSnapshot snapshot) {
        if (nodeChanges.isEmpty()) {
            return snapshot;
        }
        List<SnapshotNode> nodes = new ArrayList<>(snapshot.nodes());
        List<SnapshotTask> waiting = new ArrayList<>(snapshot.waiting());
        List<SnapshotTask> running = new ArrayList<>(snapshot.running());
        Set<String> ids = new HashSet<>();
        nodes.forEach(node -> ids.add(node.nodeId()));
        for (int i = 0; i < nodeChanges.size(); i++) {
            NodeChange change = nodeChanges.get(i);
            if (change.count() > 0) {
                addNodes(change, nodes, ids);
            } else {
                removeNodes(change, i, nodes, waiting, running, snapshot.timeSeconds());
            }
        }
        return snapshot.withNodes(nodes).withTasks(waiting, running);
    }

    private void addNodes(NodeChange change, List<SnapshotNode> nodes, Set<String> ids) {
        String gpuModel = change.isCpu() ? null : change.gpuModel();
        String pool = change.isCpu() ? NodeChange.CPU : change.gpuModel();
        int n = 0;
        for (int added = 0; added < change.count(); added++) {
            String id;
            do {
                id = name + "-" + change.gpuModel() + "-" + n++;
            } while (!ids.add(id));
            nodes.add(new SnapshotNode(id, pool, change.cpuMilli(), change.memoryMib(), change.gpusPerNode(),
                    gpuModel));
        }
    }

    private static void removeNodes(NodeChange change, int index, List<SnapshotNode> nodes,
                                    List<SnapshotTask> waiting, List<SnapshotTask> running, double nowSeconds) {
        Map<String, Integer> tasksOnNode = new HashMap<>();
        for (SnapshotTask task : running) {
            task.nodeIds().forEach(node -> tasksOnNode.merge(node, 1, Integer::sum));
        }
        List<SnapshotNode> candidates = nodes.stream()
                .filter(node -> change.isCpu() ? node.gpuModel() == null : change.gpuModel().equals(node.gpuModel()))
                .sorted(Comparator.<SnapshotNode>comparingInt(node -> tasksOnNode.getOrDefault(node.nodeId(), 0))
                        .thenComparing(SnapshotNode::nodeId, Comparator.reverseOrder()))
                .toList();
        int toRemove = -change.count();
        if (toRemove > candidates.size()) {
            throw new InvalidScenarioException("nodes[" + index + "].count", "removes " + toRemove + " nodes of "
                    + change.gpuModel() + " but the platform has " + candidates.size()
                    + "; remove at most " + candidates.size());
        }
        Set<String> removed = new HashSet<>();
        candidates.subList(0, toRemove).forEach(node -> removed.add(node.nodeId()));
        nodes.removeIf(node -> removed.contains(node.nodeId()));
        List<SnapshotTask> displaced = running.stream()
                .filter(task -> task.nodeIds().stream().anyMatch(removed::contains)).toList();
        running.removeAll(displaced);
        for (SnapshotTask task : displaced) {
            waiting.add(new SnapshotTask(task.taskId(), task.pipelineId(), task.taskClass(), task.request(),
                    task.nodeCount(), nowSeconds, List.of()));
        }
    }
}

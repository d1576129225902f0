package io.pipetwin.core.forecast.scenario;

import io.pipetwin.core.experiment.PolicyCatalog;
import io.pipetwin.core.metrics.RetrainingPolicy;
import java.util.List;
import java.util.Locale;

/** Checks of a {@link Scenario}'s fields; every failure is an {@link InvalidScenarioException}. */
final class ScenarioValidation {

    private ScenarioValidation() {
    }

    static void validate(String name, String queueingPolicy, String placementPolicy, List<NodeChange> nodeChanges,
                         String retrainingStrategy, Double arrivalRateMultiplier) {
        if (name == null || name.isBlank()) {
            throw new InvalidScenarioException("name", "is missing; give the scenario a name such as add-8-a100");
        }
        if (queueingPolicy != null && !PolicyCatalog.QUEUEING_NAMES.contains(queueingPolicy.toLowerCase(Locale.ROOT))) {
            throw new InvalidScenarioException("queueingPolicy", "'" + queueingPolicy + "' is unknown; use one of "
                    + PolicyCatalog.QUEUEING_NAMES + " or leave it out to keep the live policy");
        }
        if (placementPolicy != null && !PolicyCatalog.PLACEMENT_NAMES.contains(placementPolicy.toLowerCase(Locale.ROOT))) {
            throw new InvalidScenarioException("placementPolicy", "'" + placementPolicy + "' is unknown; use one of "
                    + PolicyCatalog.PLACEMENT_NAMES + " or leave it out to keep the live policy");
        }
        for (int i = 0; i < nodeChanges.size(); i++) {
            validate(nodeChanges.get(i), "nodes[" + i + "]");
        }
        if (retrainingStrategy != null) {
            try {
                RetrainingPolicy.parse(retrainingStrategy);
            } catch (IllegalArgumentException e) {
                throw new InvalidScenarioException("retrainingStrategy", e.getMessage());
            }
        }
        if (arrivalRateMultiplier != null
                && (!(arrivalRateMultiplier >= 0) || Double.isInfinite(arrivalRateMultiplier))) {
            throw new InvalidScenarioException("arrivalRateMultiplier", arrivalRateMultiplier
                    + " is invalid; use a finite value >= 0, for example 1.5 for 50 % more arrivals");
        }
    }

    private static void validate(NodeChange change, String path) {
        if (change.gpuModel() == null || change.gpuModel().isBlank()) {
            throw new InvalidScenarioException(path + ".gpuModel", "is missing; name the GPU model, or cpu for "
                    + "nodes without GPUs");
        }
        if (change.count() == 0) {
            throw new InvalidScenarioException(path + ".count", "0 changes nothing; use a positive count to add "
                    + "nodes or a negative one to remove them");
        }
        if (change.count() < 0) {
            return;
        }
        if (change.cpuMilli() <= 0) {
            throw new InvalidScenarioException(path + ".cpuMilli", change.cpuMilli() + " is invalid; added nodes "
                    + "need a CPU capacity > 0 milli-cores, for example 96000");
        }
        if (change.memoryMib() <= 0) {
            throw new InvalidScenarioException(path + ".memoryMib", change.memoryMib() + " is invalid; added nodes "
                    + "need a memory capacity > 0 MiB, for example 786432");
        }
        if (change.isCpu() ? change.gpusPerNode() != 0 : change.gpusPerNode() < 1 || change.gpusPerNode() > 64) {
            throw new InvalidScenarioException(path + ".gpusPerNode", change.gpusPerNode() + " is invalid; use 0 "
                    + "for cpu nodes and 1 to 64 for GPU nodes");
        }
    }
}

package io.pipetwin.core.experiment;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.pipetwin.core.scheduling.BestFit;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.GpuModelAffinity;
import io.pipetwin.core.scheduling.PlacementPolicy;
import io.pipetwin.core.scheduling.PriorityClasses;
import io.pipetwin.core.scheduling.QueueingPolicy;
import io.pipetwin.core.scheduling.ShortestExpectedJobFirst;
import io.pipetwin.core.scheduling.Spread;
import io.pipetwin.core.scheduling.TenantFairShare;

/** Queueing and placement policies by the names used on the command line and in experiment files. */
public final class PolicyCatalog {

    public static final List<String> QUEUEING_NAMES = List.of("fifo", "sjf", "priority", "priority-preemptive",
            "fair-share");
    public static final List<String> PLACEMENT_NAMES = List.of("first-fit", "best-fit", "spread", "gpu-affinity");

    private PolicyCatalog() {
    }

    /** Returns a factory of the queueing policy {@code name}; the scheduler makes one queue per task pool. */
    public static Supplier<QueueingPolicy> queueing(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fifo" -> FifoQueueing::new;
            case "sjf" -> ShortestExpectedJobFirst::new;
            case "priority" -> () -> new PriorityClasses(false);
            case "priority-preemptive" -> () -> new PriorityClasses(true);
            case "fair-share" -> TenantFairShare::new;
            default -> throw new IllegalArgumentException("unknown queueing policy '" + name + "'; use one of "
                    + QUEUEING_NAMES);
        };
    }

    /**
     * Returns the placement policy {@code name}. {@code gpu-affinity} prefers GPU models in the order of
     * {@code preferredGpuModels}.
     */
    public static PlacementPolicy placement(String name, List<String> preferredGpuModels) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "first-fit" -> new FirstFit();
            case "best-fit" -> new BestFit();
            case "spread" -> new Spread();
            case "gpu-affinity" -> new GpuModelAffinity(preferredGpuModels);
            default -> throw new IllegalArgumentException("unknown placement policy '" + name + "'; use one of "
                    + PLACEMENT_NAMES);
        };
    }

    /** Throws the same errors as {@link #queueing} and {@link #placement} without building anything. */
    public static void validate(String queueingName, String placementName) {
        queueing(queueingName);
        placement(placementName, List.of());
    }
}

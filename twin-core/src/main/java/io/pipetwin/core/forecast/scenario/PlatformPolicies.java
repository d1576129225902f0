package io.pipetwin.core.forecast.scenario;

import io.pipetwin.core.experiment.PolicyCatalog;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import java.util.List;

/**
 * The scheduling the live platform uses, by {@link PolicyCatalog} names: what a scenario changes from.
 *
 * @param preferredGpuModels GPU models in order of preference for {@code gpu-affinity} placement
 */
public record PlatformPolicies(String queueingPolicy, String placementPolicy, HeadOfLineRule headOfLineRule,
                               List<String> preferredGpuModels) {

    /** FIFO queueing, first-fit placement, strict head of line: the forecaster's defaults. */
    public static final PlatformPolicies DEFAULT = new PlatformPolicies("fifo", "first-fit", HeadOfLineRule.STRICT,
            List.of());

    public PlatformPolicies {
        PolicyCatalog.validate(queueingPolicy, placementPolicy);
        preferredGpuModels = List.copyOf(preferredGpuModels);
    }
}

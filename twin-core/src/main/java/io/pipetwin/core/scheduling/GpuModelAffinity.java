package io.pipetwin.core.scheduling;

import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;
import java.util.List;

/**
 * GPU-model affinity: a GPU task goes to the most preferred GPU model that fits (models in the given
 * order, unlisted models after them); a CPU task goes to nodes without GPUs first, so that GPU nodes stay
 * free for GPU tasks. Within one rank, the first node in cluster order wins. A request that names a GPU
 * model is restricted to it by the node itself, whatever the preference.
 */
public final class GpuModelAffinity extends ScoredPlacement {

    private final List<String> preferredModels;

    /** Creates the policy with GPU models from most to least preferred. */
    public GpuModelAffinity(List<String> preferredModels) {
        this.preferredModels = List.copyOf(preferredModels);
    }

    @Override
    double score(ResourceRequest request, Node node) {
        boolean gpuNode = node.spec().gpuCount() > 0;
        if (!request.usesGpu()) {
            return gpuNode ? 1 : 0;
        }
        int rank = preferredModels.indexOf(node.spec().gpuModel());
        return rank < 0 ? preferredModels.size() : rank;
    }
}

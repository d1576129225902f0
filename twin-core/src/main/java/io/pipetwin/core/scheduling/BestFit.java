package io.pipetwin.core.scheduling;

import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;

/**
 * Best fit (packing): the nodes left with the least mean free share of CPU, memory and GPU after the
 * placement, which keeps other nodes empty for large requests.
 */
public final class BestFit extends ScoredPlacement {

    @Override
    double score(ResourceRequest request, Node node) {
        return freeShareAfter(request, node);
    }
}

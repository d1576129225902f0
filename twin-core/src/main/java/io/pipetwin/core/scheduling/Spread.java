package io.pipetwin.core.scheduling;

import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;

/** Spread (least loaded): the nodes left with the most mean free share of CPU, memory and GPU. */
public final class Spread extends ScoredPlacement {

    @Override
    double score(ResourceRequest request, Node node) {
        return -freeShareAfter(request, node);
    }
}

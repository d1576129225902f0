package io.pipetwin.core.scheduling;

import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;

/**
 * Choice of the node or nodes a task runs on. A gang task ({@code nodeCount} above 1) is placed all at
 * once on distinct nodes, each with the full request, or not at all.
 */
public interface PlacementPolicy {

    /**
     * Chooses {@code nodeCount} distinct nodes in service on which {@code request} fits, writes them to
     * {@code out[0..nodeCount)} and returns true; returns false when there are not enough. Allocates
     * nothing: the scheduler allocates on the chosen nodes.
     */
    boolean place(ResourceRequest request, int nodeCount, Cluster cluster, Node[] out);
}

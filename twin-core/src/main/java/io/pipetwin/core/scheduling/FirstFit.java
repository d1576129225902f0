package io.pipetwin.core.scheduling;

import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;

/** First fit: the first nodes, in order of addition to the cluster, on which the request fits. */
public final class FirstFit implements PlacementPolicy {

    @Override
    public boolean place(ResourceRequest request, int nodeCount, Cluster cluster, Node[] out) {
        Node[] nodes = cluster.nodeArray();
        int found = 0;
        for (int i = 0; i < nodes.length && found < nodeCount; i++) {
            if (nodes[i].fits(request)) {
                out[found++] = nodes[i];
            }
        }
        return found == nodeCount;
    }
}

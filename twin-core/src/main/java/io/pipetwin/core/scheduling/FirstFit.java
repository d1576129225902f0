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
        int blocks = cluster.blockCount();
        for (int block = 0; block < blocks && found < nodeCount; block++) {
            // A block none of whose nodes can fit the request is skipped whole; the order of nodes is unchanged.
            if (!cluster.blockMayFit(block, request)) {
                continue;
            }
            int end = Math.min(nodes.length, (block + 1) * Cluster.BLOCK_SIZE);
            for (int i = block * Cluster.BLOCK_SIZE; i < end && found < nodeCount; i++) {
                if (nodes[i].fits(request)) {
                    out[found++] = nodes[i];
                }
            }
        }
        return found == nodeCount;
    }
}

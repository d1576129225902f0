package io.pipetwin.core.platform;

import java.util.HashMap;
import java.util.Map;

/**
 * The storage service tasks read their input from: its uplink, and optionally one access link per node.
 * A transfer to a node crosses the uplink and, when the node has one, its access link, so transfers to
 * one node share its link and all transfers share the uplink, max-min fairly.
 */
public final class StorageService {

    private final Network network;
    private final int uplink;
    private final Map<String, int[]> pathByNode = new HashMap<>();
    private final int[] uplinkOnly;

    /** Creates the service with an uplink of {@code uplinkBytesPerSecond} on {@code network}. */
    public StorageService(Network network, double uplinkBytesPerSecond) {
        this.network = network;
        this.uplink = network.addLink("storage-uplink", uplinkBytesPerSecond);
        this.uplinkOnly = new int[] {uplink};
    }

    public Network network() {
        return network;
    }

    /** Gives node {@code nodeId} an access link of {@code bytesPerSecond}. */
    public void addNodeLink(String nodeId, double bytesPerSecond) {
        int link = network.addLink("node-" + nodeId, bytesPerSecond);
        pathByNode.put(nodeId, new int[] {uplink, link});
    }

    /** Returns the link ids a transfer to {@code node} crosses; the array must not be modified. */
    public int[] pathTo(Node node) {
        return pathByNode.getOrDefault(node.id(), uplinkOnly);
    }
}

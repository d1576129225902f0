package io.pipetwin.core.forecast;

import java.util.Map;

/**
 * Bandwidths of the storage service tasks read their input from. With it, a forecast simulates input
 * transfers (see {@link io.pipetwin.core.platform.StorageService}); without it, inputs take no time.
 *
 * @param uplinkBytesPerSecond          bandwidth of the storage uplink all transfers share
 * @param nodeLinkBytesPerSecondByNode access-link bandwidth per node id; nodes absent here read over the
 *                                      uplink alone
 */
public record SnapshotStorage(double uplinkBytesPerSecond, Map<String, Double> nodeLinkBytesPerSecondByNode) {

    public SnapshotStorage {
        if (!(uplinkBytesPerSecond > 0) || Double.isInfinite(uplinkBytesPerSecond)) {
            throw new IllegalArgumentException("storage uplink " + uplinkBytesPerSecond
                    + " bytes per second is invalid; use a finite value > 0");
        }
        nodeLinkBytesPerSecondByNode = Map.copyOf(nodeLinkBytesPerSecondByNode);
    }
}

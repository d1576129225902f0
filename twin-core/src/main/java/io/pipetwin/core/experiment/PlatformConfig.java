package io.pipetwin.core.experiment;

import java.util.ArrayList;
import java.util.List;

import io.pipetwin.core.platform.NodeSpec;

/**
 * A platform to simulate: node groups and the bandwidth of the link to the storage service.
 *
 * @param name                  label used in outputs, for example {@code small}
 * @param nodes                 node groups; node ids are {@code <pool>-<n>} numbered across the platform
 * @param storageGbitPerSecond  bandwidth of the storage link shared by all input transfers (max-min fair);
 *                              0 makes input transfers take no time
 */
public record PlatformConfig(String name, List<NodeGroup> nodes, double storageGbitPerSecond) {

    public PlatformConfig {
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("platform " + name + " has no nodes; give at least one node group");
        }
        if (!(storageGbitPerSecond >= 0)) {
            throw new IllegalArgumentException("platform " + name + ": storageGbitPerSecond is "
                    + storageGbitPerSecond + "; give a bandwidth >= 0 (0 for no transfer time)");
        }
        nodes = List.copyOf(nodes);
    }

    /**
     * Builds a platform of {@code gpuNodes} GPU nodes and {@code cpuNodes} CPU nodes.
     */
    public static PlatformConfig ofCounts(String name, int gpuNodes, int gpusPerNode, String gpuModel,
                                          long gpuNodeCpuMilli, long gpuNodeMemoryMib, int cpuNodes,
                                          long cpuNodeCpuMilli, long cpuNodeMemoryMib, double storageGbitPerSecond) {
        List<NodeGroup> groups = new ArrayList<>();
        if (gpuNodes > 0) {
            groups.add(new NodeGroup(null, gpuNodes, gpuNodeCpuMilli, gpuNodeMemoryMib, gpusPerNode, gpuModel));
        }
        if (cpuNodes > 0) {
            groups.add(new NodeGroup(null, cpuNodes, cpuNodeCpuMilli, cpuNodeMemoryMib, 0, null));
        }
        return new PlatformConfig(name, groups, storageGbitPerSecond);
    }

    /** Expands the groups into node specs, in group order. */
    public List<NodeSpec> nodeSpecs() {
        List<NodeSpec> specs = new ArrayList<>();
        int number = 0;
        for (NodeGroup group : nodes) {
            for (int i = 0; i < group.count(); i++) {
                String pool = group.pool() != null ? group.pool()
                        : group.gpuCount() == 0 ? NodeSpec.CPU_POOL
                        : group.gpuModel() != null ? group.gpuModel() : NodeSpec.UNKNOWN_GPU_POOL;
                specs.add(new NodeSpec(pool + "-" + (number++), pool, group.cpuMilli(), group.memoryMib(),
                        group.gpuCount(), group.gpuModel()));
            }
        }
        return specs;
    }

    /** Returns the storage bandwidth in bytes per second. */
    public double storageBytesPerSecond() {
        return storageGbitPerSecond * 1e9 / 8;
    }
}

package io.pipetwin.core.trace.support;

/**
 * The spread of a job that requests more GPUs than one node has over several nodes: {@code nodeCount} nodes with
 * {@code gpusPerNode} GPUs each. The total is rounded up to a multiple of the node count, so a 12-GPU job
 * on 8-GPU nodes takes 6 GPUs on each of 2 nodes.
 *
 * @param nodeCount   nodes the job runs on at once
 * @param gpusPerNode GPUs it holds on each of them
 */
public record GangShape(int nodeCount, int gpusPerNode) {

    /** Returns the shape of {@code totalGpus} on nodes with {@code maxGpusPerNode} GPUs. */
    public static GangShape of(int totalGpus, int maxGpusPerNode) {
        if (maxGpusPerNode < 1) {
            throw new IllegalArgumentException("maxGpusPerNode " + maxGpusPerNode + " is below 1");
        }
        if (totalGpus <= maxGpusPerNode) {
            return new GangShape(1, totalGpus);
        }
        int nodes = (totalGpus + maxGpusPerNode - 1) / maxGpusPerNode;
        int perNode = (totalGpus + nodes - 1) / nodes;
        return new GangShape(nodes, perNode);
    }
}

package io.pipetwin.core.scheduling;

import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.ResourceRequest;

/**
 * Base of placements that rank the fitting nodes by a score: the {@code nodeCount} lowest scores win,
 * ties go to the node added first.
 */
abstract class ScoredPlacement implements PlacementPolicy {

    private double[] scores = new double[4];

    /** Returns the score of placing {@code request} on {@code node}, on which it fits; lower is better. */
    abstract double score(ResourceRequest request, Node node);

    @Override
    public boolean place(ResourceRequest request, int nodeCount, Cluster cluster, Node[] out) {
        Node[] nodes = cluster.nodeArray();
        if (scores.length < nodeCount) {
            scores = new double[nodeCount];
        }
        int found = 0;
        for (Node node : nodes) {
            if (!node.fits(request)) {
                continue;
            }
            double score = score(request, node);
            // Keep out[0..found) sorted by score, ties in node order, and at most nodeCount entries.
            int position = found;
            while (position > 0 && scores[position - 1] > score) {
                position--;
            }
            if (position >= nodeCount) {
                continue;
            }
            int last = Math.min(found, nodeCount - 1);
            for (int i = last; i > position; i--) {
                out[i] = out[i - 1];
                scores[i] = scores[i - 1];
            }
            out[position] = node;
            scores[position] = score;
            found = Math.min(found + 1, nodeCount);
        }
        return found == nodeCount;
    }

    /**
     * Returns the mean free share, after placing {@code request}, over the resources the node has:
     * CPU, memory and, for a node with GPUs, GPU.
     */
    static double freeShareAfter(ResourceRequest request, Node node) {
        double sum = 0;
        int dimensions = 0;
        if (node.spec().cpuMilli() > 0) {
            sum += (double) (node.freeCpuMilli() - request.cpuMilli()) / node.spec().cpuMilli();
            dimensions++;
        }
        if (node.spec().memoryMib() > 0) {
            sum += (double) (node.freeMemoryMib() - request.memoryMib()) / node.spec().memoryMib();
            dimensions++;
        }
        if (node.gpuCapacityMilli() > 0) {
            double freeGpu = node.gpuCapacityMilli() - node.allocatedGpuMilli() - request.totalGpuMilli();
            sum += freeGpu / node.gpuCapacityMilli();
            dimensions++;
        }
        return dimensions == 0 ? 0.0 : sum / dimensions;
    }
}

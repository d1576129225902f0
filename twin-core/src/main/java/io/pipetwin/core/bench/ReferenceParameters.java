package io.pipetwin.core.bench;

/**
 * Parameters of the reference workload: a Poisson stream of four-task chain pipelines
 * (preprocess on CPU, train on GPU, evaluate and deploy on CPU) on N nodes of c CPU slots and g GPUs,
 * every task holding one slot of its kind. The defaults (4 nodes of 4 CPU slots and 4 GPUs, a mean
 * inter-arrival time of 875 / N seconds) offer a CPU load of 0.7145 and a GPU load of 0.8479 for any N.
 *
 * @param pipelines              number of pipelines generated
 * @param nodes                  number of nodes
 * @param cpuSlotsPerNode        CPU slots per node
 * @param gpusPerNode            GPUs per node
 * @param meanInterArrivalSeconds mean of the exponential inter-arrival time
 * @param seed                   seed of the random streams
 * @param recording              what is kept in memory
 */
public record ReferenceParameters(int pipelines, int nodes, int cpuSlotsPerNode, int gpusPerNode,
                                  double meanInterArrivalSeconds, long seed, Recording recording) {

    /** Mean inter-arrival time times the node count, in seconds. */
    public static final double INTER_ARRIVAL_TIMES_NODES_SECONDS = 875.0;

    public ReferenceParameters {
        if (pipelines < 1 || nodes < 1 || cpuSlotsPerNode < 1 || gpusPerNode < 1 || !(meanInterArrivalSeconds > 0)) {
            throw new IllegalArgumentException("invalid reference parameters pipelines=" + pipelines + " nodes="
                    + nodes + " cpuSlotsPerNode=" + cpuSlotsPerNode + " gpusPerNode=" + gpusPerNode
                    + " meanInterArrivalSeconds=" + meanInterArrivalSeconds + "; all must be positive");
        }
    }

    /** Returns the default parameters for {@code pipelines} pipelines on {@code nodes} nodes. */
    public static ReferenceParameters of(int pipelines, int nodes, long seed, Recording recording) {
        return new ReferenceParameters(pipelines, nodes, 4, 4, INTER_ARRIVAL_TIMES_NODES_SECONDS / nodes, seed,
                recording);
    }
}

package io.pipetwin.core.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nodes of one platform, in order of addition, grouped into node pools. */
public final class Cluster {

    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> byId = new HashMap<>();
    private final Map<String, List<Node>> byPool = new LinkedHashMap<>();
    /** Nodes as an array, rebuilt on first use after an addition so that adding n nodes costs O(n). */
    private Node[] nodeArray = new Node[0];

    /** Nodes per block of the free-resource summaries that let first-fit skip full stretches of nodes. */
    public static final int BLOCK_SIZE = 32;
    /** Per block, the largest free amount over its nodes in service (-1 for CPU and memory when none is up). */
    private long[] blockFreeCpuMilli = new long[0];
    private long[] blockFreeMemoryMib = new long[0];
    private int[] blockWholeFreeGpus = new int[0];
    private int[] blockMaxFreeGpuMilli = new int[0];
    private boolean[] blockStale = new boolean[0];
    /** Incremented whenever free capacity may have grown: a release or an added node. */
    private long capacityVersion;

    public Cluster() {
    }

    public Cluster(List<NodeSpec> specs) {
        specs.forEach(this::addNode);
    }

    /** Adds a node in service and returns it. */
    public Node addNode(NodeSpec spec) {
        if (byId.containsKey(spec.nodeId())) {
            throw new IllegalArgumentException("node id " + spec.nodeId() + " already exists; node ids must be unique");
        }
        Node node = new Node(nodes.size(), spec);
        node.setOwner(this);
        nodes.add(node);
        byId.put(spec.nodeId(), node);
        byPool.computeIfAbsent(spec.pool(), pool -> new ArrayList<>()).add(node);
        nodeArray = null;
        int blocks = (nodes.size() + BLOCK_SIZE - 1) / BLOCK_SIZE;
        if (blocks > blockStale.length) {
            blockFreeCpuMilli = Arrays.copyOf(blockFreeCpuMilli, blocks);
            blockFreeMemoryMib = Arrays.copyOf(blockFreeMemoryMib, blocks);
            blockWholeFreeGpus = Arrays.copyOf(blockWholeFreeGpus, blocks);
            blockMaxFreeGpuMilli = Arrays.copyOf(blockMaxFreeGpuMilli, blocks);
            blockStale = Arrays.copyOf(blockStale, blocks);
        }
        blockStale[blocks - 1] = true;
        capacityVersion++;
        return node;
    }

    /** Marks the summary of the block holding node {@code index} for recomputation. */
    void nodeChanged(int index) {
        blockStale[index / BLOCK_SIZE] = true;
    }

    /**
     * Called before {@code node} allocates {@code request}: the block summary stays exact unless the node
     * holds the block's largest free amount of a resource the request takes, which the allocation may lower.
     */
    void nodeAllocating(Node node, ResourceRequest request) {
        int block = node.index() / BLOCK_SIZE;
        if (blockStale[block]) {
            return;
        }
        if ((request.cpuMilli() > 0 && node.freeCpuMilli() >= blockFreeCpuMilli[block])
                || (request.memoryMib() > 0 && node.freeMemoryMib() >= blockFreeMemoryMib[block])
                || (request.gpuCount() > 0 && (node.wholeFreeGpus() >= blockWholeFreeGpus[block]
                        || node.maxFreeGpuMilli() >= blockMaxFreeGpuMilli[block]))) {
            blockStale[block] = true;
        }
    }

    /** Called after {@code node} released resources: its free amounts only grew, so the block maxima absorb them. */
    void nodeReleased(Node node) {
        capacityVersion++;
        int block = node.index() / BLOCK_SIZE;
        if (blockStale[block] || !node.isUp()) {
            return;
        }
        blockFreeCpuMilli[block] = Math.max(blockFreeCpuMilli[block], node.freeCpuMilli());
        blockFreeMemoryMib[block] = Math.max(blockFreeMemoryMib[block], node.freeMemoryMib());
        blockWholeFreeGpus[block] = Math.max(blockWholeFreeGpus[block], node.wholeFreeGpus());
        blockMaxFreeGpuMilli[block] = Math.max(blockMaxFreeGpuMilli[block], node.maxFreeGpuMilli());
    }

    /**
     * Returns a counter that changes whenever free capacity may have grown (a release or an added node).
     * While it stays the same, free amounts only shrank, so a request that fitted nowhere still fits nowhere.
     */
    public long capacityVersion() {
        return capacityVersion;
    }

    /** Returns the number of blocks of {@link #BLOCK_SIZE} consecutive nodes, the last one possibly shorter. */
    public int blockCount() {
        return (nodes.size() + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    /**
     * Returns false when no node of block {@code block} (nodes {@code block·BLOCK_SIZE} onward) can fit
     * {@code request}: every node in service there has less free CPU, memory or GPU than it requests. True does not
     * promise a fit (the GPU model and the per-node combination are not summarised), so a caller still checks
     * {@link Node#fits}; skipping false blocks never skips a node that fits.
     */
    public boolean blockMayFit(int block, ResourceRequest request) {
        if (blockStale[block]) {
            refreshBlock(block);
        }
        if (request.cpuMilli() > blockFreeCpuMilli[block] || request.memoryMib() > blockFreeMemoryMib[block]) {
            return false;
        }
        if (request.gpuCount() == 0) {
            return true;
        }
        if (request.gpuCount() == 1) {
            return blockMaxFreeGpuMilli[block] >= request.gpuMilli();
        }
        return blockWholeFreeGpus[block] >= request.gpuCount();
    }

    private void refreshBlock(int block) {
        long cpu = -1;
        long memory = -1;
        int whole = 0;
        int share = 0;
        int end = Math.min(nodes.size(), (block + 1) * BLOCK_SIZE);
        for (int i = block * BLOCK_SIZE; i < end; i++) {
            Node node = nodes.get(i);
            if (node.isUp()) {
                cpu = Math.max(cpu, node.freeCpuMilli());
                memory = Math.max(memory, node.freeMemoryMib());
                whole = Math.max(whole, node.wholeFreeGpus());
                share = Math.max(share, node.maxFreeGpuMilli());
            }
        }
        blockFreeCpuMilli[block] = cpu;
        blockFreeMemoryMib[block] = memory;
        blockWholeFreeGpus[block] = whole;
        blockMaxFreeGpuMilli[block] = share;
        blockStale[block] = false;
    }

    /**
     * Takes the node {@code nodeId} out of service and returns it; its capacity no longer counts and no
     * task is placed on it. The caller handles the tasks that ran on it.
     */
    public Node failNode(String nodeId) {
        Node node = byId.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("node " + nodeId + " not found; known nodes: " + byId.keySet());
        }
        node.markDown();
        return node;
    }

    /** Returns every node, including failed ones, in order of addition; the array must not be modified. */
    public Node[] nodeArray() {
        if (nodeArray == null) {
            nodeArray = nodes.toArray(new Node[0]);
        }
        return nodeArray;
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Returns the node with id {@code nodeId}, or null. */
    public Node node(String nodeId) {
        return byId.get(nodeId);
    }

    /** Returns the node pool names in order of first appearance. */
    public List<String> poolNames() {
        return new ArrayList<>(byPool.keySet());
    }

    public List<Node> pool(String pool) {
        return Collections.unmodifiableList(byPool.getOrDefault(pool, List.of()));
    }

    /**
     * Returns the capacity of nodes in service of {@code pool} ({@link TaskPools#ALL} for every pool) in
     * {@code kind}'s unit: milli-cores, milli-GPUs or MiB.
     */
    public double capacity(String pool, ResourceKind kind) {
        double sum = 0;
        for (Node node : poolNodes(pool)) {
            if (node.isUp()) {
                sum += switch (kind) {
                    case CPU -> node.spec().cpuMilli();
                    case GPU -> node.gpuCapacityMilli();
                    case MEMORY -> node.spec().memoryMib();
                };
            }
        }
        return sum;
    }

    /** Returns the allocated amount of {@code kind} on nodes in service of {@code pool}. */
    public double allocated(String pool, ResourceKind kind) {
        double sum = 0;
        for (Node node : poolNodes(pool)) {
            if (node.isUp()) {
                sum += switch (kind) {
                    case CPU -> node.allocatedCpuMilli();
                    case GPU -> node.allocatedGpuMilli();
                    case MEMORY -> node.allocatedMemoryMib();
                };
            }
        }
        return sum;
    }

    /** Returns allocated over capacity of {@code kind} in {@code pool}, or 0 when the capacity is 0. */
    public double utilisation(String pool, ResourceKind kind) {
        double capacity = capacity(pool, kind);
        return capacity > 0 ? allocated(pool, kind) / capacity : 0.0;
    }

    private List<Node> poolNodes(String pool) {
        return TaskPools.ALL.equals(pool) ? nodes : byPool.getOrDefault(pool, List.of());
    }
}

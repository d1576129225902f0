package io.pipetwin.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import io.pipetwin.streams.mirror.MirrorStores;
import io.pipetwin.streams.mirror.NodeState;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.mirror.RejectReason;
import io.pipetwin.streams.mirror.ResourceDemand;
import io.pipetwin.streams.mirror.TaskPhase;
import io.pipetwin.streams.mirror.TaskState;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the mirrored state of one platform from this instance's stores through interactive queries
 * and summarises it: nodes by pool with capacity and allocation, queue length and running tasks per
 * task pool, and the mirror's counters.
 */
final class PlatformState {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KafkaStreams streams;

    PlatformState(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Returns the summary, or empty when this instance stores no entry for the platform. Throws Kafka
     * Streams' {@code InvalidStateStoreException} while the stores are not queryable (rebalance, restore).
     */
    Optional<ObjectNode> summary(String platformId) {
        byte[] summaryBytes = store(MirrorStores.PLATFORMS).get(platformId);
        if (summaryBytes == null) {
            return Optional.empty();
        }
        MirrorCounters counters = MirrorStores.decodeCounters(summaryBytes);
        String prefix = platformId + PlatformMirror.KEY_SEPARATOR;

        TreeMap<String, PoolTotals> pools = new TreeMap<>();
        Map<String, PoolTotals> poolOfNode = new HashMap<>();
        try (KeyValueIterator<String, byte[]> nodes = store(MirrorStores.NODES).prefixScan(prefix, new StringSerializer())) {
            nodes.forEachRemaining(entry -> {
                NodeState node = MirrorStores.decodeNode(entry.value);
                PoolTotals totals = pools.computeIfAbsent(node.pool(), pool -> new PoolTotals());
                totals.addCapacity(node);
                poolOfNode.put(node.nodeId(), totals);
            });
        }
        // The node entries hold capacity only; allocation is the sum over the running tasks on each node.
        TreeMap<String, int[]> taskPools = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> tasks = store(MirrorStores.TASKS).prefixScan(prefix, new StringSerializer())) {
            tasks.forEachRemaining(entry -> {
                TaskState task = MirrorStores.decodeTask(entry.value);
                int[] counts = taskPools.computeIfAbsent(task.demand().taskPool(), pool -> new int[3]);
                counts[task.phase().ordinal()]++;
                if (task.phase() == TaskPhase.RUNNING) {
                    for (int i = 0; i < task.nodeIds().size(); i++) {
                        PoolTotals totals = poolOfNode.get(task.nodeIds().get(i));
                        if (totals != null) {
                            totals.addAllocation(task.demand(), task.gpuIndices().get(i).length);
                        }
                    }
                }
            });
        }

        ObjectNode result = JSON.objectNode();
        result.put("platformId", platformId);
        result.put("latestEventTime", counters.latestEventTimeMillis());
        result.put("nextForecastBoundary", counters.nextBoundaryMillis());
        result.put("nodesInService", counters.nodesInService());
        result.put("tasksWaiting", counters.tasksWaiting());
        result.put("tasksRunning", counters.tasksRunning());
        result.put("tasksSubmittedOnly", counters.tasksSubmittedOnly());
        ObjectNode nodePools = result.putObject("nodePools");
        pools.forEach((pool, totals) -> totals.writeTo(nodePools.putObject(pool)));
        ObjectNode queues = result.putObject("taskPools");
        taskPools.forEach((pool, counts) -> queues.putObject(pool)
                .put("submitted", counts[TaskPhase.SUBMITTED.ordinal()])
                .put("queueLength", counts[TaskPhase.QUEUED.ordinal()])
                .put("running", counts[TaskPhase.RUNNING.ordinal()]));
        ObjectNode totals = result.putObject("counters");
        for (MirrorCounter counter : MirrorCounter.values()) {
            totals.put(counter.name().toLowerCase(java.util.Locale.ROOT), counters.count(counter));
        }
        ObjectNode rejected = result.putObject("rejectedByReason");
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason.code(), counters.rejectedCount(reason));
        }
        return Optional.of(result);
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    /** Capacity and allocation summed over the nodes of one pool. */
    private static final class PoolTotals {
        int nodes;
        long cpuMilli;
        long allocatedCpuMilli;
        long memoryMib;
        long allocatedMemoryMib;
        long gpus;
        long allocatedGpuMilli;

        void addCapacity(NodeState node) {
            nodes++;
            cpuMilli += node.cpuMilli();
            memoryMib += node.memoryMib();
            gpus += node.gpuCount();
        }

        /** Adds a running task's share of one node it holds: its whole demand, on {@code heldGpus} GPUs. */
        void addAllocation(ResourceDemand demand, int heldGpus) {
            allocatedCpuMilli += demand.cpuMilli();
            allocatedMemoryMib += demand.memoryMib();
            allocatedGpuMilli += (long) demand.gpuMilliPerGpu() * heldGpus;
        }

        void writeTo(ObjectNode node) {
            node.put("nodes", nodes)
                    .put("cpuMilli", cpuMilli)
                    .put("allocatedCpuMilli", allocatedCpuMilli)
                    .put("memoryMib", memoryMib)
                    .put("allocatedMemoryMib", allocatedMemoryMib)
                    .put("gpus", gpus)
                    .put("allocatedGpuMilli", allocatedGpuMilli);
        }
    }
}

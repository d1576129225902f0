package io.pipetwin.core.scheduling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.Node;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * First fit skips blocks of nodes by their free-resource summaries. The nodes it picks must be the ones a
 * plain scan in node order picks, through allocations, releases, failures and additions.
 */
class FirstFitBlockSummaryTest {

    private static final String[] MODELS = {"A100", "V100", "T4"};

    @Test
    void picksTheSameNodesAsAPlainScan() {
        RandomStream random = new RandomStream(3);
        Cluster cluster = new Cluster();
        for (int i = 0; i < 150; i++) {
            int gpus = new int[] {0, 1, 2, 4, 8}[random.nextInt(5)];
            cluster.addNode(new NodeSpec("n" + i, null, 32_000, 262_144, gpus, gpus == 0 ? null : MODELS[i % 3]));
        }
        List<Object[]> allocations = new ArrayList<>();
        FirstFit firstFit = new FirstFit();
        int comparisons = 0;
        for (int round = 0; round < 20_000; round++) {
            ResourceRequest request = randomRequest(random);
            int nodeCount = random.nextInt(10) == 0 ? 2 : 1;
            Node[] expected = plainScan(cluster, request, nodeCount);
            Node[] actual = new Node[nodeCount];
            boolean placed = firstFit.place(request, nodeCount, cluster, actual);
            assertEquals(expected != null, placed, "round " + round + " request " + request);
            comparisons++;
            if (placed) {
                assertArrayEquals(expected, actual, "round " + round + " request " + request);
                for (Node node : actual) {
                    allocations.add(new Object[] {node, request, node.allocate(request)});
                }
            }
            if (!allocations.isEmpty() && random.nextInt(3) > 0) {
                Object[] release = allocations.remove(random.nextInt(allocations.size()));
                ((Node) release[0]).release((ResourceRequest) release[1], (Long) release[2]);
            }
            if (round % 2000 == 1999) {
                cluster.failNode("n" + random.nextInt(150));
                cluster.addNode(new NodeSpec("extra" + round, null, 64_000, 524_288, 8, "A100"));
            }
        }
        assertEquals(20_000, comparisons);
    }

    private static ResourceRequest randomRequest(RandomStream random) {
        long cpu = 1000L * (1 + random.nextInt(16));
        long memory = 4096L * (1 + random.nextInt(32));
        String model = random.nextInt(4) == 0 ? MODELS[random.nextInt(3)] : null;
        return switch (random.nextInt(4)) {
            case 0 -> new ResourceRequest(cpu, memory, 0, 0, null);
            case 1 -> new ResourceRequest(cpu, memory, 1, 100 * (1 + random.nextInt(9)), model);
            case 2 -> new ResourceRequest(cpu, memory, 1, 1000, model);
            default -> new ResourceRequest(cpu, memory, 2 + random.nextInt(7), 1000, model);
        };
    }

    /** Scans the nodes in order of addition for the request; returns null when fewer than {@code nodeCount} fit. */
    private static Node[] plainScan(Cluster cluster, ResourceRequest request, int nodeCount) {
        Node[] chosen = new Node[nodeCount];
        int found = 0;
        for (Node node : cluster.nodeArray()) {
            if (found < nodeCount && node.fits(request)) {
                chosen[found++] = node;
            }
        }
        return found == nodeCount ? chosen : null;
    }
}

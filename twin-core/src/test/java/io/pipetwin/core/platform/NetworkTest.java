package io.pipetwin.core.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.LognormalDurationModel;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.scheduling.FailurePolicy;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.core.scheduling.PlatformSimulation;
import io.pipetwin.core.scheduling.Scheduler;
import io.pipetwin.core.scheduling.SimulationListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkTest {

    /**
     * One link of 100 B/s; transfers of 100, 200 and 300 B start at 0. Each gets 100/3 B/s, so the first
     * ends at 100 / (100/3) = 3 s. The other two then have 100 and 200 B left at 50 B/s: the second ends at
     * 3 + 2 = 5 s. The last has 100 B left at 100 B/s and ends at 6 s (600 B in total at 100 B/s).
     */
    @Test
    void threeTransfersShareOneLink() {
        Simulation simulation = new Simulation(1);
        Network network = new Network(simulation);
        int link = network.addLink("storage", 100);
        Map<Integer, Double> finish = new HashMap<>();
        TransferListener listener = (id, tag) -> finish.put(tag, simulation.now());

        network.startTransfer(100, new int[] {link}, 1, listener);
        network.startTransfer(200, new int[] {link}, 2, listener);
        network.startTransfer(300, new int[] {link}, 3, listener);
        simulation.run();

        assertEquals(3.0, finish.get(1), 1e-9);
        assertEquals(5.0, finish.get(2), 1e-9);
        assertEquals(6.0, finish.get(3), 1e-9);
    }

    /**
     * Max-min over two links: storage 100 B/s shared by X and Y, and Y also crosses a 20 B/s node link.
     * Y is held to 20 B/s by its node link, so X gets the remaining 80 B/s. X (160 B) ends at 2 s; Y (100 B)
     * has 60 B left at 2 s, still capped at 20 B/s, and ends at 5 s.
     */
    @Test
    void bottleneckLinkFreezesItsTransfer() {
        Simulation simulation = new Simulation(1);
        Network network = new Network(simulation);
        int storage = network.addLink("storage", 100);
        int nodeLink = network.addLink("node", 20);
        Map<Integer, Double> finish = new HashMap<>();
        TransferListener listener = (id, tag) -> finish.put(tag, simulation.now());

        int x = network.startTransfer(160, new int[] {storage}, 1, listener);
        int y = network.startTransfer(100, new int[] {storage, nodeLink}, 2, listener);

        assertEquals(80.0, network.rateBytesPerSecond(x), 1e-9);
        assertEquals(20.0, network.rateBytesPerSecond(y), 1e-9);
        simulation.run();
        assertEquals(2.0, finish.get(1), 1e-9);
        assertEquals(5.0, finish.get(2), 1e-9);
    }

    /**
     * Tasks read their input before computing: two tasks of 100 B input and 10 s compute on a 50 B/s link
     * transfer at 25 B/s each, compute from 4 s and end at 14 s.
     */
    @Test
    void taskComputesAfterInputTransfer() {
        Simulation simulation = new Simulation(1);
        Cluster cluster = new Cluster(List.of(new NodeSpec("n1", null, 4000, 0, 0, null)));
        Scheduler scheduler = new Scheduler(simulation, cluster, FifoQueueing::new, new FirstFit(),
                HeadOfLineRule.STRICT);
        PlatformSimulation platform = new PlatformSimulation(simulation, cluster, scheduler,
                new LognormalDurationModel(), FailurePolicy.FAIL);
        platform.setStorage(new StorageService(new Network(simulation), 50));
        Map<String, Double> computeStart = new HashMap<>();
        platform.addListener(new SimulationListener() {
            @Override
            public void onTaskComputing(Task task) {
                computeStart.put(task.taskId(), simulation.now());
            }
        });
        Task first = new Task("a", null, -1, TaskType.PREPROCESS, "p", ResourceRequest.cpu(1000, 0), 1, 100, null, 0);
        Task second = new Task("b", null, -1, TaskType.PREPROCESS, "p", ResourceRequest.cpu(1000, 0), 1, 100, null, 0);
        first.setDurationSeconds(10);
        second.setDurationSeconds(10);

        platform.submit(first);
        platform.submit(second);
        simulation.run();

        assertEquals(4.0, computeStart.get("a"), 1e-9);
        assertEquals(4.0, computeStart.get("b"), 1e-9);
        assertEquals(14.0, first.endSeconds(), 1e-9);
        assertEquals(0.0, first.startSeconds());
    }

    /**
     * Uplink 100 B/s, n1 with a 30 B/s access link, n2 without. Task a (90 B) on n1 is capped at 30 B/s and
     * task b (140 B) on n2 gets the remaining 70 B/s, so a finishes its transfer at
     * 90 / 30 = 3 s and b at 140 / 70 = 2 s.
     */
    @Test
    void nodeLinkCapsTransfersToItsNode() {
        Simulation simulation = new Simulation(1);
        Cluster cluster = new Cluster(List.of(new NodeSpec("n1", null, 1000, 0, 0, null),
                new NodeSpec("n2", null, 1000, 0, 0, null)));
        Scheduler scheduler = new Scheduler(simulation, cluster, FifoQueueing::new, new FirstFit(),
                HeadOfLineRule.STRICT);
        PlatformSimulation platform = new PlatformSimulation(simulation, cluster, scheduler,
                new LognormalDurationModel(), FailurePolicy.FAIL);
        StorageService storage = new StorageService(new Network(simulation), 100);
        storage.addNodeLink("n1", 30);
        platform.setStorage(storage);
        Task a = new Task("a", null, -1, TaskType.PREPROCESS, "p", ResourceRequest.cpu(1000, 0), 1, 90, null, 0);
        Task b = new Task("b", null, -1, TaskType.PREPROCESS, "p", ResourceRequest.cpu(1000, 0), 1, 140, null, 0);
        a.setDurationSeconds(1);
        b.setDurationSeconds(1);

        platform.submit(a);
        platform.submit(b);
        simulation.run();

        assertEquals(3.0, a.computeStartSeconds(), 1e-9);
        assertEquals(2.0, b.computeStartSeconds(), 1e-9);
    }
}

package io.pipetwin.core.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pipetwin.core.engine.Simulation;

class NetworkClockResolutionTest {

    @Test
    void transfersFinishAtLargeClockTimes() {
        // At t = 1e6 s one clock tick is 1.2e-10 s, during which a 25 Gbit/s link moves about 0.4 bytes:
        // far more than a fixed 1e-6-byte tolerance, so the finish test has to scale with the rate.
        Simulation simulation = new Simulation(1);
        Network network = new Network(simulation);
        int link = network.addLink("storage", 25e9 / 8);
        List<Integer> finished = new ArrayList<>();
        int handler = simulation.register(size -> network.startTransfer(size * 1.37e9 + 0.3, new int[] {link}, size,
                (id, tag) -> finished.add(tag)));
        for (int i = 1; i <= 5; i++) {
            simulation.scheduleAt(1e6 + i * 0.731, handler, i);
        }

        int steps = 0;
        while (simulation.step() && steps < 10_000) {
            steps++;
        }

        assertEquals(5, finished.size(), "transfers finished after " + steps + " events");
        assertEquals(0, simulation.pendingEventCount());
    }
}

package io.pipetwin.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

    @Test
    void eventsRunInTimeThenInsertionOrder() {
        Simulation simulation = new Simulation(1);
        List<String> order = new ArrayList<>();
        int handler = simulation.register(payload -> order.add(simulation.now() + ":" + payload));
        simulation.scheduleAt(5.0, handler, 1);
        simulation.scheduleAt(2.0, handler, 2);
        simulation.scheduleAt(5.0, handler, 3);
        simulation.scheduleAt(2.0, handler, 4);
        simulation.scheduleAt(0.0, handler, 5);

        simulation.run();

        assertEquals(List.of("0.0:5", "2.0:2", "2.0:4", "5.0:1", "5.0:3"), order);
        assertEquals(5, simulation.eventCount());
    }

    @Test
    void heapKeepsOrderUnderManyEvents() {
        Simulation simulation = new Simulation(1, 16);
        RandomStream random = new RandomStream(42);
        double[] last = {-1};
        int[] count = {0};
        int handler = simulation.register(payload -> {
            assertTrue(simulation.now() >= last[0], "time went backwards");
            last[0] = simulation.now();
            count[0]++;
            if (payload > 0) {
                simulation.schedule(random.nextDouble() * 10, 0, payload - 1);
            }
        });
        for (int i = 0; i < 1000; i++) {
            simulation.scheduleAt(random.nextDouble() * 100, handler, 3);
        }

        simulation.run();

        assertEquals(4000, count[0]);
    }

    @Test
    void runUntilStopsAtTimeAndCanContinue() {
        Simulation simulation = new Simulation(1);
        List<Double> times = new ArrayList<>();
        int handler = simulation.register(payload -> times.add(simulation.now()));
        simulation.scheduleAt(1.0, handler, 0);
        simulation.scheduleAt(3.0, handler, 0);
        simulation.scheduleAt(3.0, handler, 0);

        simulation.runUntil(2.0);
        assertEquals(List.of(1.0), times);
        assertEquals(2.0, simulation.now());

        simulation.schedule(0.5, handler, 0);
        assertTrue(simulation.step());
        assertEquals(2.5, simulation.now());
        simulation.runUntil(3.0);
        assertEquals(List.of(1.0, 2.5, 3.0, 3.0), times);
        assertFalse(simulation.step());
    }

    @Test
    void schedulingInThePastIsRejected() {
        Simulation simulation = new Simulation(1);
        int handler = simulation.register(payload -> { });
        simulation.runUntil(10);
        assertThrows(IllegalArgumentException.class, () -> simulation.scheduleAt(5, handler, 0));
        assertThrows(IllegalArgumentException.class, () -> simulation.schedule(-1, handler, 0));
    }

    @Test
    void namedStreamsAreDeterministicAndIndependent() {
        RandomStreams first = new RandomStreams(7);
        RandomStreams second = new RandomStreams(7);
        second.stream("other").nextLong();

        assertEquals(first.stream("arrivals").nextLong(), second.stream("arrivals").nextLong());
        assertNotEquals(new RandomStreams(7).stream("arrivals").nextLong(),
                new RandomStreams(7).stream("durations").nextLong());
        assertNotEquals(new RandomStreams(7).stream("arrivals").nextLong(),
                new RandomStreams(8).stream("arrivals").nextLong());
    }

    @Test
    void normalSamplerHasUnitMoments() {
        RandomStream random = new RandomStream(3);
        int n = 1_000_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double z = random.nextGaussian();
            sum += z;
            sumSquares += z * z;
        }
        double mean = sum / n;
        double variance = sumSquares / n - mean * mean;
        // Standard errors: 0.001 for the mean and 0.0014 for the variance.
        assertEquals(0.0, mean, 0.005);
        assertEquals(1.0, variance, 0.007);
    }

    @Test
    void exponentialSamplerHasGivenMean() {
        RandomStream random = new RandomStream(5);
        int n = 1_000_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += random.nextExponential(4.0);
        }
        // Standard error of the mean is 4 / 1000.
        assertEquals(4.0, sum / n, 0.02);
    }
}

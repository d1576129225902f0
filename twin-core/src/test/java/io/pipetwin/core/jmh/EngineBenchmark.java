package io.pipetwin.core.jmh;

import io.pipetwin.core.bench.Recording;
import io.pipetwin.core.bench.ReferenceParameters;
import io.pipetwin.core.bench.ReferenceWorkload;
import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.engine.Simulation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the engine: the event heap alone (hold model: each event schedules one successor at
 * an exponential delay, so the heap keeps {@code pending} events) and the reference workload. Run as
 * described in the module README.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {

    private static final int HOLD_EVENTS = 1_000_000;
    private static final int REFERENCE_PIPELINES = 100_000;

    /** Simulation preloaded with {@code pending} events for the hold model. */
    @State(Scope.Thread)
    public static class Hold {
        @Param({"16", "1024", "65536"})
        public int pending;

        Simulation simulation;
        int handler;
        int remaining;

        @Setup(Level.Invocation)
        public void setUp() {
            simulation = new Simulation(1, pending * 2);
            RandomStream random = simulation.stream("hold");
            remaining = HOLD_EVENTS;
            handler = simulation.register(payload -> {
                if (--remaining > 0) {
                    simulation.schedule(random.nextExponential(1.0), handler, payload);
                }
            });
            for (int i = 0; i < pending; i++) {
                simulation.schedule(random.nextExponential(1.0), handler, i);
            }
        }
    }

    /** Returns the event count so the work is not eliminated; time is per event. */
    @Benchmark
    @OperationsPerInvocation(HOLD_EVENTS)
    public long holdModel(Hold hold) {
        hold.simulation.run();
        return hold.simulation.eventCount();
    }

    /** Time per pipeline of the reference workload with full recording. */
    @Benchmark
    @OperationsPerInvocation(REFERENCE_PIPELINES)
    public double referenceWorkload() {
        return new ReferenceWorkload(ReferenceParameters.of(REFERENCE_PIPELINES, 4, 1, Recording.FULL), null).run()
                .sojournMeanSeconds();
    }
}

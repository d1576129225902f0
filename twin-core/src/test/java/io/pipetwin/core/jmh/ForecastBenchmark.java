package io.pipetwin.core.jmh;

import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.Forecaster;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.SnapshotNode;
import io.pipetwin.core.forecast.SnapshotRequest;
import io.pipetwin.core.forecast.SnapshotTask;
import io.pipetwin.core.engine.RandomStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of one forecast: 32 nodes of 8 GPUs, every GPU busy, 100 tasks waiting, arrivals every
 * 30 s, 100 replications over a 4-hour horizon in 5-minute steps.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ForecastBenchmark {

    private static final double T0 = 1_700_000_000.0;

    private PlatformSnapshot snapshot;
    private ForecastConfig config;

    @Setup
    public void setUp() {
        RandomStream random = new RandomStream(1);
        SnapshotRequest oneGpu = new SnapshotRequest(4000, 32_768, 1, 1000, null);
        List<SnapshotNode> nodes = new ArrayList<>();
        List<SnapshotTask> running = new ArrayList<>();
        for (int n = 0; n < 32; n++) {
            String nodeId = "node-" + n;
            nodes.add(new SnapshotNode(nodeId, "A100", 64_000, 512_000, 8, "A100"));
            for (int g = 0; g < 8; g++) {
                running.add(new SnapshotTask("r-" + n + "-" + g, "p", "train", oneGpu, 1,
                        T0 - random.nextDouble() * 3600, List.of(nodeId)));
            }
        }
        List<SnapshotTask> waiting = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waiting.add(new SnapshotTask("w-" + i, "p", "train", oneGpu, 1, T0 - i, List.of()));
        }
        double[] observed = new double[2000];
        for (int i = 0; i < observed.length; i++) {
            observed[i] = random.nextLognormal(Math.log(1800), 1.0);
        }
        snapshot = new PlatformSnapshot(T0, nodes, waiting, running, Map.of("train", observed), 1.0 / 30,
                waiting.subList(0, 10));
        config = new ForecastConfig(4 * 3600, 300, 100, 7, new double[] {0.1, 0.5, 0.9});
    }

    @Benchmark
    public ForecastResult forecast() {
        return new Forecaster().forecast(snapshot, config);
    }
}

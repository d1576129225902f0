package io.pipetwin.core.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times the reference workload: runs it {@code repeat} times in one JVM and reports each run and the
 * median. The first run is cold (JIT warm-up included); later runs are warm.
 *
 * <p>Usage: {@code ReferenceBenchmark [pipelines] [nodes] [seed] [full|summary] [repeat]}, defaults
 * 1000000 4 1 full 3.
 */
public final class ReferenceBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceBenchmark.class);

    private ReferenceBenchmark() {
    }

    public static void main(String[] args) {
        int pipelines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Recording recording = args.length > 3 ? Recording.valueOf(args[3].toUpperCase(java.util.Locale.ROOT))
                : Recording.FULL;
        int repeat = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        List<BenchmarkRun> runs = run(ReferenceParameters.of(pipelines, nodes, seed, recording), repeat);
        for (int i = 0; i < runs.size(); i++) {
            System.out.println((i == 0 ? "cold run:  " : "warm run " + i + ": ") + runs.get(i).format());
        }
        System.out.println("median:    " + median(runs).format());
        System.out.print(runs.get(runs.size() - 1).statistics().format());
    }

    /** Runs the workload {@code repeat} times and returns each run's figures, in order. */
    public static List<BenchmarkRun> run(ReferenceParameters parameters, int repeat) {
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat " + repeat + " must be at least 1");
        }
        List<BenchmarkRun> runs = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            resetPeakHeap();
            ReferenceWorkload workload = new ReferenceWorkload(parameters, null);
            ReferenceStatistics statistics = workload.run();
            BenchmarkRun run = new BenchmarkRun(parameters.pipelines(), workload.eventCount(),
                    workload.eventLoopNanos(), workload.eventLoopCpuNanos(), peakHeapBytes(), statistics);
            LOG.debug("Reference run {} of {} finished: {}", i + 1, repeat, run.format());
            runs.add(run);
        }
        return runs;
    }

    /** Returns the run with the median event-loop time (the upper median for an even count). */
    public static BenchmarkRun median(List<BenchmarkRun> runs) {
        List<BenchmarkRun> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingLong(BenchmarkRun::eventLoopNanos));
        return sorted.get(sorted.size() / 2);
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Returns the sum of the heap pools' peak usage since the last reset. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}

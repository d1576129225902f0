package io.pipetwin.core.cli;

import io.pipetwin.core.bench.AlibabaScaleSnapshot;
import io.pipetwin.core.forecast.ForecastConfig;
import io.pipetwin.core.forecast.ForecastResult;
import io.pipetwin.core.forecast.Forecaster;
import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench forecast}: one forecast of an Alibaba-GPU-2023-sized platform, timed. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecast a platform the size of the Alibaba GPU 2023 cluster (1,523 nodes, 6,212 GPUs) and "
                + "print the wall time and the CPU time of the forecasting thread per forecast, for each history "
                + "length given with --events.")
final class ForecastBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--traces-dir", description = "Folder holding alibaba_gpu_v2023/ (default: the system property "
            + "pipetwin.traces.dir; without the files a built-in node mix of the same size is used).")
    Path tracesDir;

    @Option(names = "--waiting", defaultValue = "1000", description = "Waiting tasks (default ${DEFAULT-VALUE}).")
    int waiting;

    @Option(names = "--gpu-share", defaultValue = "0.8",
            description = "Share of GPUs held by running tasks (default ${DEFAULT-VALUE}).")
    double gpuShare;

    @Option(names = "--replications", defaultValue = "100", description = "Replications (default ${DEFAULT-VALUE}).")
    int replications;

    @Option(names = "--horizon-seconds", defaultValue = "3600", description = "Horizon (default ${DEFAULT-VALUE}).")
    double horizonSeconds;

    @Option(names = "--steps", defaultValue = "12", description = "Horizon steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--events", split = ",", defaultValue = "10000,1000000",
            description = "Observed events fed to the online workload model before the forecast, one run set per "
                    + "value (default ${DEFAULT-VALUE}).")
    List<Long> events;

    @Option(names = "--repeat", defaultValue = "5", description = "Timed forecasts per history length, after "
            + "--warmup untimed ones (default ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed forecasts first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1", description = "Threads running replications; the result is "
            + "the same for any count (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path traces = tracesDir != null ? tracesDir
                : System.getProperty("pipetwin.traces.dir") == null ? null : Path.of(System.getProperty("pipetwin.traces.dir"));
        ForecastConfig config = new ForecastConfig(horizonSeconds, horizonSeconds / steps, replications, seed,
                new double[] {0.1, 0.5, 0.9});
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        Forecaster forecaster = new Forecaster(FifoQueueing::new, FirstFit::new, HeadOfLineRule.STRICT, threads);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (long history : events) {
            PlatformSnapshot snapshot = AlibabaScaleSnapshot.build(traces, waiting, gpuShare, history, seed);
            long gpus = snapshot.nodes().stream().mapToLong(node -> node.gpuCount()).sum();
            out.printf(Locale.ROOT, "history %d events: %d nodes, %d GPUs, %d running, %d waiting, %d duration "
                            + "classes, %d recent arrivals%n", history, snapshot.nodes().size(), gpus,
                    snapshot.running().size(), snapshot.waiting().size(), snapshot.observedDurationsSeconds().size(),
                    snapshot.recentArrivals().size());
            for (int i = 0; i < warmup; i++) {
                forecaster.forecast(snapshot, config);
            }
            double[] wallMillis = new double[repeat];
            double[] cpuMillis = new double[repeat];
            double[] processCpuMillis = new double[repeat];
            ForecastResult last = null;
            for (int i = 0; i < repeat; i++) {
                long processStart = os.getProcessCpuTime();
                long cpuStart = threadBean.getCurrentThreadCpuTime();
                long wallStart = System.nanoTime();
                last = forecaster.forecast(snapshot, config);
                wallMillis[i] = (System.nanoTime() - wallStart) / 1e6;
                cpuMillis[i] = (threadBean.getCurrentThreadCpuTime() - cpuStart) / 1e6;
                processCpuMillis[i] = (os.getProcessCpuTime() - processStart) / 1e6;
                out.printf(Locale.ROOT, "  run %d: wall %.1f ms, calling-thread CPU %.1f ms, process CPU %.1f ms%n",
                        i + 1, wallMillis[i], cpuMillis[i], processCpuMillis[i]);
            }
            out.printf(Locale.ROOT, "  median: wall %.1f ms, calling-thread CPU %.1f ms, process CPU %.1f ms; GPU "
                            + "queue p50 at the horizon %.0f, GPU utilisation mean at the horizon %.3f%n",
                    median(wallMillis), median(cpuMillis), median(processCpuMillis),
                    last.queueLengthByTaskPool().get("gpu").quantiles()[1][steps - 1],
                    last.utilisationByNodePool().get("all").get("GPU").mean()[steps - 1]);
        }
        out.flush();
        return 0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

package io.pipetwin.core.scheduling;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipetwin.core.engine.RandomStream;
import io.pipetwin.core.engine.Simulation;
import io.pipetwin.core.pipeline.Task;
import io.pipetwin.core.pipeline.TaskType;
import io.pipetwin.core.platform.Cluster;
import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.platform.ResourceRequest;
import io.pipetwin.core.platform.TaskPools;
import io.pipetwin.core.pipeline.LognormalDurationModel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * M/M/c on the platform model: Poisson arrivals, exponential single-task jobs, one node of c one-core
 * slots, FIFO. The mean wait must match Erlang C and the time-average queue length must satisfy
 * Little's law.
 */
class QueueingTheoryTest {

    private static final int SLOTS = 4;
    private static final double MEAN_SERVICE_SECONDS = 1.0;
    /** Jobs at the start left out of the mean wait, so that the empty start does not bias it low. */
    private static final int WARM_UP_JOBS = 10_000;
    private static final int BATCHES = 50;

    @ParameterizedTest(name = "utilisation {0}")
    @CsvSource({"0.5, 1000000, 11", "0.8, 2000000, 12", "0.9, 4000000, 13"})
    void meanWaitMatchesErlangC(double utilisation, int jobs, long seed) {
        double arrivalRate = utilisation * SLOTS / MEAN_SERVICE_SECONDS;
        MmcRun run = new MmcRun(arrivalRate, jobs, seed);
        run.simulation.run();

        double expected = erlangCWaitSeconds(SLOTS, arrivalRate, 1.0 / MEAN_SERVICE_SECONDS);
        double measured = run.meanWaitAfterWarmUp();
        double lambda = jobs / run.lastArrivalSeconds;
        double timeAverageQueue = run.scheduler.queueLengthIntegral(TaskPools.CPU) / run.simulation.now();
        double allJobsMeanWait = run.waitSum / jobs;
        assertAll(
                () -> assertEquals(expected, measured, 0.03 * expected, "mean wait vs Erlang C " + expected
                        + " (batch-means standard error " + run.batchMeansStandardError() + ")"),
                () -> assertEquals(lambda * allJobsMeanWait, timeAverageQueue, 0.01 * timeAverageQueue,
                        "Little's law: time-average queue vs arrival rate x mean wait"));
    }

    /** Returns the mean wait in queue of M/M/c: Erlang C probability of waiting over (c·mu − lambda). */
    static double erlangCWaitSeconds(int servers, double arrivalRate, double serviceRate) {
        double offered = arrivalRate / serviceRate;
        double rho = offered / servers;
        double term = 1.0;
        double sum = 0.0;
        for (int k = 0; k < servers; k++) {
            sum += term;
            term *= offered / (k + 1);
        }
        double last = term / (1 - rho);
        double probabilityOfWaiting = last / (sum + last);
        return probabilityOfWaiting / (servers * serviceRate - arrivalRate);
    }

    /** One M/M/c run with its arrival process and wait bookkeeping. */
    private static final class MmcRun implements SimulationListener {
        final Simulation simulation;
        final Scheduler scheduler;
        final PlatformSimulation platform;
        final RandomStream arrivals;
        final RandomStream services;
        final int jobs;
        final double meanGapSeconds;
        final int arrivalHandler;
        final double[] batchSums = new double[BATCHES];
        int arrived;
        int started;
        double waitSum;
        double lastArrivalSeconds;

        MmcRun(double arrivalRate, int jobs, long seed) {
            this.jobs = jobs;
            this.meanGapSeconds = 1.0 / arrivalRate;
            simulation = new Simulation(seed);
            Cluster cluster = new Cluster(List.of(new NodeSpec("n", null, SLOTS * 1000L, 0, 0, null)));
            scheduler = new Scheduler(simulation, cluster, FifoQueueing::new, new FirstFit(), HeadOfLineRule.STRICT);
            platform = new PlatformSimulation(simulation, cluster, scheduler, new LognormalDurationModel(),
                    FailurePolicy.FAIL);
            platform.addListener(this);
            arrivals = simulation.stream("arrivals");
            services = simulation.stream("services");
            arrivalHandler = simulation.register(ignored -> onArrival());
            simulation.schedule(arrivals.nextExponential(meanGapSeconds), arrivalHandler, 0);
        }

        private void onArrival() {
            Task task = new Task("job", null, -1, TaskType.CUSTOM, "job", ResourceRequest.cpu(1000, 0), 1, 0, null, 0);
            task.setDurationSeconds(services.nextExponential(MEAN_SERVICE_SECONDS));
            lastArrivalSeconds = simulation.now();
            platform.submit(task);
            if (++arrived < jobs) {
                simulation.schedule(arrivals.nextExponential(meanGapSeconds), arrivalHandler, 0);
            }
        }

        @Override
        public void onTaskStarted(Task task) {
            double wait = task.waitSeconds();
            waitSum += wait;
            if (started >= WARM_UP_JOBS) {
                int batch = (int) ((long) (started - WARM_UP_JOBS) * BATCHES / (jobs - WARM_UP_JOBS));
                batchSums[batch] += wait;
            }
            started++;
        }

        double meanWaitAfterWarmUp() {
            double sum = 0;
            for (double batchSum : batchSums) {
                sum += batchSum;
            }
            return sum / (jobs - WARM_UP_JOBS);
        }

        double batchMeansStandardError() {
            double perBatch = (double) (jobs - WARM_UP_JOBS) / BATCHES;
            double mean = meanWaitAfterWarmUp();
            double squares = 0;
            for (double batchSum : batchSums) {
                double deviation = batchSum / perBatch - mean;
                squares += deviation * deviation;
            }
            return Math.sqrt(squares / (BATCHES - 1) / BATCHES);
        }
    }
}

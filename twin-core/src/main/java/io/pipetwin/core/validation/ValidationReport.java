package io.pipetwin.core.validation;

import java.util.List;

/**
 * The numbers of one validation, written as {@code report.json}. Times are seconds; KS distances are
 * two-sample distances between the trace and each simulated run.
 *
 * @param format        trace format
 * @param input         trace file name
 * @param profile       profile name
 * @param mode          {@code synthetic} or {@code trace-driven}
 * @param seeds         seeds of the simulated runs (synthetic mode)
 * @param arrivalModel  how synthetic arrivals were drawn
 * @param durationModel how synthetic run times were drawn
 * @param cluster       the simulated cluster
 * @param interArrival  inter-arrival comparison (synthetic mode), or null
 * @param durations     run-time comparison per class (synthetic mode)
 * @param queueingDelay queueing-delay comparison (synthetic mode), or null
 * @param utilisation   GPU utilisation comparison
 * @param traceDriven   per-job comparison (trace-driven mode), or null
 * @param plots         PNG files written beside the report
 */
public record ValidationReport(String format, String input, String profile, String mode, List<Long> seeds,
                               String arrivalModel, String durationModel, ClusterFacts cluster,
                               DistributionComparison interArrival, List<DistributionComparison> durations,
                               DelayComparison queueingDelay, UtilisationComparison utilisation,
                               TraceDrivenComparison traceDriven, List<String> plots) {

    /** @param source {@code trace}, {@code profile}, {@code --gpus} or {@code sized-for-load} */
    public record ClusterFacts(int nodes, long gpus, String source) {
    }

    /**
     * @param name        what is compared, for example {@code inter-arrival} or a class name
     * @param traceCount  trace samples
     * @param ks          KS distance per seed
     * @param ksMean      mean over seeds
     * @param ksMax       largest over seeds
     * @param ksCritical5 KS distance that two samples of this size from one distribution exceed with
     *                    probability 5%; a larger distance is evidence of a real difference
     */
    public record DistributionComparison(String name, long traceCount, List<Double> ks, double ksMean, double ksMax,
                                         double ksCritical5) {
    }

    /** p50, p90 and p99 of a delay distribution over {@code samples} tasks. */
    public record Quantiles(long samples, double p50, double p90, double p99) {
    }

    /**
     * @param trace          the trace's recorded delays, or null when it records none
     * @param simulated      per seed
     * @param simulatedMean  the mean of each quantile over seeds
     * @param relativeError  (simulated mean - trace) / trace per quantile; null without trace delays, NaN
     *                       where the trace quantile is 0
     * @param absoluteErrorSeconds simulated mean minus trace per quantile, or null
     */
    public record DelayComparison(Quantiles trace, List<Quantiles> simulated, Quantiles simulatedMean,
                                  double[] relativeError, double[] absoluteErrorSeconds) {
    }

    /**
     * @param traceMean     mean GPU utilisation the trace records, or NaN when it has no start times
     * @param simulatedMean mean per simulated run
     * @param binSeconds    width of the utilisation bins
     */
    public record UtilisationComparison(double traceMean, List<Double> simulatedMean, double binSeconds) {
    }

    /**
     * @param jobs                       jobs with a recorded and a simulated start
     * @param unplaced                   jobs the simulated cluster could never place
     * @param trace                      recorded delay quantiles
     * @param simulated                  simulated delay quantiles of the same jobs
     * @param meanAbsoluteErrorSeconds   mean over jobs of |simulated - recorded| delay
     * @param withinSixtySecondsShare    share of jobs whose simulated delay is within 60 s of the recorded one
     * @param ks                         KS distance between recorded and simulated delays
     */
    public record TraceDrivenComparison(long jobs, long unplaced, Quantiles trace, Quantiles simulated,
                                        double meanAbsoluteErrorSeconds, double withinSixtySecondsShare, double ks) {
    }
}

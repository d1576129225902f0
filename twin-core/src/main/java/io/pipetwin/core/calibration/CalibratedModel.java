package io.pipetwin.core.calibration;

import java.util.List;

/**
 * The model calibration fitted to a trace: the {@code calibration} section of a calibrated workload profile.
 * Times are seconds, CPU milli-cores, memory MiB.
 *
 * @param source        where the trace came from and how the profile was made
 * @param trace         facts about the trace itself
 * @param arrivals      the fitted arrival model
 * @param classes       task classes by GPU demand (and job type where the trace has one)
 * @param cluster       the trace's nodes grouped by identical capacity; empty when the trace has no node list
 * @param queueingDelay queueing delay (start minus submit) the trace records; null when it records none
 */
public record CalibratedModel(Source source, TraceFacts trace, Arrivals arrivals, List<TaskClass> classes,
                              List<NodeGroup> cluster, DelayQuantiles queueingDelay) {

    /**
     * @param format  trace format name, for example {@code philly-csv}
     * @param file    trace file name
     * @param gitBlob the file's git blob id ({@code git hash-object FILE})
     * @param command the command that produced the profile
     */
    public record Source(String format, String file, String gitBlob, String command) {
    }

    /**
     * @param tasks                  tasks read
     * @param arrivals               tasks submitted inside the trace (tasks present at its start excluded)
     * @param firstArrivalSeconds    first submit time
     * @param lastArrivalSeconds     last submit time
     * @param withRunTime            tasks with a known run time
     * @param censored               tasks that started but had not ended when the trace stopped
     * @param gpuSeconds             GPU-seconds held over the trace, tasks present at its start and tasks
     *                               still running at its end (up to its last instant) included
     * @param cpuCoreSeconds         vCPU-seconds held, counted the same way
     */
    public record TraceFacts(long tasks, long arrivals, double firstArrivalSeconds, double lastArrivalSeconds,
                             long withRunTime, long censored, double gpuSeconds, double cpuCoreSeconds) {
    }

    /**
     * @param hourOfWeekRatesPerHour         arrivals per hour, Monday 00:00 first (168 values)
     * @param operationalGaps                empirical distribution of the gaps in operational time (mean about 1)
     * @param meanBurstSize                  fitted burst process m
     * @param withinBurstGapShare            fitted burst process s
     * @param burstKsDistance                KS distance of the burst model to the operational gaps
     * @param traceInterArrivalCv            CV of the trace's inter-arrival times
     * @param burstModelInterArrivalCv       CV of inter-arrival times of the rate profile with the burst process
     * @param empiricalModelInterArrivalCv   CV of inter-arrival times of the rate profile with empirical gaps
     */
    public record Arrivals(double[] hourOfWeekRatesPerHour, EmpiricalDistribution operationalGaps, double meanBurstSize,
                           double withinBurstGapShare, double burstKsDistance, double traceInterArrivalCv,
                           double burstModelInterArrivalCv, double empiricalModelInterArrivalCv) {
    }

    /**
     * @param name     class name, for example {@code gpu-1} or {@code worker/gpu-8}
     * @param weight   share of arrivals with a run time that fall in this class
     * @param count    tasks with a run time in this class
     * @param demands  the requests in this class with their shares (the most frequent, at most 50)
     * @param duration run-time model of the class
     */
    public record TaskClass(String name, double weight, long count, List<Demand> demands, DurationModelFit duration) {
    }

    /** One request shape with its share of the class; {@code nodeCount} nodes each hold the request. */
    public record Demand(double weight, long cpuMilli, long memoryMib, int gpuCount, int gpuMilli, int nodeCount,
                         String gpuModel) {
    }

    /**
     * @param chosen    name of the distribution with the smallest KS distance
     * @param criterion the selection criterion, {@code min-ks}
     * @param fits      every fitted distribution with its scores
     * @param empirical empirical distribution of the run time, zeros included
     * @param zeroShare share of run times equal to 0, which the parametric fits leave out
     */
    public record DurationModelFit(String chosen, String criterion, List<FitSummary> fits, EmpiricalDistribution empirical,
                                   double zeroShare) {
    }

    /** One fitted distribution: its parameters (named in {@code parameterNames}) and scores. */
    public record FitSummary(String distribution, String parameterNames, double[] parameters, double logLikelihood,
                             double aic, double ksDistance) {
    }

    /** {@code count} identical nodes. */
    public record NodeGroup(long count, long cpuMilli, long memoryMib, int gpuCount, String gpuModel) {
    }

    /** Quantiles of queueing delay in seconds over {@code samples} tasks. */
    public record DelayQuantiles(long samples, double p50, double p90, double p99) {
    }
}

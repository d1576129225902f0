package io.pipetwin.core.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipetwin.core.workload.TaskSampler;
import io.pipetwin.core.workload.WeightedChoice;
import io.pipetwin.core.workload.WorkloadProfile;

/**
 * Draws generated tasks from a calibrated profile's per-class model, so that request and duration stay
 * paired as in the trace. A task gets a class by its share, a request from that class's demand mix, and a
 * compute time from that class's empirical run-time distribution (body quantiles plus the exact tail).
 * The empirical distribution is used rather than the chosen parametric fit because it keeps the trace's
 * mean run time. The log-logistic fits of the Alibaba GPU 2023 classes have shape near or below 1, which
 * gives an infinite mean. The empirical distribution is also the default of {@code validate}.
 *
 * <p>Every task type draws from the same classes: a calibrated profile has one single-task template, and
 * the trace formats do not say which pipeline stage a job is. Requests get at least 1 vCPU and 1 GiB, as
 * in the profile's {@code taskResources}, because the generator's options need both above 0.
 *
 * <p>NOTE: a demand's {@code nodeCount} is dropped, so a gang job of n nodes runs on one node with one
 * node's request; the Alibaba GPU 2023 profile has none, the Philly profile has some.
 */
public final class CalibratedTaskSampler implements TaskSampler {

    private static final Logger LOG = LoggerFactory.getLogger(CalibratedTaskSampler.class);

    private final List<CalibratedModel.TaskClass> classes = new ArrayList<>();
    private final List<Double> shares = new ArrayList<>();
    private final List<WeightedChoice<CalibratedModel.Demand>> demandChoices = new ArrayList<>();
    private final WeightedChoice<Integer> classChoice;

    /**
     * Creates the sampler of {@code model}'s classes, keeping only the demands {@code feasible} accepts (for
     * example those some node of the simulated cluster can hold). A class left without a demand is dropped
     * and the other classes' shares are renormalised.
     *
     * @throws IllegalArgumentException when no class keeps a demand
     */
    public CalibratedTaskSampler(CalibratedModel model, String profileName,
                                 Predicate<CalibratedModel.Demand> feasible) {
        List<Double> weights = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            List<CalibratedModel.Demand> kept = taskClass.demands().stream().filter(feasible).toList();
            if (kept.isEmpty() || !(taskClass.weight() > 0)) {
                dropped.add(taskClass.name());
                continue;
            }
            classes.add(taskClass);
            weights.add(taskClass.weight());
            demandChoices.add(new WeightedChoice<>(kept, kept.stream().map(CalibratedModel.Demand::weight).toList()));
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("profile " + profileName + ": no task class has a demand the cluster"
                    + " can hold (classes " + dropped + "); use larger nodes or another profile");
        }
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        for (double weight : weights) {
            shares.add(weight / total);
        }
        this.classChoice = new WeightedChoice<>(java.util.stream.IntStream.range(0, classes.size()).boxed().toList(),
                weights);
        if (!dropped.isEmpty()) {
            LOG.info("Profile {}: task classes {} have no demand the cluster can hold and are not drawn", profileName,
                    dropped);
        }
    }

    /**
     * Returns the sampler of {@code profile}'s calibration section, or empty when the profile has none (a
     * hand-written profile), with the demands {@code feasible} accepts.
     */
    public static Optional<CalibratedTaskSampler> forProfile(WorkloadProfile profile,
                                                             Predicate<CalibratedModel.Demand> feasible) {
        if (profile.calibration() == null || profile.calibration().isNull()) {
            return Optional.empty();
        }
        CalibratedModel model = CalibratedProfiles.model(profile, profile.name());
        if (model.classes() == null || model.classes().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CalibratedTaskSampler(model, profile.name(), feasible));
    }

    @Override
    public SampledTask sample(String taskType, RandomGenerator random) {
        int index = classChoice.draw(random);
        CalibratedModel.TaskClass taskClass = classes.get(index);
        CalibratedModel.Demand demand = demandChoices.get(index).draw(random);
        double durationSeconds = taskClass.duration().empirical().sample(random);
        return new SampledTask(CalibratedProfiles.option(taskClass.weight() * demand.weight(), demand),
                durationSeconds, taskClass.name());
    }

    /** Returns the names of the classes drawn, in the profile's order. */
    public List<String> classNames() {
        return classes.stream().map(CalibratedModel.TaskClass::name).toList();
    }

    /** Returns the probability that a task is of {@code className}, after dropping infeasible classes. */
    public double classShare(String className) {
        return shares.get(indexOf(className));
    }

    /** Returns the run-time distribution in seconds that tasks of {@code className} are drawn from. */
    public EmpiricalDistribution durationDistribution(String className) {
        return classes.get(indexOf(className)).duration().empirical();
    }

    /** Returns the longest run time in seconds any class can draw: the largest tail value or body quantile. */
    public double longestDurationSeconds() {
        double longest = 0;
        for (CalibratedModel.TaskClass taskClass : classes) {
            EmpiricalDistribution distribution = taskClass.duration().empirical();
            double[] quantiles = distribution.quantiles();
            longest = Math.max(longest, quantiles[quantiles.length - 1]);
            for (double value : distribution.tail()) {
                longest = Math.max(longest, value);
            }
        }
        return longest;
    }

    /**
     * Returns the expected load of one task: GPU-seconds, CPU milli-core-seconds and memory MiB-seconds, in
     * that order. Request and duration are independent within a class, so each class contributes its share
     * × its mean request (over the kept demands) × its mean run time.
     */
    public double[] meanLoadPerTask() {
        double[] load = new double[3];
        for (int i = 0; i < classes.size(); i++) {
            double[] request = meanRequest(i);
            double meanSeconds = classes.get(i).duration().empirical().mean();
            for (int r = 0; r < load.length; r++) {
                load[r] += shares.get(i) * request[r] * meanSeconds;
            }
        }
        return load;
    }

    /** Returns the mean GPUs, CPU milli-cores and memory MiB that class {@code index} requests. */
    private double[] meanRequest(int index) {
        List<CalibratedModel.Demand> demands = demandChoices.get(index).items();
        double total = 0;
        double[] sum = new double[3];
        for (CalibratedModel.Demand demand : demands) {
            WorkloadProfile.ResourceOption option = CalibratedProfiles.option(1, demand);
            double weight = Math.max(0, demand.weight());
            total += weight;
            sum[0] += weight * option.gpuCount() * option.gpuMilli() / 1000.0;
            sum[1] += weight * option.cpuMilli();
            sum[2] += weight * option.memoryMib();
        }
        for (int r = 0; r < sum.length; r++) {
            sum[r] /= total;
        }
        return sum;
    }

    private int indexOf(String className) {
        for (int i = 0; i < classes.size(); i++) {
            if (classes.get(i).name().equals(className)) {
                return i;
            }
        }
        throw new IllegalArgumentException("task class " + className + " is not drawn by this sampler; known"
                + " classes are " + classNames());
    }
}

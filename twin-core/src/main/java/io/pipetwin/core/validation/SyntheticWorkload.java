package io.pipetwin.core.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import io.pipetwin.core.calibration.CalibratedModel;
import io.pipetwin.core.calibration.DurationDistribution;
import io.pipetwin.core.calibration.EmpiricalDistribution;
import io.pipetwin.core.calibration.OperationalClock;
import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;
import io.pipetwin.core.workload.ArrivalProcess;
import io.pipetwin.core.workload.WorkloadProfile;

/**
 * Draws a synthetic trace from a calibrated model: {@code count} tasks from the trace's first arrival
 * on, each with a class drawn by share, a request drawn from the class's demand mix and a run time drawn
 * from the class's run-time model. Times are whole seconds (floored), as in the traces. The task's
 * {@link TraceTask#jobType()} is its class name, so results can be grouped by class.
 */
public final class SyntheticWorkload implements TraceReader<TraceTask> {

    /** Source of inter-arrival times. */
    public enum ArrivalModel {
        /** Operational-time gaps from the trace's empirical quantiles, through the hour-of-week profile. */
        EMPIRICAL,
        /** The fitted burst process through the hour-of-week profile. */
        BURST
    }

    /** Source of run times. */
    public enum DurationModel {
        /** From the class's empirical quantiles. */
        EMPIRICAL,
        /** From the class's chosen parametric distribution (zeros kept at the trace's share). */
        PARAMETRIC
    }

    private final CalibratedModel model;
    private final long count;
    private final ArrivalModel arrivalModel;
    private final DurationModel durationModel;
    private final SplittableRandom arrivalRandom;
    private final SplittableRandom attributeRandom;
    private final OperationalClock clock;
    private final EmpiricalDistribution gaps;
    private final ArrivalProcess burst;
    private final double burstOffsetSeconds;
    private final double[] classCumulative;
    private final List<EmpiricalDistribution> runQuantiles = new ArrayList<>();
    private final List<DurationDistribution> runDistributions = new ArrayList<>();

    private double operational;
    private long produced;

    public SyntheticWorkload(CalibratedModel model, long count, ArrivalModel arrivalModel, DurationModel durationModel,
                             long seed) {
        this.model = model;
        this.count = count;
        this.arrivalModel = arrivalModel;
        this.durationModel = durationModel;
        SplittableRandom root = new SplittableRandom(seed);
        this.arrivalRandom = root.split();
        this.attributeRandom = root.split();
        CalibratedModel.Arrivals arrivals = model.arrivals();
        this.clock = new OperationalClock(arrivals.hourOfWeekRatesPerHour());
        this.gaps = arrivals.operationalGaps();
        this.operational = clock.operational(model.trace().firstArrivalSeconds());
        // The burst process starts at Monday 00:00; whole weeks are added so the profile stays aligned.
        double week = 168 * 3600.0;
        this.burstOffsetSeconds = Math.floor(model.trace().firstArrivalSeconds() / week) * week;
        this.burst = new ArrivalProcess(new WorkloadProfile.ArrivalProfile(arrivals.hourOfWeekRatesPerHour(),
                new WorkloadProfile.BurstProfile(arrivals.meanBurstSize(), arrivals.withinBurstGapShare())),
                arrivalRandom);

        List<CalibratedModel.TaskClass> classes = model.classes();
        this.classCumulative = new double[classes.size()];
        double sum = 0;
        for (int i = 0; i < classes.size(); i++) {
            sum += classes.get(i).weight();
            classCumulative[i] = sum;
            CalibratedModel.DurationModelFit duration = classes.get(i).duration();
            runQuantiles.add(duration.empirical());
            runDistributions.add(chosen(duration));
        }
    }

    private static DurationDistribution chosen(CalibratedModel.DurationModelFit duration) {
        for (CalibratedModel.FitSummary fit : duration.fits()) {
            if (fit.distribution().equals(duration.chosen())) {
                return DurationDistribution.of(fit.distribution(), fit.parameters());
            }
        }
        return null;
    }

    @Override
    public boolean hasNext() {
        return produced < count;
    }

    @Override
    public TraceTask next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the synthetic workload has " + count + " tasks");
        }
        double submit = nextArrivalSeconds();
        produced++;

        int classIndex = drawClass();
        CalibratedModel.TaskClass taskClass = model.classes().get(classIndex);
        CalibratedModel.Demand demand = drawDemand(taskClass);
        long run = Math.max(0, Math.round(drawRun(classIndex, taskClass)));
        TraceResourceRequest request = new TraceResourceRequest(demand.cpuMilli(), demand.memoryMib(),
                demand.gpuCount(), demand.gpuCount() == 0 ? 0 : demand.gpuMilli(), demand.gpuModel());
        String id = "synthetic-" + produced;
        return new TraceTask(id, id, (long) Math.floor(submit), OptionalLong.empty(), OptionalLong.empty(), request,
                TraceTaskStatus.SUCCEEDED, null, null, null, taskClass.name(), 0, demand.nodeCount(),
                OptionalLong.of(run));
    }

    @Override
    public long rowsRead() {
        return produced;
    }

    @Override
    public long rowsSkipped() {
        return 0;
    }

    @Override
    public void close() {
        // Nothing to release: the workload is generated in memory.
    }

    private double nextArrivalSeconds() {
        if (produced == 0) {
            return model.trace().firstArrivalSeconds();
        }
        if (arrivalModel == ArrivalModel.BURST) {
            double time;
            do {
                time = burstOffsetSeconds + burst.nextArrivalSeconds();
            } while (time < model.trace().firstArrivalSeconds());
            return time;
        }
        operational += gaps.sample(arrivalRandom);
        return clock.real(operational);
    }

    private int drawClass() {
        double u = attributeRandom.nextDouble() * classCumulative[classCumulative.length - 1];
        for (int i = 0; i < classCumulative.length; i++) {
            if (u < classCumulative[i]) {
                return i;
            }
        }
        return classCumulative.length - 1;
    }

    private CalibratedModel.Demand drawDemand(CalibratedModel.TaskClass taskClass) {
        double total = taskClass.demands().stream().mapToDouble(CalibratedModel.Demand::weight).sum();
        double u = attributeRandom.nextDouble() * total;
        for (CalibratedModel.Demand demand : taskClass.demands()) {
            u -= demand.weight();
            if (u < 0) {
                return demand;
            }
        }
        return taskClass.demands().get(taskClass.demands().size() - 1);
    }

    private double drawRun(int classIndex, CalibratedModel.TaskClass taskClass) {
        DurationDistribution distribution = runDistributions.get(classIndex);
        if (durationModel == DurationModel.EMPIRICAL || distribution == null) {
            return runQuantiles.get(classIndex).sample(attributeRandom);
        }
        if (attributeRandom.nextDouble() < taskClass.duration().zeroShare()) {
            return 0;
        }
        return distribution.sample(attributeRandom);
    }
}

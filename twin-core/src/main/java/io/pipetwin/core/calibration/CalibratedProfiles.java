package io.pipetwin.core.calibration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.pipetwin.core.workload.InvalidProfileException;
import io.pipetwin.core.workload.WorkloadProfile;

/**
 * Converts between a {@link CalibratedModel} and a workload profile that {@code WorkloadProfileLoader}
 * reads. The profile's standard sections describe the fitted workload in the generator's terms:
 * the hour-of-week rates and burst process, one single-task template {@code trace-job} of type
 * {@code train}, and its resource options, which are the class demand mixes weighted by class share. The
 * model itself, with per-class run-time models and empirical quantiles, is the {@code calibration}
 * section.
 */
public final class CalibratedProfiles {

    /** Resource options kept in the standard section, the most frequent first. */
    static final int MAX_RESOURCE_OPTIONS = 100;
    /** Task type of the single template; the trace formats do not say which pipeline stage a job is. */
    static final String TASK_TYPE = "train";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private CalibratedProfiles() {
    }

    /** Builds the profile named {@code name} for {@code model}. */
    public static WorkloadProfile toProfile(CalibratedModel model, String name, String description) {
        CalibratedModel.Arrivals arrivals = model.arrivals();
        WorkloadProfile.ArrivalProfile arrivalProfile = new WorkloadProfile.ArrivalProfile(
                arrivals.hourOfWeekRatesPerHour(),
                new WorkloadProfile.BurstProfile(arrivals.meanBurstSize(), arrivals.withinBurstGapShare()));
        WorkloadProfile.PipelineTemplate template = new WorkloadProfile.PipelineTemplate("trace-job", 1.0,
                List.of(new WorkloadProfile.TemplateTask("job", TASK_TYPE, List.of())), Map.of("unknown", 1.0),
                new WorkloadProfile.LogNormalSpec(1.0, 0.0));
        return new WorkloadProfile(WorkloadProfile.SCHEMA_VERSION, name, description, arrivalProfile,
                Map.of("trace", 1.0), Map.of("0", 1.0), 1000, List.of(template), Map.of(TASK_TYPE, options(model)),
                MAPPER.valueToTree(model));
    }

    /**
     * Returns the calibration section of {@code profile}.
     *
     * @throws InvalidProfileException when the profile has no calibration section or it is malformed
     */
    public static CalibratedModel model(WorkloadProfile profile, String source) {
        if (profile.calibration() == null || profile.calibration().isNull()) {
            throw new InvalidProfileException(source, List.of("$.calibration: is missing; this profile was not made"
                    + " by calibrate. Run `calibrate --format F --input TRACE --out profile.json` first"), null);
        }
        try {
            return MAPPER.treeToValue(profile.calibration(), CalibratedModel.class);
        } catch (JsonProcessingException e) {
            throw new InvalidProfileException(source, List.of("$.calibration: " + e.getOriginalMessage()), e);
        }
    }

    private static List<WorkloadProfile.ResourceOption> options(CalibratedModel model) {
        List<WorkloadProfile.ResourceOption> options = new ArrayList<>();
        for (CalibratedModel.TaskClass taskClass : model.classes()) {
            for (CalibratedModel.Demand demand : taskClass.demands()) {
                options.add(option(taskClass.weight() * demand.weight(), demand));
            }
        }
        options.sort(Comparator.comparingDouble(WorkloadProfile.ResourceOption::weight).reversed());
        return List.copyOf(options.subList(0, Math.min(MAX_RESOURCE_OPTIONS, options.size())));
    }

    /**
     * Returns {@code demand} as a resource option of {@code weight}. The generator's options need CPU and
     * memory above 0, so demands without them (traces that do not record them) get 1 vCPU and 1 GiB.
     */
    public static WorkloadProfile.ResourceOption option(double weight, CalibratedModel.Demand demand) {
        return new WorkloadProfile.ResourceOption(weight, Math.max(demand.cpuMilli(), 1000),
                Math.max(demand.memoryMib(), 1024), demand.gpuCount(), demand.gpuCount() == 0 ? 0 : demand.gpuMilli(),
                demand.gpuModel());
    }
}

package io.pipetwin.core.workload;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A synthetic workload: arrival process, pipeline-type mix and per-type parameter distributions. Read
 * from JSON by {@link WorkloadProfileLoader}; docs/model.md documents the schema field by field.
 *
 * @param version         schema version; this code reads version {@link #SCHEMA_VERSION}
 * @param name            short label used in outputs
 * @param description     free text: where the values come from
 * @param arrivals        when pipelines are submitted
 * @param tenants         tenant name to relative weight
 * @param priorities      priority level (an integer as a JSON key, higher runs first) to relative weight
 * @param modelsPerTenant model assets per tenant; a pipeline builds one of them, drawn uniformly
 * @param pipelineTypes   pipeline templates with their relative weights
 * @param taskResources   task type to the resource requests it may make, each with a relative weight
 * @param calibration     what a calibration from a trace fitted (source, per-class durations, empirical
 *                        arrival gaps, cluster), or null for a hand-written profile; written and read by
 *                        {@code io.pipetwin.core.calibration}, which documents its fields
 */
public record WorkloadProfile(int version, String name, String description, ArrivalProfile arrivals,
                              Map<String, Double> tenants, Map<String, Double> priorities, int modelsPerTenant,
                              List<PipelineTemplate> pipelineTypes, Map<String, List<ResourceOption>> taskResources,
                              @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode calibration) {

    /** Creates a profile without a calibration section. */
    public WorkloadProfile(int version, String name, String description, ArrivalProfile arrivals,
                           Map<String, Double> tenants, Map<String, Double> priorities, int modelsPerTenant,
                           List<PipelineTemplate> pipelineTypes, Map<String, List<ResourceOption>> taskResources) {
        this(version, name, description, arrivals, tenants, priorities, modelsPerTenant, pipelineTypes, taskResources,
                null);
    }

    public static final int SCHEMA_VERSION = 1;

    /** Hours in a week: the length of {@link ArrivalProfile#hourOfWeekRatesPerHour()}. */
    public static final int HOURS_PER_WEEK = 168;

    /**
     * When pipelines arrive.
     *
     * @param hourOfWeekRatesPerHour mean pipeline submissions per hour for each hour of the week, hour 0
     *                               being Monday 00:00–01:00 and simulation time 0 being Monday 00:00
     * @param burst                  clustering of arrivals; null means a plain Poisson process
     */
    public record ArrivalProfile(double[] hourOfWeekRatesPerHour, BurstProfile burst) {

        /** Returns the mean rate over the week in pipelines per hour. */
        public double meanRatePerHour() {
            double sum = 0;
            for (double rate : hourOfWeekRatesPerHour) {
                sum += rate;
            }
            return sum / hourOfWeekRatesPerHour.length;
        }
    }

    /**
     * Arrivals come in bursts of geometrically distributed size. Inside a burst the gaps are short; the
     * rate profile still sets the long-run mean (see {@link ArrivalProcess}).
     *
     * @param meanBurstSize       mean pipelines per burst, at least 1; 1 gives a Poisson process
     * @param withinBurstGapShare mean gap inside a burst as a share of the mean inter-arrival time, in [0, 1)
     */
    public record BurstProfile(double meanBurstSize, double withinBurstGapShare) {
    }

    /**
     * A pipeline type: a DAG of tasks and the distributions of its parameters.
     *
     * @param name           type name, for example {@code train-deploy}
     * @param weight         relative share of new models built with this type
     * @param tasks          the DAG; each task names the tasks it depends on
     * @param frameworks     framework name to relative weight
     * @param datasetSizeGib lognormal dataset size in GiB
     */
    public record PipelineTemplate(String name, double weight, List<TemplateTask> tasks,
                                   Map<String, Double> frameworks, LogNormalSpec datasetSizeGib) {
    }

    /**
     * One task of a template.
     *
     * @param name      unique within the template
     * @param type      task type: preprocess, train, evaluate, harden, bias_check, compress or deploy
     * @param dependsOn names of tasks that must finish first; empty or absent for none
     */
    public record TemplateTask(String name, String type, List<String> dependsOn) {
    }

    /**
     * A lognormal distribution given by its median and the standard deviation of its logarithm.
     */
    public record LogNormalSpec(double median, double sigma) {
    }

    /**
     * One resource request a task may make.
     *
     * @param weight    relative share among the options of the task type
     * @param cpuMilli  CPU in milli-cores; 1000 is one vCPU
     * @param memoryMib memory in MiB
     * @param gpuCount  whole GPUs, 0 for a CPU-only task
     * @param gpuMilli  share of each GPU in milli-GPUs; below 1000 only with {@code gpuCount} 1 (a
     *                  fractional GPU), 0 when {@code gpuCount} is 0
     * @param gpuModel  required GPU model, or null for any
     */
    public record ResourceOption(double weight, long cpuMilli, long memoryMib, int gpuCount, int gpuMilli,
                                 String gpuModel) {
    }
}

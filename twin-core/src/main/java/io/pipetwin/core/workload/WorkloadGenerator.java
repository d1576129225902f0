package io.pipetwin.core.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.pipetwin.core.metrics.RetrainingTrigger;
import io.pipetwin.core.metrics.TaskEffects;

/**
 * Draws pipelines from a workload profile: arrival times from {@link ArrivalProcess}, then a tenant, a
 * model asset of that tenant, and the pipeline's parameters.
 *
 * <p>A model asset keeps the pipeline type and framework it was first built with, so every later
 * pipeline for it, retraining ones included, repeats that template. Because models are drawn uniformly
 * and each model's type is drawn by weight, the type mix of pipelines matches the profile's weights in
 * expectation.
 *
 * <p>Two random generators keep arrivals and attributes independent: changing the type mix does not
 * move arrival times.
 */
public final class WorkloadGenerator {

    private final WorkloadProfile profile;
    private final ArrivalProcess arrivals;
    private final RandomGenerator attributeRandom;
    private final WeightedChoice<String> tenantChoice;
    private final WeightedChoice<String> priorityChoice;
    private final WeightedChoice<WorkloadProfile.PipelineTemplate> templateChoice;
    private final Map<String, WeightedChoice<String>> frameworkChoiceByTemplate = new HashMap<>();
    private final TaskSampler taskSampler;
    private final Map<String, List<List<Integer>>> orderedDependenciesByTemplate = new HashMap<>();
    private final Map<String, List<Integer>> orderByTemplate = new HashMap<>();
    private final Map<String, ModelIdentity> modelsById = new HashMap<>();

    private long pipelineCount;

    private record ModelIdentity(WorkloadProfile.PipelineTemplate template, String framework, String tenant) {
    }

    /** Creates a generator that draws requests from the profile's resource options and leaves durations unset. */
    public WorkloadGenerator(WorkloadProfile profile, RandomGenerator arrivalRandom, RandomGenerator attributeRandom) {
        this(profile, arrivalRandom, attributeRandom, TaskSampler.ofResourceOptions(profile));
    }

    /**
     * Creates a generator whose tasks get their request, duration and class from {@code taskSampler}, drawn
     * with {@code attributeRandom}; the profile still sets arrivals, templates, tenants and priorities.
     */
    public WorkloadGenerator(WorkloadProfile profile, RandomGenerator arrivalRandom, RandomGenerator attributeRandom,
                             TaskSampler taskSampler) {
        this.profile = profile;
        this.taskSampler = taskSampler;
        this.arrivals = new ArrivalProcess(profile.arrivals(), arrivalRandom);
        this.attributeRandom = attributeRandom;
        this.tenantChoice = WeightedChoice.ofMap(profile.tenants());
        this.priorityChoice = WeightedChoice.ofMap(profile.priorities());
        this.templateChoice = new WeightedChoice<>(profile.pipelineTypes(),
                profile.pipelineTypes().stream().map(WorkloadProfile.PipelineTemplate::weight).toList());
        for (WorkloadProfile.PipelineTemplate template : profile.pipelineTypes()) {
            frameworkChoiceByTemplate.put(template.name(), WeightedChoice.ofMap(template.frameworks()));
            prepareOrder(template);
        }
    }

    public WorkloadProfile profile() {
        return profile;
    }

    /** Draws the next pipeline of the arrival process; submission times never decrease. */
    public GeneratedPipeline next() {
        double submitSeconds = arrivals.nextArrivalSeconds();
        String tenant = tenantChoice.draw(attributeRandom);
        String modelId = tenant + "/model-" + attributeRandom.nextInt(profile.modelsPerTenant());
        ModelIdentity model = modelsById.computeIfAbsent(modelId, id -> {
            WorkloadProfile.PipelineTemplate template = templateChoice.draw(attributeRandom);
            String framework = frameworkChoiceByTemplate.get(template.name()).draw(attributeRandom);
            return new ModelIdentity(template, framework, tenant);
        });
        return build(model, modelId, submitSeconds, null);
    }

    /**
     * Builds a retraining pipeline for a model this generator has produced before, submitted at
     * {@code timeSeconds}, with the model's template and framework.
     *
     * @throws IllegalArgumentException when the model id was never generated
     */
    public GeneratedPipeline retraining(String modelId, RetrainingTrigger trigger, double timeSeconds) {
        ModelIdentity model = modelsById.get(modelId);
        if (model == null) {
            throw new IllegalArgumentException("model " + modelId + " was not produced by this workload"
                    + " generator, so its pipeline template is unknown");
        }
        return build(model, modelId, timeSeconds, trigger);
    }

    private GeneratedPipeline build(ModelIdentity model, String modelId, double submitSeconds,
                                    RetrainingTrigger trigger) {
        String pipelineId = "p" + (++pipelineCount);
        WorkloadProfile.PipelineTemplate template = model.template();
        int priority = Integer.parseInt(priorityChoice.draw(attributeRandom));
        WorkloadProfile.LogNormalSpec size = template.datasetSizeGib();
        double datasetSizeGib = size.median() * Math.exp(size.sigma() * attributeRandom.nextGaussian());

        List<Integer> order = orderByTemplate.get(template.name());
        List<List<Integer>> dependencies = orderedDependenciesByTemplate.get(template.name());
        List<GeneratedTask> tasks = new ArrayList<>(order.size());
        for (int position = 0; position < order.size(); position++) {
            WorkloadProfile.TemplateTask templateTask = template.tasks().get(order.get(position));
            String taskType = TaskEffects.normalise(templateTask.type());
            TaskSampler.SampledTask drawn = taskSampler.sample(taskType, attributeRandom);
            tasks.add(new GeneratedTask(pipelineId + "/" + templateTask.name(), taskType,
                    dependencies.get(position), drawn.request(), drawn.durationSeconds(), drawn.taskClass()));
        }
        return new GeneratedPipeline(pipelineId, submitSeconds, template.name(), model.tenant(), priority, modelId,
                model.framework(), datasetSizeGib, trigger, List.copyOf(tasks));
    }

    /** Orders a template's tasks topologically once and maps its dependencies to positions in that order. */
    private void prepareOrder(WorkloadProfile.PipelineTemplate template) {
        Map<String, Integer> indexByName = new HashMap<>();
        for (int t = 0; t < template.tasks().size(); t++) {
            indexByName.put(template.tasks().get(t).name(), t);
        }
        List<Integer> order = TemplateGraph.topologicalOrder(template.tasks(), indexByName);
        int[] positionByIndex = new int[order.size()];
        for (int position = 0; position < order.size(); position++) {
            positionByIndex[order.get(position)] = position;
        }
        List<List<Integer>> dependencies = new ArrayList<>();
        for (int index : order) {
            List<String> dependsOn = template.tasks().get(index).dependsOn();
            List<Integer> positions = new ArrayList<>();
            if (dependsOn != null) {
                for (String name : dependsOn) {
                    positions.add(positionByIndex[indexByName.get(name)]);
                }
            }
            dependencies.add(List.copyOf(positions));
        }
        orderByTemplate.put(template.name(), order);
        orderedDependenciesByTemplate.put(template.name(), dependencies);
    }
}

package io.pipetwin.core.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pipetwin.core.metrics.TaskEffects;

/** Checks a parsed workload profile and lists each problem as "JSON path: value, fix". */
final class WorkloadProfileValidator {

    static final Set<String> TASK_TYPES = Set.of("preprocess", "train", "evaluate", "harden", "bias_check",
            "compress", "deploy");

    private final List<String> problems = new ArrayList<>();

    private WorkloadProfileValidator() {
    }

    static List<String> validate(WorkloadProfile profile) {
        WorkloadProfileValidator validator = new WorkloadProfileValidator();
        validator.check(profile);
        return validator.problems;
    }

    private void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    private void check(WorkloadProfile profile) {
        if (profile.version() != WorkloadProfile.SCHEMA_VERSION) {
            problem("$.version", "is " + profile.version() + "; this build reads version "
                    + WorkloadProfile.SCHEMA_VERSION + ", so convert the file or use a matching build");
        }
        if (profile.name() == null || profile.name().isBlank()) {
            problem("$.name", "is missing; give a short label such as \"default\"");
        }
        checkArrivals(profile.arrivals());
        checkWeights("$.tenants", profile.tenants());
        checkWeights("$.priorities", profile.priorities());
        if (profile.priorities() != null) {
            for (String level : profile.priorities().keySet()) {
                try {
                    Integer.parseInt(level);
                } catch (NumberFormatException e) {
                    problem("$.priorities." + level, "key '" + level + "' is not an integer priority level;"
                            + " use keys such as \"0\", \"1\", \"2\"");
                }
            }
        }
        if (profile.modelsPerTenant() < 1) {
            problem("$.modelsPerTenant", "is " + profile.modelsPerTenant() + "; give at least 1");
        }
        checkTemplates(profile);
        checkResources(profile.taskResources());
    }

    private void checkArrivals(WorkloadProfile.ArrivalProfile arrivals) {
        if (arrivals == null) {
            problem("$.arrivals", "is missing; give hourOfWeekRatesPerHour (168 values) and optionally burst");
            return;
        }
        double[] rates = arrivals.hourOfWeekRatesPerHour();
        String path = "$.arrivals.hourOfWeekRatesPerHour";
        if (rates == null) {
            problem(path, "is missing; give 168 rates in pipelines per hour, Monday 00:00 first");
        } else if (rates.length != WorkloadProfile.HOURS_PER_WEEK) {
            problem(path, "has " + rates.length + " values; give exactly 168, one per hour of the week");
        } else {
            double sum = 0;
            for (int hour = 0; hour < rates.length; hour++) {
                if (!(rates[hour] >= 0) || Double.isInfinite(rates[hour])) {
                    problem(path + "[" + hour + "]", "is " + rates[hour] + "; give a finite rate >= 0 per hour");
                }
                sum += rates[hour];
            }
            if (!(sum > 0)) {
                problem(path, "all rates are 0; give at least one hour a rate > 0");
            }
        }
        WorkloadProfile.BurstProfile burst = arrivals.burst();
        if (burst != null) {
            if (!(burst.meanBurstSize() >= 1) || Double.isInfinite(burst.meanBurstSize())) {
                problem("$.arrivals.burst.meanBurstSize", "is " + burst.meanBurstSize()
                        + "; give a finite value >= 1 (1 means no bursts)");
            }
            if (!(burst.withinBurstGapShare() >= 0 && burst.withinBurstGapShare() < 1)) {
                problem("$.arrivals.burst.withinBurstGapShare", "is " + burst.withinBurstGapShare()
                        + "; give a share of the mean inter-arrival time in [0, 1), for example 0.002");
            }
        }
    }

    private void checkWeights(String path, Map<String, Double> weights) {
        if (weights == null || weights.isEmpty()) {
            problem(path, "is missing or empty; give at least one name with a weight > 0");
            return;
        }
        double sum = 0;
        for (Map.Entry<String, Double> entry : weights.entrySet()) {
            Double weight = entry.getValue();
            if (weight == null || !(weight >= 0) || weight.isInfinite()) {
                problem(path + "." + entry.getKey(), "is " + weight + "; give a finite weight >= 0");
            } else {
                sum += weight;
            }
        }
        if (!(sum > 0)) {
            problem(path, "weights sum to 0; give at least one weight > 0");
        }
    }

    private void checkTemplates(WorkloadProfile profile) {
        List<WorkloadProfile.PipelineTemplate> templates = profile.pipelineTypes();
        if (templates == null || templates.isEmpty()) {
            problem("$.pipelineTypes", "is missing or empty; give at least one pipeline template");
            return;
        }
        double weightSum = 0;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < templates.size(); i++) {
            WorkloadProfile.PipelineTemplate template = templates.get(i);
            String path = "$.pipelineTypes[" + i + "]";
            if (template.name() == null || !names.add(template.name())) {
                problem(path + ".name", "is " + (template.name() == null ? "missing" : "'" + template.name()
                        + "', used twice") + "; give each pipeline type a unique name");
            }
            if (!(template.weight() >= 0) || Double.isInfinite(template.weight())) {
                problem(path + ".weight", "is " + template.weight() + "; give a finite weight >= 0");
            } else {
                weightSum += template.weight();
            }
            checkWeights(path + ".frameworks", template.frameworks());
            WorkloadProfile.LogNormalSpec size = template.datasetSizeGib();
            if (size == null) {
                problem(path + ".datasetSizeGib", "is missing; give {\"median\": GiB, \"sigma\": log-sd}");
            } else {
                if (!(size.median() > 0) || Double.isInfinite(size.median())) {
                    problem(path + ".datasetSizeGib.median", "is " + size.median() + "; give a size > 0 GiB");
                }
                if (!(size.sigma() >= 0) || size.sigma() > 10) {
                    problem(path + ".datasetSizeGib.sigma", "is " + size.sigma()
                            + "; give the standard deviation of ln(size) in [0, 10]");
                }
            }
            checkTasks(path, template.tasks(), profile.taskResources());
        }
        if (!(weightSum > 0)) {
            problem("$.pipelineTypes", "weights sum to 0; give at least one pipeline type a weight > 0");
        }
    }

    private void checkTasks(String templatePath, List<WorkloadProfile.TemplateTask> tasks,
                            Map<String, List<WorkloadProfile.ResourceOption>> resources) {
        if (tasks == null || tasks.isEmpty()) {
            problem(templatePath + ".tasks", "is missing or empty; give at least one task");
            return;
        }
        Map<String, Integer> indexByName = new HashMap<>();
        for (int t = 0; t < tasks.size(); t++) {
            WorkloadProfile.TemplateTask task = tasks.get(t);
            String path = templatePath + ".tasks[" + t + "]";
            if (task.name() == null || indexByName.putIfAbsent(task.name(), t) != null) {
                problem(path + ".name", "is " + (task.name() == null ? "missing" : "'" + task.name()
                        + "', used twice") + "; give each task of a template a unique name");
            }
            String type = task.type() == null ? null : TaskEffects.normalise(task.type());
            if (type == null || !TASK_TYPES.contains(type)) {
                problem(path + ".type", "is '" + task.type() + "'; use one of " + TASK_TYPES);
            } else if (resources != null && !resources.containsKey(type)) {
                problem(path + ".type", "'" + type + "' has no entry in $.taskResources; add one");
            }
        }
        for (int t = 0; t < tasks.size(); t++) {
            List<String> dependsOn = tasks.get(t).dependsOn();
            if (dependsOn == null) {
                continue;
            }
            for (int d = 0; d < dependsOn.size(); d++) {
                if (!indexByName.containsKey(dependsOn.get(d))) {
                    problem(templatePath + ".tasks[" + t + "].dependsOn[" + d + "]", "'" + dependsOn.get(d)
                            + "' is not a task of this template; name one of " + indexByName.keySet());
                }
            }
        }
        if (problems.isEmpty()) {
            checkAcyclic(templatePath, tasks, indexByName);
        }
    }

    private void checkAcyclic(String templatePath, List<WorkloadProfile.TemplateTask> tasks,
                              Map<String, Integer> indexByName) {
        try {
            TemplateGraph.topologicalOrder(tasks, indexByName);
        } catch (IllegalArgumentException e) {
            problem(templatePath + ".tasks", e.getMessage() + "; remove a dependsOn entry to break the cycle");
        }
    }

    private void checkResources(Map<String, List<WorkloadProfile.ResourceOption>> resources) {
        if (resources == null || resources.isEmpty()) {
            problem("$.taskResources", "is missing or empty; give resource options per task type");
            return;
        }
        for (Map.Entry<String, List<WorkloadProfile.ResourceOption>> entry : resources.entrySet()) {
            String path = "$.taskResources." + entry.getKey();
            if (!TASK_TYPES.contains(entry.getKey())) {
                problem(path, "'" + entry.getKey() + "' is not a task type; use one of " + TASK_TYPES);
            }
            List<WorkloadProfile.ResourceOption> options = entry.getValue();
            if (options == null || options.isEmpty()) {
                problem(path, "is empty; give at least one resource option");
                continue;
            }
            double weightSum = 0;
            for (int i = 0; i < options.size(); i++) {
                checkResourceOption(path + "[" + i + "]", options.get(i));
                weightSum += Math.max(0, options.get(i).weight());
            }
            if (!(weightSum > 0)) {
                problem(path, "weights sum to 0; give at least one option a weight > 0");
            }
        }
    }

    private void checkResourceOption(String path, WorkloadProfile.ResourceOption option) {
        if (!(option.weight() >= 0) || Double.isInfinite(option.weight())) {
            problem(path + ".weight", "is " + option.weight() + "; give a finite weight >= 0");
        }
        if (option.cpuMilli() <= 0) {
            problem(path + ".cpuMilli", "is " + option.cpuMilli() + "; give milli-cores > 0 (1000 = one vCPU)");
        }
        if (option.memoryMib() <= 0) {
            problem(path + ".memoryMib", "is " + option.memoryMib() + "; give MiB > 0");
        }
        if (option.gpuCount() < 0) {
            problem(path + ".gpuCount", "is " + option.gpuCount() + "; give 0 or more whole GPUs");
        }
        if (option.gpuCount() == 0 && option.gpuMilli() != 0) {
            problem(path + ".gpuMilli", "is " + option.gpuMilli() + " with gpuCount 0; set gpuMilli to 0"
                    + " or gpuCount to 1");
        }
        if (option.gpuCount() > 0 && (option.gpuMilli() <= 0 || option.gpuMilli() > 1000)) {
            problem(path + ".gpuMilli", "is " + option.gpuMilli() + "; give milli-GPUs per GPU in (0, 1000]");
        }
        if (option.gpuCount() > 1 && option.gpuMilli() != 1000) {
            problem(path + ".gpuMilli", "is " + option.gpuMilli() + " with gpuCount " + option.gpuCount()
                    + "; a fractional GPU is allowed only with gpuCount 1, so set gpuMilli to 1000");
        }
    }
}

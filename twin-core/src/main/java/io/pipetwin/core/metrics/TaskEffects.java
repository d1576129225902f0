package io.pipetwin.core.metrics;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Task effects by task type name ({@code train}, {@code harden}, {@code bias_check}, {@code compress},
 * ...). Type names are compared in lower case with {@code -} read as {@code _}, so the enum constant
 * {@code BIAS_CHECK} and the profile name {@code bias-check} match. A type without an effect leaves the
 * model unchanged.
 */
public final class TaskEffects {

    public static final String TRAIN = "train";
    public static final String HARDEN = "harden";
    public static final String BIAS_CHECK = "bias_check";
    public static final String COMPRESS = "compress";
    public static final String DEPLOY = "deploy";

    private final Map<String, TaskEffect> effectsByType = new HashMap<>();

    /** Returns the effects with the values of {@link ModelMetricDefaults}. */
    public static TaskEffects defaults() {
        TaskEffects effects = new TaskEffects();
        effects.register(TRAIN, TrainingEffect.defaults());
        effects.register(HARDEN, HardeningEffect.defaults());
        effects.register(BIAS_CHECK, BiasMitigationEffect.defaults());
        effects.register(COMPRESS, CompressionEffect.defaults());
        return effects;
    }

    /** Registers or replaces the effect of a task type. */
    public TaskEffects register(String taskType, TaskEffect effect) {
        effectsByType.put(normalise(taskType), effect);
        return this;
    }

    /** Returns the effect of a task type, {@link TaskEffect#NONE} when it has none. */
    public TaskEffect forType(String taskType) {
        return effectsByType.getOrDefault(normalise(taskType), TaskEffect.NONE);
    }

    /** Returns the task type name in the form used as key: lower case, {@code -} replaced by {@code _}. */
    public static String normalise(String taskType) {
        return taskType.toLowerCase(Locale.ROOT).replace('-', '_');
    }
}

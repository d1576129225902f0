package io.pipetwin.core.pipeline;

import java.util.Locale;

/** Kinds of pipeline tasks. */
public enum TaskType {
    PREPROCESS, TRAIN, EVALUATE, HARDEN, BIAS_CHECK, COMPRESS, DEPLOY, CUSTOM;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** Returns the lower-case name with hyphens, as used in traces and task classes: {@code bias-check}. */
    public String label() {
        return label;
    }

    /** Parses a label or enum name, case-insensitively; unknown names map to {@link #CUSTOM}. */
    public static TaskType parse(String text) {
        String normalised = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (TaskType type : values()) {
            if (type.name().equals(normalised)) {
                return type;
            }
        }
        return CUSTOM;
    }
}

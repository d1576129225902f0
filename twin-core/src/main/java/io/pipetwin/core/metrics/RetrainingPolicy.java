package io.pipetwin.core.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A named retraining strategy and a factory for its per-model instances, parsed from a specification
 * string {@code name[:key=value,key=value...]}:
 * <ul>
 *   <li>{@code none}</li>
 *   <li>{@code periodic:period=7d}</li>
 *   <li>{@code threshold:metric=accuracy,min=0.8,check=6h,cooldown=1d}</li>
 *   <li>{@code page-hinkley:metric=accuracy,delta=0.005,lambda=0.05,check=6h,cooldown=1d}</li>
 * </ul>
 * {@code cooldown} is the least time between two metric-triggered retrainings of one model ({@code 0} turns
 * it off).
 * Durations take a unit suffix {@code s}, {@code m}, {@code h} or {@code d}; a bare number is seconds.
 * Omitted keys take the values of {@link ModelMetricDefaults}.
 *
 * @param spec    the specification as given, used as the strategy's label in outputs
 * @param factory creates one strategy instance per model
 */
public record RetrainingPolicy(String spec, Supplier<RetrainingStrategy> factory) {

    public static final RetrainingPolicy NONE = new RetrainingPolicy("none", NoRetraining::new);

    /** Parses a specification; the message of the exception names the invalid part and the valid forms. */
    public static RetrainingPolicy parse(String spec) {
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
        Map<String, String> options = parseOptions(spec, colon < 0 ? "" : trimmed.substring(colon + 1));

        switch (name) {
            case "none" -> {
                requireKnownKeys(spec, options, Set.of());
                return new RetrainingPolicy(trimmed, NoRetraining::new);
            }
            case "periodic" -> {
                requireKnownKeys(spec, options, Set.of("period"));
                double periodSeconds = durationSeconds(spec, options, "period",
                        ModelMetricDefaults.RETRAINING_PERIOD_SECONDS);
                new PeriodicRetraining(periodSeconds);
                return new RetrainingPolicy(trimmed, () -> new PeriodicRetraining(periodSeconds));
            }
            case "threshold" -> {
                requireKnownKeys(spec, options, Set.of("metric", "min", "check", "cooldown"));
                String metric = options.getOrDefault("metric", ModelMetricDefaults.WATCHED_METRIC);
                double min = number(spec, options, "min", ModelMetricDefaults.RETRAINING_THRESHOLD);
                double checkSeconds = durationSeconds(spec, options, "check",
                        ModelMetricDefaults.MONITORING_INTERVAL_SECONDS);
                double cooldownSeconds = durationSeconds(spec, options, "cooldown",
                        ModelMetricDefaults.RETRAINING_COOLDOWN_SECONDS);
                new ThresholdRetraining(metric, min, checkSeconds, cooldownSeconds);
                return new RetrainingPolicy(trimmed,
                        () -> new ThresholdRetraining(metric, min, checkSeconds, cooldownSeconds));
            }
            case "page-hinkley" -> {
                requireKnownKeys(spec, options, Set.of("metric", "delta", "lambda", "check", "cooldown"));
                String metric = options.getOrDefault("metric", ModelMetricDefaults.WATCHED_METRIC);
                double delta = number(spec, options, "delta", ModelMetricDefaults.PAGE_HINKLEY_DELTA);
                double lambda = number(spec, options, "lambda", ModelMetricDefaults.PAGE_HINKLEY_LAMBDA);
                double checkSeconds = durationSeconds(spec, options, "check",
                        ModelMetricDefaults.MONITORING_INTERVAL_SECONDS);
                double cooldownSeconds = durationSeconds(spec, options, "cooldown",
                        ModelMetricDefaults.RETRAINING_COOLDOWN_SECONDS);
                new PageHinkleyRetraining(metric, delta, lambda, checkSeconds, cooldownSeconds);
                return new RetrainingPolicy(trimmed,
                        () -> new PageHinkleyRetraining(metric, delta, lambda, checkSeconds, cooldownSeconds));
            }
            default -> throw new IllegalArgumentException("unknown retraining strategy '" + name + "' in '"
                    + spec + "'; use none, periodic:period=7d, threshold:metric=accuracy,min=0.8,check=6h,cooldown=1d"
                    + " or page-hinkley:metric=accuracy,delta=0.005,lambda=0.05,check=6h,cooldown=1d");
        }
    }

    /** Creates the strategy instance for one model. */
    public RetrainingStrategy newStrategy() {
        return factory.get();
    }

    private static Map<String, String> parseOptions(String spec, String text) {
        Map<String, String> options = new LinkedHashMap<>();
        if (text.isBlank()) {
            return options;
        }
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("retraining option '" + pair + "' in '" + spec
                        + "' is not key=value; write for example threshold:min=0.8");
            }
            options.put(pair.substring(0, equals).trim().toLowerCase(Locale.ROOT), pair.substring(equals + 1).trim());
        }
        return options;
    }

    private static void requireKnownKeys(String spec, Map<String, String> options, Set<String> known) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' in retraining strategy '" + spec
                        + "'; this strategy takes " + (known.isEmpty() ? "no options" : known));
            }
        }
    }

    private static double number(String spec, Map<String, String> options, String key, double defaultValue) {
        String text = options.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "='" + text + "' in retraining strategy '" + spec
                    + "' is not a number", e);
        }
    }

    /** Parses a duration such as {@code 90s}, {@code 15m}, {@code 6h} or {@code 7d} into seconds. */
    public static double parseDurationSeconds(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        double unitSeconds = 1;
        char last = trimmed.isEmpty() ? ' ' : trimmed.charAt(trimmed.length() - 1);
        switch (last) {
            case 's' -> unitSeconds = 1;
            case 'm' -> unitSeconds = 60;
            case 'h' -> unitSeconds = 3600;
            case 'd' -> unitSeconds = 86_400;
            default -> last = ' ';
        }
        String number = last == ' ' ? trimmed : trimmed.substring(0, trimmed.length() - 1);
        try {
            return Double.parseDouble(number) * unitSeconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' is invalid; write a number with a unit"
                    + " s, m, h or d, for example 6h", e);
        }
    }

    private static double durationSeconds(String spec, Map<String, String> options, String key,
                                          double defaultSeconds) {
        String text = options.get(key);
        if (text == null) {
            return defaultSeconds;
        }
        try {
            return parseDurationSeconds(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + key + "='" + text + "' in retraining strategy '" + spec
                    + "': " + e.getMessage(), e);
        }
    }
}

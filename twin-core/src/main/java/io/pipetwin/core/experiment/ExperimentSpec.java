package io.pipetwin.core.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.pipetwin.core.metrics.RetrainingPolicy;
import io.pipetwin.core.output.RecordingMode;

/**
 * A sweep: every combination of policy pair, platform and retraining strategy, each run once per seed.
 * Read from YAML ({@code .yaml}, {@code .yml}) or JSON; docs/model.md documents the format and
 * examples/experiment.yaml is a complete file.
 *
 * @param name                  label of the experiment
 * @param workloadProfile       path of a workload profile, relative to the experiment file; null for the
 *                              built-in profile
 * @param duration              simulated time per run, with unit ({@code 7d}, {@code 36h})
 * @param sampleInterval        spacing of time-series samples, with unit
 * @param recording             {@code summary-only} (default) or {@code full}
 * @param seeds                 explicit seeds; when empty, {@code seedCount} seeds from 1
 * @param seedCount             number of seeds when {@code seeds} is empty
 * @param policies              queueing and placement pairs
 * @param platforms             platforms (capacities) to compare
 * @param retraining            retraining strategy specifications, see {@link RetrainingPolicy}
 */
public record ExperimentSpec(String name, String workloadProfile, String duration, String sampleInterval,
                             String recording, List<Long> seeds, int seedCount, List<PolicyPair> policies,
                             List<PlatformConfig> platforms, List<String> retraining) {

    /**
     * @param queueing  queueing policy name
     * @param placement placement policy name
     */
    public record PolicyPair(String queueing, String placement) {

        public String label() {
            return queueing + "+" + placement;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads and checks an experiment file. */
    public static ExperimentSpec load(Path path) throws IOException {
        String fileName = path.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = fileName.endsWith(".yaml") || fileName.endsWith(".yml") ? YAML : JSON;
        ExperimentSpec spec;
        try {
            spec = mapper.readValue(Files.readString(path), ExperimentSpec.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("experiment file " + path + ": invalid value at "
                    + e.getPathReference() + ": " + e.getOriginalMessage(), e);
        }
        if (spec == null) {
            throw new IllegalArgumentException("experiment file " + path + " is empty");
        }
        spec.validate(path.toString());
        return spec;
    }

    /** Checks every field and throws with the field name, the value and the fix. */
    public void validate(String source) {
        if (policies == null || policies.isEmpty()) {
            throw new IllegalArgumentException(source + ": policies is empty; give at least one"
                    + " {queueing: fifo, placement: first-fit}");
        }
        for (PolicyPair pair : policies) {
            PolicyCatalog.validate(pair.queueing(), pair.placement());
        }
        if (platforms == null || platforms.isEmpty()) {
            throw new IllegalArgumentException(source + ": platforms is empty; give at least one platform");
        }
        java.util.Set<String> platformNames = new java.util.HashSet<>();
        for (PlatformConfig platform : platforms) {
            if (platform.name() == null || !platformNames.add(platform.name())) {
                throw new IllegalArgumentException(source + ": platform name '" + platform.name()
                        + "' is missing or used twice; give each platform a unique name");
            }
        }
        if (retrainingStrategies().isEmpty()) {
            throw new IllegalArgumentException(source + ": retraining is empty; give at least one strategy,"
                    + " for example none");
        }
        if (seedList().isEmpty()) {
            throw new IllegalArgumentException(source + ": no seeds; give seeds: [1, 2, 3] or seedCount: 3");
        }
        if (!(durationSeconds() > 0)) {
            throw new IllegalArgumentException(source + ": duration '" + duration + "' must be > 0, for example 7d");
        }
        recordingMode();
    }

    public List<Long> seedList() {
        if (seeds != null && !seeds.isEmpty()) {
            return List.copyOf(seeds);
        }
        List<Long> generated = new ArrayList<>();
        for (long seed = 1; seed <= seedCount; seed++) {
            generated.add(seed);
        }
        return generated;
    }

    public List<RetrainingPolicy> retrainingStrategies() {
        if (retraining == null) {
            return List.of();
        }
        return retraining.stream().map(RetrainingPolicy::parse).toList();
    }

    public double durationSeconds() {
        return RetrainingPolicy.parseDurationSeconds(duration == null ? "7d" : duration);
    }

    public double sampleIntervalSeconds() {
        return RetrainingPolicy.parseDurationSeconds(sampleInterval == null ? "10m" : sampleInterval);
    }

    public RecordingMode recordingMode() {
        if (recording == null || recording.equalsIgnoreCase("summary-only")) {
            return RecordingMode.SUMMARY_ONLY;
        }
        if (recording.equalsIgnoreCase("full")) {
            return RecordingMode.FULL;
        }
        throw new IllegalArgumentException("recording '" + recording + "' is invalid; use summary-only or full");
    }
}

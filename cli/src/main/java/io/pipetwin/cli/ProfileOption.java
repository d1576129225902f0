package io.pipetwin.cli;

import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The {@code --profile} option of the commands that run the twin. */
final class ProfileOption {

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Workload profile JSON whose hour-of-week arrival rates seed each platform's online workload"
                    + " model, for example twin-core/src/main/resources/profiles/alibaba-gpu-2023.json. Default: none,"
                    + " so the model starts from the observed events alone.")
    Path profile;

    /** Returns the loaded profile, or null without {@code --profile}. */
    WorkloadProfile load() {
        if (profile == null) {
            return null;
        }
        try {
            return WorkloadProfileLoader.load(profile);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("workload profile " + profile + " cannot be loaded: " + e.getMessage()
                    + "; pass a profile JSON written by ./pipetwin calibrate, or omit --profile", e);
        }
    }
}

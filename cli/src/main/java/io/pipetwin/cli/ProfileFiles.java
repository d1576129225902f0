package io.pipetwin.cli;

import io.pipetwin.core.workload.InvalidProfileException;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the workload profile given with {@code --profile}, rejecting an unusable file before anything starts. */
final class ProfileFiles {

    private ProfileFiles() {
    }

    /**
     * Loads and validates {@code file}; returns null when it is null. Throws a {@link ParameterException} that
     * names the option, the path and the problem when the file is missing, unreadable or not a valid profile.
     */
    static WorkloadProfile load(CommandLine commandLine, Path file) {
        if (file == null) {
            return null;
        }
        String prefix = "--profile " + file + ": ";
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(commandLine, prefix + "no such file (" + file.toAbsolutePath() + "); pass a"
                    + " workload profile JSON, for example twin-core/src/main/resources/profiles/alibaba-gpu-2023.json");
        }
        try {
            return WorkloadProfileLoader.load(file);
        } catch (InvalidProfileException e) {
            // The message names the file and lists each invalid field with its JSON path.
            throw new ParameterException(commandLine, "--profile: " + e.getMessage()
                    + "\nFix the file, or write one with ./pipetwin calibrate.", e);
        } catch (IOException e) {
            throw new ParameterException(commandLine, prefix + "cannot be read: " + e.getMessage()
                    + "; check its permissions", e);
        }
    }
}

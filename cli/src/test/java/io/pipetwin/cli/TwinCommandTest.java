package io.pipetwin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The twin command's checks of its {@code --profile} file, which run before it connects to anything. */
class TwinCommandTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String errors) {
    }

    private static Result twin(String... args) {
        StringWriter errors = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setErr(new PrintWriter(errors, true));
        String[] full = new String[args.length + 1];
        full[0] = "twin";
        System.arraycopy(args, 0, full, 1, args.length);
        int exitCode = commandLine.execute(full);
        return new Result(exitCode, errors.toString());
    }

    // The connection addresses are never contacted, because the command checks --profile first.

    @Test
    void missingProfileNamesPath() {
        Path missing = dir.resolve("no-such-profile.json");

        Result result = twin("--profile", missing.toString(), "--bootstrap-servers", "127.0.0.1:9",
                "--schema-registry-url", "http://127.0.0.1:9");

        assertEquals(CommandLine.ExitCode.USAGE, result.exitCode(), result.errors());
        assertTrue(result.errors().contains("--profile " + missing + ": no such file"), result.errors());
    }

    @Test
    void invalidProfileNamesPathAndField() throws IOException {
        // The built-in profile with 2 hour-of-week rates instead of 168.
        ObjectMapper json = new ObjectMapper();
        ObjectNode profile;
        try (InputStream builtIn = TwinCommandTest.class.getResourceAsStream("/profiles/alibaba-gpu-2023.json")) {
            profile = (ObjectNode) json.readTree(builtIn);
        }
        ((ObjectNode) profile.get("arrivals")).putArray("hourOfWeekRatesPerHour").add(1.0).add(2.0);
        Path invalid = dir.resolve("invalid-profile.json");
        json.writeValue(invalid.toFile(), profile);

        Result result = twin("--profile", invalid.toString(), "--bootstrap-servers", "127.0.0.1:9",
                "--schema-registry-url", "http://127.0.0.1:9");

        assertEquals(CommandLine.ExitCode.USAGE, result.exitCode(), result.errors());
        assertTrue(result.errors().contains(invalid.toString()), result.errors());
        assertTrue(result.errors().contains("$.arrivals.hourOfWeekRatesPerHour: has 2 values"), result.errors());
    }

    @Test
    void helpDescribesProfile() {
        StringWriter output = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(output, true));

        int exitCode = commandLine.execute("twin", "--help");

        assertEquals(0, exitCode);
        assertTrue(output.toString().contains("--profile=FILE"), output.toString());
    }
}

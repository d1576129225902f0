package io.pipetwin.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {

    /** For example {@code 2023-01-01T05:00Z synthetic-platform gpu queue 2 -> p50 1 [p10 0, p90 3]  GPU util 0.41 -> 0.38}. */
    private static final Pattern FORECAST_LINE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}Z synthetic-platform gpu queue \\d+ -> p50 [\\d.]+ \\[p10 [\\d.]+, p90 [\\d.]+\\]"
                    + "  GPU util \\d\\.\\d{2} -> \\d\\.\\d{2}");

    @TempDir
    Path workDir;

    @Test
    void demoPrintsForecastsAndExitsZero() {
        StringWriter output = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(output, true));

        int exitCode = commandLine.execute("demo", "--for", "40s", "--replications", "10",
                "--work-dir", workDir.toString(), "--http-port", "0");

        List<String> lines = Arrays.asList(output.toString().split("\\R"));
        List<String> forecastLines = lines.stream().filter(line -> FORECAST_LINE.matcher(line).matches()).toList();
        assertEquals(0, exitCode, output.toString());
        assertTrue(lines.stream().anyMatch(line -> line.matches("Dashboard: http://127\\.0\\.0\\.1:\\d+/")),
                output.toString());
        assertTrue(forecastLines.size() >= 5, "expected at least 5 forecast lines, output was:\n" + output);
        assertTrue(lines.stream().anyMatch(line -> line.equals("Printed " + forecastLines.size() + " forecast lines.")),
                output.toString());
    }

    @Test
    void helpNamesPrecedenceAndSettings() {
        StringWriter output = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(output, true));

        int exitCode = commandLine.execute("--help");

        assertEquals(0, exitCode);
        assertTrue(output.toString().contains("a command-line flag wins over an environment variable"), output.toString());
        assertTrue(output.toString().contains("PIPETWIN_BOOTSTRAP_SERVERS"), output.toString());
        for (String command : List.of("demo", "replay", "twin", "consume", "simulate", "experiment", "calibrate", "validate", "bench")) {
            assertTrue(output.toString().contains(command), "help lacks " + command + ":\n" + output);
        }
    }

    @Test
    void missingBootstrapServersNamesTheFix() {
        StringWriter errors = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setErr(new PrintWriter(errors, true));

        int exitCode = commandLine.execute("consume", "--topic", "pipetwin.forecast.queue",
                "--schema-registry-url", "http://127.0.0.1:9");

        assertEquals(1, exitCode);
        assertTrue(errors.toString().contains("--bootstrap-servers"), errors.toString());
    }

    @Test
    void nonEmptyWorkDirIsRejected() throws IOException {
        Files.writeString(workDir.resolve("left-over.log"), "from an earlier run");
        StringWriter errors = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setErr(new PrintWriter(errors, true));

        int exitCode = commandLine.execute("demo", "--for", "5s", "--work-dir", workDir.toString(),
                "--http-port", "0");

        assertEquals(2, exitCode, errors.toString());
        assertTrue(errors.toString().contains("--work-dir " + workDir + " is not empty"), errors.toString());
    }

    @Test
    void abandonedTempFoldersAreRemoved() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path abandoned = Files.createTempDirectory(tmp, DemoCommand.TEMP_PREFIX);
        Files.writeString(abandoned.resolve(DemoCommand.OWNER_FILE), Long.toString(finished.pid()));
        Files.createDirectories(abandoned.resolve("kafka"));
        Path live = Files.createTempDirectory(tmp, DemoCommand.TEMP_PREFIX);
        Files.writeString(live.resolve(DemoCommand.OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        try {
            DemoCommand.removeAbandonedWorkFolders();

            assertFalse(Files.exists(abandoned), "folder of an ended process should be removed");
            assertTrue(Files.exists(live), "folder of a running process must stay");
        } finally {
            Files.deleteIfExists(live.resolve(DemoCommand.OWNER_FILE));
            Files.deleteIfExists(live);
        }
    }
}

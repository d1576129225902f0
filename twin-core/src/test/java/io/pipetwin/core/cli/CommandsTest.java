package io.pipetwin.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class CommandsTest {

    /** Returns the help text with line breaks and indentation collapsed to single spaces. */
    private static String help(Object command) {
        StringWriter text = new StringWriter();
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(text));
        assertEquals(0, commandLine.execute("--help"));
        return text.toString().replaceAll("\\s+", " ");
    }

    @Test
    void simulateHelpNamesUnitsAndDefaults() {
        String help = help(new SimulateCommand());

        assertTrue(help.contains("--duration"), help);
        assertTrue(help.contains("unit s, m, h or d (default: 7d)"), help);
        assertTrue(help.contains("milli-cores (default: 96000)"), help);
        assertTrue(help.contains("Gbit/s"), help);
    }

    @Test
    void experimentHelpNamesDefaults() {
        String help = help(new ExperimentCommand());

        assertTrue(help.contains("--threads"), help);
        assertTrue(help.contains("(default: out/experiment)"), help);
    }

    @Test
    void simulateWritesOutputs(@TempDir Path directory) {
        CommandLine commandLine = new CommandLine(new SimulateCommand());
        commandLine.setOut(new PrintWriter(new StringWriter()));

        int exitCode = commandLine.execute("--duration", "1d", "--gpu-nodes", "2", "--cpu-nodes", "2",
                "--retraining", "threshold:min=0.85,check=1h", "--seed", "5", "--output", directory.toString());

        assertEquals(0, exitCode);
        assertTrue(Files.exists(directory.resolve("tasks.csv")));
        assertTrue(Files.exists(directory.resolve("summary.csv")));
        assertTrue(Files.exists(directory.resolve("models.csv")));
        assertTrue(Files.exists(directory.resolve("plots/queue_length.png")));
    }

    @Test
    void simulateRejectsUnknownPolicy(@TempDir Path directory) {
        CommandLine commandLine = new CommandLine(new SimulateCommand());
        StringWriter errors = new StringWriter();
        commandLine.setErr(new PrintWriter(errors));
        commandLine.setOut(new PrintWriter(new StringWriter()));

        int exitCode = commandLine.execute("--queueing", "lifo", "--output", directory.toString());

        assertTrue(exitCode != 0);
        assertTrue(errors.toString().contains("lifo"), errors.toString());
    }
}

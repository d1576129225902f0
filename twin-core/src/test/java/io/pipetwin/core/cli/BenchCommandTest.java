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

class BenchCommandTest {

    @Test
    void referenceRunPrintsFigures(@TempDir Path directory) throws Exception {
        Path trace = directory.resolve("trace.csv");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand());
        command.setOut(new PrintWriter(out));

        int exitCode = command.execute("reference", "--pipelines", "1000", "--repeat", "2", "--record", "summary",
                "--trace-out", trace.toString());

        String text = out.toString();
        assertEquals(0, exitCode, text);
        assertTrue(text.contains("cold run"), text);
        assertTrue(text.contains("5000 events"), text);
        assertTrue(text.contains("pipelines/s"), text);
        assertTrue(text.contains("utilisation CPU / GPU"), text);
        assertEquals(1 + 4000, Files.readAllLines(trace).size());
    }

    @Test
    void noStatisticsOmitsThem() {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand());
        command.setOut(new PrintWriter(out));

        int exitCode = command.execute("reference", "--pipelines", "100", "--repeat", "1", "--no-statistics");

        assertEquals(0, exitCode, out.toString());
        assertTrue(out.toString().contains("median"), out.toString());
        assertTrue(!out.toString().contains("utilisation"), out.toString());
    }

    @Test
    void invalidRecordingIsRejected() {
        CommandLine command = new CommandLine(new BenchCommand());
        StringWriter err = new StringWriter();
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("reference", "--pipelines", "10", "--record", "everything");

        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("--record everything is invalid"), err.toString());
    }

    @Test
    void zeroPipelinesNamesTheOption() {
        CommandLine command = new CommandLine(new BenchCommand());
        StringWriter err = new StringWriter();
        command.setErr(new PrintWriter(err));

        int exitCode = command.execute("reference", "--pipelines", "0");

        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("--pipelines 0 is invalid"), err.toString());
    }
}

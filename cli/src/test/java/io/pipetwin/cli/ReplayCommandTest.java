package io.pipetwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {

    @TempDir
    Path dir;

    @Test
    void helpNamesEveryFormatAndDefault() {
        StringWriter output = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(output, true));

        assertEquals(0, commandLine.execute("replay", "--help"));

        String help = output.toString();
        for (String format : List.of("alibaba-gpu-2023", "alibaba-pai-2020", "philly-csv", "philly-json", "helios",
                "alibaba-dlrm-2025", "pipetwin-jsonl", "pipetwin-avro")) {
            assertTrue(help.contains(format), "help lacks " + format + ":\n" + help);
        }
        for (String option : List.of("--input", "--nodes", "--gpus", "--start-time", "--max-events", "--checkpoint",
                "--resume", "--client-config", "--skip-invalid-rows")) {
            assertTrue(help.contains(option), "help lacks " + option + ":\n" + help);
        }
    }

    @Test
    void formatWithoutInputNamesTheFix() {
        StringWriter errors = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setErr(new PrintWriter(errors, true));

        int exitCode = commandLine.execute("replay", "--format", "philly-csv", "--bootstrap-servers", "127.0.0.1:9",
                "--schema-registry-url", "http://127.0.0.1:9");

        assertEquals(1, exitCode);
        assertTrue(errors.toString().contains("--input"), errors.toString());
    }

    @Test
    void unknownFormatReportedBeforeConnection() {
        StringWriter errors = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setErr(new PrintWriter(errors, true));

        int exitCode = commandLine.execute("replay", "--format", "nonsense");

        assertEquals(1, exitCode);
        assertTrue(errors.toString().contains("trace format 'nonsense' is unknown"), errors.toString());
    }

    @Test
    void phillyCsvReplaysOntoABroker() throws IOException {
        Path philly = dir.resolve("philly.csv");
        Files.writeString(philly, String.join("\n", "timestamp,duration,num_gpus,gpu_time,cluster",
                "2017-10-09 07:01:55,66.0,1,66.0,c1", "2017-10-09 06:13:03,2951.0,16,47216.0,c2") + "\n");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
             EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry().start()) {
            broker.createTopics(Topics.PLATFORM_EVENTS);
            StringWriter output = new StringWriter();
            CommandLine commandLine = PipeTwinCommand.newCommandLine();
            commandLine.setOut(new PrintWriter(output, true));

            int exitCode = commandLine.execute("replay", "--bootstrap-servers", broker.bootstrapServers(),
                    "--schema-registry-url", registry.url(), "--format", "philly-csv", "--input", philly.toString(),
                    "--gpus", "16", "--start-time", "2024-01-01T00:00:00Z");

            // Two 8-GPU nodes, and each job submitted, queued, started and finished: 2 + 2 × 4 events.
            assertEquals(0, exitCode, output.toString());
            assertTrue(output.toString().contains("Replay of platform philly-csv"), output.toString());
            assertTrue(output.toString().matches("(?s).*events sent: +10 .*"), output.toString());
        }
    }
}

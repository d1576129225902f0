package io.pipetwin.core.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

import io.pipetwin.core.calibration.GitBlobId;
import io.pipetwin.core.workload.WorkloadProfileLoader;

class CalibrateValidateCommandsTest {

    @TempDir
    Path dir;

    /** Writes a small unsorted Philly CSV of 400 one- and eight-GPU jobs over about four days. */
    private Path phillyFixture() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder csv = new StringBuilder("timestamp,duration,num_gpus,gpu_time,cluster\n");
        for (int i = 0; i < 400; i++) {
            long second = random.nextLong(4 * 86_400L);
            int gpus = random.nextDouble() < 0.8 ? 1 : 8;
            long duration = 1 + random.nextLong(7200);
            csv.append(String.format("2017-10-%02d %02d:%02d:%02d,%d,%d,%d,vc%d%n", 2 + second / 86_400,
                    second % 86_400 / 3600, second % 3600 / 60, second % 60, duration, gpus, duration * gpus, i % 3));
        }
        Path file = dir.resolve("philly.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static int run(Object command, StringWriter out, StringWriter err, String... args) {
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void calibrateThenValidateWritesProfileAndReport() throws IOException {
        Path trace = phillyFixture();
        Path profile = dir.resolve("profile.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int calibrated = run(new CalibrateCommand(), out, err, "--format", "philly-csv", "--input", trace.toString(),
                "--out", profile.toString());
        assertEquals(0, calibrated, err.toString());

        JsonNode source = new ObjectMapper().readTree(profile.toFile()).path("calibration").path("source");
        WorkloadProfileLoader.load(profile);
        assertAll(
                () -> assertTrue(out.toString().contains("class gpu-1"), out.toString()),
                () -> assertEquals("philly.csv", source.path("file").asText()),
                () -> assertEquals(GitBlobId.of(trace), source.path("gitBlob").asText()),
                () -> assertTrue(source.path("command").asText().startsWith("pipetwin calibrate --format philly-csv")));

        Path report = dir.resolve("report");
        int validated = run(new ValidateCommand(), out, err, "--format", "philly-csv", "--input", trace.toString(),
                "--profile", profile.toString(), "--out", report.toString(), "--seeds", "1", "--gpus", "64");
        assertEquals(0, validated, err.toString());
        assertTrue(Files.readString(report.resolve("report.md")).contains("inter-arrival"));

        int traceDriven = run(new ValidateCommand(), out, err, "--format", "philly-csv", "--input", trace.toString(),
                "--profile", profile.toString(), "--out", dir.resolve("td").toString(), "--mode", "trace-driven");
        assertEquals(0, traceDriven, err.toString());
        assertTrue(Files.readString(dir.resolve("td/report.md")).contains("Trace-driven"));
    }

    @Test
    void unknownFormatListsValidNames() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(new CalibrateCommand(), out, err, "--format", "csv", "--input", "x.csv", "--out",
                dir.resolve("p.json").toString());
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("unknown trace format 'csv'"), err.toString());
        assertTrue(err.toString().contains("alibaba-dlrm-2025"), err.toString());
    }

    @Test
    void gitBlobIdMatchesGitForKnownContent() throws IOException {
        // `printf 'hello\n' | git hash-object --stdin` prints this id.
        Path file = dir.resolve("hello.txt");
        Files.writeString(file, "hello\n");
        assertEquals("ce013625030ba8dba906f756967f9e9ca394464a", GitBlobId.of(file));
    }
}

package io.pipetwin.cli;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.streams.forecast.ForecastTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scenario subcommands against an embedded broker with the compacted scenarios topic. */
class ScenarioCommandTest {

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().build().start();
        broker.createTopics(ForecastTopics.newTopics(1, (short) 1));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--bootstrap-servers";
        all[args.length + 1] = broker.bootstrapServers();
        all[args.length + 2] = "--schema-registry-url";
        all[args.length + 3] = "http://127.0.0.1:9";
        int exitCode = commandLine.execute(all);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Path file(String name, String json) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, json);
        return path;
    }

    @Test
    void putListDelete() throws IOException {
        Path rate = file("rate.json", "{\"name\": \"double-rate\", \"arrivalRateMultiplier\": 2.0}");
        Path sjf = file("sjf.json", "{\"name\": \"sjf\", \"queueingPolicy\": \"sjf\"}");

        Run first = run("scenario", "put", "--platform", "p1", "--name", "double-rate", "--file", rate.toString());
        assertEquals(0, first.exitCode(), first.err());
        Run second = run("scenario", "put", "--platform", "p2", "--name", "sjf", "--file", sjf.toString());
        assertEquals(0, second.exitCode(), second.err());
        Run all = run("scenario", "list");
        assertEquals(0, all.exitCode(), all.err());
        assertEquals(2, all.out().lines().count(), all.out());
        List<String> p1 = run("scenario", "list", "--platform", "p1").out().lines().toList();
        assertEquals(1, p1.size());
        assertTrue(p1.get(0).startsWith("p1\tdouble-rate\t{"), p1.get(0));

        Run delete = run("scenario", "delete", "--platform", "p1", "--name", "double-rate");
        assertEquals(0, delete.exitCode(), delete.err());
        List<String> after = run("scenario", "list").out().lines().toList();
        assertEquals(1, after.size());
        assertTrue(after.get(0).startsWith("p2\tsjf\t"), after.get(0));
    }

    @Test
    void invalidScenarioNamesFieldAndValue() throws IOException {
        Path bad = file("bad.json", "{\"name\": \"fast\", \"arrivalRateMultiplier\": \"fast\"}");

        Run run = run("scenario", "put", "--platform", "p1", "--name", "fast", "--file", bad.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("arrivalRateMultiplier"), run.err());
        assertTrue(run.err().contains("\"fast\""), run.err());
    }

    @Test
    void nameMustMatchFile() throws IOException {
        Path rate = file("rate.json", "{\"name\": \"double-rate\", \"arrivalRateMultiplier\": 2.0}");

        Run run = run("scenario", "put", "--platform", "p1", "--name", "other", "--file", rate.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--name 'other'"), run.err());
    }
}

package io.pipetwin.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the replay harness on a small stream against its embedded broker, with and without forecasts. */
class BenchReplayCommandTest {

    private static final Pattern RESULT = Pattern.compile(
            "Mirrored ([\\d,]+) events in .* events/s end to end; ([\\d,]+) forecasts published .*");
    private static final int EVENTS = 5_000;

    private static Matcher run(String... extraArgs) {
        StringWriter output = new StringWriter();
        CommandLine commandLine = PipeTwinCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(output, true));
        String[] args = new String[4 + extraArgs.length];
        args[0] = "bench";
        args[1] = "replay";
        args[2] = "--events";
        args[3] = Integer.toString(EVENTS);
        System.arraycopy(extraArgs, 0, args, 4, extraArgs.length);

        int exitCode = commandLine.execute(args);

        assertEquals(0, exitCode, output.toString());
        Matcher result = output.toString().lines().map(RESULT::matcher).filter(Matcher::matches).findFirst()
                .orElseThrow(() -> new AssertionError("no result line in:\n" + output));
        assertTrue(output.toString().contains("CPU time: stream threads"), output.toString());
        return result;
    }

    /**
     * Returns the forecasts the generated stream triggers: 64 node events at second 0, then per second
     * {@code t} three events (submit, queue, start) plus a finish once {@code t > 50}; every multiple of
     * 300 s up to the last event's second is a cadence boundary.
     */
    private static long expectedForecasts(int events) {
        long remaining = events - 64;
        long second = 0;
        while (remaining > 0) {
            second++;
            remaining -= second > 50 ? 4 : 3;
        }
        return second / 300;
    }

    @Test
    void replayMirrorsEveryEventAndForecasts() {
        Matcher result = run("--replications", "2", "--heap-interval", "60s");

        assertEquals(EVENTS, Long.parseLong(result.group(1).replace(",", "")));
        assertEquals(expectedForecasts(EVENTS), Long.parseLong(result.group(2).replace(",", "")));
        assertTrue(result.group(0).matches(".* mean forecast [\\d.]+ ms overall; .*"), result.group(0));
    }

    @Test
    void replayWithoutForecastsMirrorsOnly() {
        Matcher result = run("--no-forecasts", "--heap-interval", "60s");

        assertEquals(EVENTS, Long.parseLong(result.group(1).replace(",", "")));
        assertEquals(0, Long.parseLong(result.group(2).replace(",", "")));
        assertFalse(result.group(0).contains("mean forecast"), result.group(0));
    }
}

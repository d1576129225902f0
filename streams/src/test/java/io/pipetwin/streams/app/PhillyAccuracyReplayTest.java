package io.pipetwin.streams.app;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.HeadOfLineSetting;
import io.pipetwin.streams.forecast.WorkloadSource;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.scoring.LiveScoring;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures the twin's live forecast accuracy on the Microsoft Philly trace ({@code philly_pollux/philly.csv}).
 * The CSV has submit times and durations but no start or finish times. So the replay runs it through an
 * emulated cluster (strict FIFO, first fit, 8-GPU nodes sized for about 70 % mean GPU utilisation) and
 * streams the emulated submissions, starts and finishes into the twin. The test logs the accuracy per
 * series and horizon step as a Markdown table.
 *
 * <p>The test runs only with {@code -Dpipetwin.accuracy.philly=true}, because the whole trace (82,247 jobs
 * over 109 days) takes long on 2 shared cores. {@code -Dpipetwin.accuracy.max-events=N} replays the first N
 * events only, and {@code -Dpipetwin.e2e.replications=N} sets the replications per forecast (default 10).
 * The twin forecasts with its default head-of-line setting, {@code auto}, which learns the emulated
 * cluster's strict FIFO from its queue starts; {@code -Dpipetwin.accuracy.head-of-line=strict} or
 * {@code backfill} fixes the rule instead, which separates the error of the scheduling assumption from the
 * rest.
 */
@EnabledIfSystemProperty(named = "pipetwin.accuracy.philly", matches = "true")
class PhillyAccuracyReplayTest {

    private static final String PLATFORM_ID = "philly-accuracy";

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServices() throws IOException {
        broker = EmbeddedKafkaBroker.builder().build().start();
        registry = new EmbeddedSchemaRegistry().start();
        broker.createTopics(Topics.ALL.toArray(String[]::new));
    }

    @AfterAll
    static void stopServices() {
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void phillyTraceAccuracyPublished() throws InterruptedException {
        String tracesDir = System.getProperty("pipetwin.traces.dir", "");
        Path trace = Path.of(tracesDir.isEmpty() ? "." : tracesDir, "philly_pollux", "philly.csv");
        assumeTrue(Files.isReadable(trace), "Philly trace not found at " + trace.toAbsolutePath()
                + "; set -Dpipetwin.traces.dir to the folder containing philly_pollux/ to run this test");
        // A scoring window longer than the trace makes the last record of each series and step the
        // aggregate over the whole replay.
        ForecastSettings settings = ForecastSettings.defaults()
                .withReplications(Integer.getInteger("pipetwin.e2e.replications", 10))
                .withScoringWindow(Duration.ofDays(400))
                .withHeadOfLine(HeadOfLineSetting.parse(System.getProperty("pipetwin.accuracy.head-of-line", "auto")))
                .withWorkloadSource(WorkloadSource.parse(System.getProperty("pipetwin.accuracy.workload",
                        ForecastSettings.DEFAULT_WORKLOAD_SOURCE.label())));
        TraceReplayConfig replay = new TraceReplayConfig().platformId(PLATFORM_ID).format("philly-csv")
                .input(trace).speed(0);
        long maxEvents = Long.getLong("pipetwin.accuracy.max-events", 0L);
        if (maxEvents > 0) {
            replay.maxEvents(maxEvents);
        }

        AccuracyRun.Result result = AccuracyRun.run(broker, registry.url(), replay, null, settings,
                dir.resolve("state"), TwinApplication::create);
        AccuracyRun.log(PLATFORM_ID, result.latest());
        String queue = LiveScoring.queueSeries("all");
        String gpu = LiveScoring.utilisationSeries("all", "GPU");
        AccuracyRun.logTable(result.latest(), List.of(queue, gpu));

        assertEquals(0, result.counters().count(MirrorCounter.FORECASTS_FAILED), "forecasts failed");
        int steps = (int) (settings.horizon().toSeconds() / settings.step().toSeconds());
        for (String series : List.of(queue, gpu)) {
            Map<Integer, ForecastAccuracy> bySteps = result.series(series);
            assertEquals(steps, bySteps.size(), series + ": steps with an accuracy record");
            for (ForecastAccuracy step : bySteps.values()) {
                assertTrue(step.getCount() > 0, series + " step " + (step.getStep() + 1) + ": no scored forecast");
            }
        }
    }
}

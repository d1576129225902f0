package io.pipetwin.streams.app;

import io.pipetwin.core.forecast.Forecaster;
import io.pipetwin.core.scheduling.FifoQueueing;
import io.pipetwin.core.scheduling.FirstFit;
import io.pipetwin.core.scheduling.HeadOfLineRule;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.ModelMetricsForecast;
import io.pipetwin.schemas.avro.PipelinesForecast;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.forecast.LiveOptions;
import io.pipetwin.streams.topology.RateLimitedRejectionLog;
import io.pipetwin.streams.forecast.ForecastSettings;
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
 * <p>The first 20,000 events (55 days of the trace) took about 11 minutes on 2 shared cores, and the whole
 * trace (82,247 jobs over 109 days) would take hours, so the test runs only with
 * {@code -Dpipetwin.accuracy.philly=true}. {@code -Dpipetwin.accuracy.max-events=N}
 * replays the first N events only, and {@code -Dpipetwin.e2e.replications=N} sets the replications per
 * forecast (default 10). The twin forecasts with its default forecaster (FIFO with backfill, first fit);
 * {@code -Dpipetwin.accuracy.head-of-line=strict} makes it forecast with strict FIFO instead, the rule of the
 * emulated cluster, which separates the error of the scheduling assumption from the rest.
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

    /** Creates the twin with every output, as {@link TwinApplication#create(TwinConfig)} does, but strict FIFO. */
    private static TwinApplication strictFifoTwin(TwinConfig config) {
        Forecaster forecaster = new Forecaster(FifoQueueing::new, FirstFit::new, HeadOfLineRule.STRICT);
        Map<String, Object> serdeConfig = config.serdeConfig();
        LiveOptions live = LiveOptions.all(
                PipeTwinSerdes.forRecord(ForecastAccuracy.class, serdeConfig, false).serializer(),
                PipeTwinSerdes.forRecord(PipelinesForecast.class, serdeConfig, false).serializer(),
                PipeTwinSerdes.forRecord(ModelMetricsForecast.class, serdeConfig, false).serializer());
        return new TwinApplication(config, forecaster::forecast, PipeTwinSerdes.platformEvent(serdeConfig),
                PipeTwinSerdes.queueForecast(serdeConfig), PipeTwinSerdes.resourceForecast(serdeConfig),
                new RateLimitedRejectionLog(10_000), TwinMetrics.NONE, live);
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
                .withWorkloadSource(WorkloadSource.parse(System.getProperty("pipetwin.accuracy.workload",
                        ForecastSettings.DEFAULT_WORKLOAD_SOURCE.label())));
        TraceReplayConfig replay = new TraceReplayConfig().platformId(PLATFORM_ID).format("philly-csv")
                .input(trace).speed(0);
        long maxEvents = Long.getLong("pipetwin.accuracy.max-events", 0L);
        if (maxEvents > 0) {
            replay.maxEvents(maxEvents);
        }

        boolean strict = "strict".equals(System.getProperty("pipetwin.accuracy.head-of-line", "default"));
        AccuracyRun.Result result = AccuracyRun.run(broker, registry.url(), replay, null, settings,
                dir.resolve("state"), strict ? PhillyAccuracyReplayTest::strictFifoTwin : TwinApplication::create);
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

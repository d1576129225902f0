package io.pipetwin.streams.app;

import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.synthetic.SyntheticPlatform;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.WorkloadSource;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.scoring.LiveScoring;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scores the twin's forecasts of a platform whose workload is known to be stationary. The platform is the
 * twin-core simulation of a fixed 24-node cluster (the synthetic platform) under Poisson arrivals of
 * single-task training pipelines at a constant rate, with the lognormal duration model, FIFO with backfill
 * and first fit. Its events go through a real embedded broker and schema registry into the twin with its
 * default forecaster, and the accuracy records the twin publishes are read back.
 *
 * <p>Workload size: 72 hours of event time, about 4,900 pipelines and 19,000 events. The first
 * {@value #WARM_UP_HOURS} hours are left out of the scoring window, because the cluster starts empty and the
 * twin's online model has seen no duration then; the window of 64 hours contains 64 × 12 = 768 scored
 * forecasts per horizon step. Forecasts made 5 minutes apart overlap, and queue and utilisation move on the
 * scale of a training task's duration (median about 30 minutes, mean about an hour), so the effectively
 * independent samples are far fewer: with about one per hour, 64, the standard error of an 80 % coverage is
 * about 5 points, and 60–95 % lies three to four standard errors from the nominal value on either side.
 * Twice the run halves the variance but doubles the run time, which the forecasts dominate (one per 5
 * minutes of event time, 50 replications each); this size takes about 2 minutes on 2 shared cores.
 *
 * <p>A second test runs the same platform with the built-in profile's five pipeline types (DAGs of 1 to 5
 * tasks, about 3,500 pipelines and 41,000 events). It checks that the forecast's pipeline arrivals and
 * the mirror's eviction rule handle successors: successors must neither count twice nor be evicted while
 * their predecessors wait, which would reject their later events. Its twin run took 1.2 times as long as
 * the single-task one when both ran on the same shared machine.
 */
class ForecastCoverageEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastCoverageEndToEndTest.class);

    private static final String PLATFORM_ID = "stationary-coverage";
    private static final Instant START = Instant.parse("2023-01-02T00:00:00Z");
    private static final Duration RUN = Duration.ofHours(72);
    private static final long WARM_UP_HOURS = 8;
    private static final long SEED = 11;
    /** Offered load of the busiest resource, high enough that a GPU queue forms at most boundaries. */
    private static final double TARGET_UTILISATION = 0.85;

    /** Accepted p10–p90 coverage: the nominal 80 % give or take the sampling error estimated on the class. */
    private static final double MIN_COVERAGE = 0.60;
    private static final double MAX_COVERAGE = 0.95;

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

    /**
     * Returns the built-in profile reduced to a stationary Poisson workload: the same rate in every hour of
     * the week, no bursts, and one pipeline type with a single training task.
     */
    static WorkloadProfile stationaryProfile() {
        WorkloadProfile base = WorkloadProfileLoader.loadDefault();
        double[] rates = new double[WorkloadProfile.HOURS_PER_WEEK];
        // The synthetic platform rescales every rate to the target utilisation; only the flat shape matters.
        Arrays.fill(rates, 10.0);
        WorkloadProfile.PipelineTemplate trainOnly = base.pipelineTypes().stream()
                .filter(template -> template.tasks().size() == 1 && template.tasks().get(0).type().equals("train"))
                .findFirst().orElseThrow(() -> new IllegalStateException("the default profile has no train-only"
                        + " pipeline type; give the stationary profile a single-task train template"));
        return new WorkloadProfile(base.version(), "stationary", "Poisson arrivals at a constant rate of"
                + " single-task training pipelines", new WorkloadProfile.ArrivalProfile(rates, null), base.tenants(),
                base.priorities(), base.modelsPerTenant(), List.of(trainOnly),
                Map.of("train", base.taskResources().get("train")));
    }

    /**
     * Returns the built-in profile's five pipeline types (DAGs of 1 to 5 tasks, with their task resources)
     * under the same stationary Poisson arrivals as {@link #stationaryProfile()}.
     */
    static WorkloadProfile stationaryMultiTaskProfile() {
        WorkloadProfile base = WorkloadProfileLoader.loadDefault();
        double[] rates = new double[WorkloadProfile.HOURS_PER_WEEK];
        Arrays.fill(rates, 10.0);
        return new WorkloadProfile(base.version(), "stationary-dags", "Poisson arrivals at a constant rate of"
                + " the default profile's pipeline types", new WorkloadProfile.ArrivalProfile(rates, null),
                base.tenants(), base.priorities(), base.modelsPerTenant(), base.pipelineTypes(),
                base.taskResources());
    }

    @Test
    void stationaryWorkloadIntervalsCoverNominally() throws InterruptedException {
        runAndCheck(PLATFORM_ID, stationaryProfile());
    }

    @Test
    void multiTaskPipelineIntervalsCoverNominally() throws InterruptedException {
        runAndCheck(PLATFORM_ID + "-dags", stationaryMultiTaskProfile());
    }

    /** Replays the stationary platform with {@code profile} through the twin and checks the accuracy records. */
    private void runAndCheck(String platformId, WorkloadProfile profile) throws InterruptedException {
        SyntheticPlatform platform = SyntheticPlatform.builder()
                .platformId(platformId)
                .profile(profile)
                .seed(SEED)
                .targetUtilisation(TARGET_UTILISATION)
                .startTime(START)
                .build();
        ForecastSettings settings = ForecastSettings.defaults()
                .withScoringWindow(RUN.minusHours(WARM_UP_HOURS))
                .withWorkloadSource(WorkloadSource.parse(System.getProperty("pipetwin.accuracy.workload",
                        ForecastSettings.DEFAULT_WORKLOAD_SOURCE.label())));
        TraceReplayConfig replay = new TraceReplayConfig().platformId(platformId).startTime(START).speed(0);

        long startNanos = System.nanoTime();
        AccuracyRun.Result result = AccuracyRun.run(broker, registry.url(), replay,
                until(platform, START.plus(RUN).toEpochMilli()), settings, dir.resolve("state"),
                TwinApplication::create);
        LOG.info("Stationary platform {}: {} pipelines at {} per hour on {} nodes, {} events, twin run in {} s",
                platformId, platform.pipelinesSubmitted(), platform.scaledArrivalRatePerHour(), platform.nodes().size(),
                result.replay().eventsSent(), (System.nanoTime() - startNanos) / 1_000_000_000);
        AccuracyRun.log(platformId, result.latest());
        List<String> scoredSeries = List.of(LiveScoring.queueSeries("all"), LiveScoring.queueSeries("gpu"),
                LiveScoring.utilisationSeries("all", "GPU"), LiveScoring.utilisationSeries("all", "CPU"));
        AccuracyRun.logTable(result.latest(), scoredSeries);
        LOG.info("Platform {}: {} events rejected, {} tasks evicted", platformId,
                result.counters().count(MirrorCounter.EVENTS_REJECTED), result.counters().count(MirrorCounter.TASKS_EVICTED));

        assertEquals(0, result.counters().count(MirrorCounter.EVENTS_REJECTED), "events rejected");
        assertEquals(0, result.counters().count(MirrorCounter.FORECASTS_FAILED), "forecasts failed");
        int steps = (int) (settings.horizon().toSeconds() / settings.step().toSeconds());
        // The window covers the step times in the last scoring window of event time, one per forecast interval.
        long expectedCount = settings.scoringWindow().toMinutes() / settings.interval().toMinutes();
        for (String series : scoredSeries) {
            Map<Integer, ForecastAccuracy> bySteps = result.series(series);
            assertEquals(steps, bySteps.size(), series + ": steps with an accuracy record");
            long scored = 0;
            long covered = 0;
            long nonZero = 0;
            for (ForecastAccuracy step : bySteps.values()) {
                assertTrue(Math.abs(step.getCount() - expectedCount) <= 1, series + " step " + (step.getStep() + 1)
                        + ": " + step.getCount() + " scored forecasts, expected " + expectedCount + " ± 1");
                scored += step.getCount();
                covered += Math.round(step.getIntervalCoverage() * step.getCount());
                nonZero += step.getPercentageCount();
            }
            double coverage = (double) covered / scored;
            LOG.info("{}: p10-p90 coverage {} over {} scored steps, {} with a non-zero actual", series, coverage,
                    scored, nonZero);
            // An empty queue forecast as 0 and realised as 0 is always covered. So the coverage means
            // something only when queues form, and most scored steps must have one.
            assertTrue(nonZero > scored / 2, series + ": only " + nonZero + " of " + scored
                    + " scored steps had a non-zero actual; raise the target utilisation so queues form");
            assertTrue(coverage >= MIN_COVERAGE, series + ": p10-p90 coverage " + coverage
                    + " over all horizon steps is below " + MIN_COVERAGE + ", so the intervals are too narrow");
            assertTrue(coverage <= MAX_COVERAGE, series + ": p10-p90 coverage " + coverage
                    + " over all horizon steps is above " + MAX_COVERAGE + ", so the intervals are too wide");
        }
    }

    /** Returns the platform's events up to {@code endMillis} of event time. */
    private static Iterator<PlatformEvent> until(SyntheticPlatform platform, long endMillis) {
        return new Iterator<>() {
            private PlatformEvent next;

            @Override
            public boolean hasNext() {
                if (next == null && platform.hasNext()) {
                    PlatformEvent candidate = platform.next();
                    if (candidate.getEventTime().toEpochMilli() < endMillis) {
                        next = candidate;
                    } else {
                        platform.stop();
                    }
                }
                return next != null;
            }

            @Override
            public PlatformEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stationary platform ended at " + Instant.ofEpochMilli(endMillis));
                }
                PlatformEvent event = next;
                next = null;
                return event;
            }
        };
    }
}

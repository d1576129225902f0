package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.online.OnlineModelParameters;
import io.pipetwin.core.forecast.online.OnlineModelSettings;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.core.workload.WorkloadProfileLoader;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.ForecastAccuracy;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.serde.AvroSerde;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.Events;
import io.pipetwin.streams.RecordingForecaster;
import io.pipetwin.streams.mirror.MirrorLimits;
import io.pipetwin.streams.topology.RateLimitedRejectionLog;
import io.pipetwin.streams.topology.TwinTopology;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static io.pipetwin.streams.Events.node;
import static io.pipetwin.streams.Events.pipeline;
import static io.pipetwin.streams.Events.queued;
import static io.pipetwin.streams.Events.request;
import static io.pipetwin.streams.Events.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A twin given a workload profile starts each platform's online workload model from the profile's
 * hour-of-week rates, and the parameters read from the queryable store {@value OnlineCalibration#STORE}
 * show it: the profile's rates before the first arrival, and the rate shrunk toward the profile after one.
 */
class OnlineCalibrationProfileTest {

    private static final long MINUTE = 60_000;
    /** Wednesday 2023-01-04 10:00 UTC: hour of the week 2 · 24 + 10 = 58, counted from Monday 00:00 UTC. */
    private static final long T0 = Instant.parse("2023-01-04T10:00:00Z").toEpochMilli();
    private static final int HOUR_OF_WEEK = 58;

    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startRegistry() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static WorkloadProfile alibabaProfile() throws IOException {
        try (InputStream json = OnlineCalibrationProfileTest.class.getResourceAsStream("/profiles/alibaba-gpu-2023.json")) {
            assertNotNull(json, "built-in profile profiles/alibaba-gpu-2023.json is not on the class path");
            return WorkloadProfileLoader.parse(new String(json.readAllBytes(), StandardCharsets.UTF_8),
                    "profiles/alibaba-gpu-2023.json");
        }
    }

    @Test
    void profileSeedsTheQueryableModel() throws IOException {
        WorkloadProfile profile = alibabaProfile();
        double[] prior = profile.arrivals().hourOfWeekRatesPerHour();
        Map<String, String> serdeConfig = Map.of("schema.registry.url", registry.url());
        AvroSerde<PlatformEvent> eventSerde = PipeTwinSerdes.platformEvent(serdeConfig);
        AvroSerde<QueueForecast> queueSerde = PipeTwinSerdes.queueForecast(serdeConfig);
        AvroSerde<ResourceForecast> resourceSerde = PipeTwinSerdes.resourceForecast(serdeConfig);
        AvroSerde<ForecastAccuracy> accuracySerde = PipeTwinSerdes.forRecord(ForecastAccuracy.class, serdeConfig, false);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-seed-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Events events = new Events("p1");

        try (TopologyTestDriver driver = new TopologyTestDriver(TwinTopology.build(ForecastSettings.defaults(),
                MirrorLimits.defaults(), new RecordingForecaster(), new RateLimitedRejectionLog(10_000),
                eventSerde.deserializer(), queueSerde.serializer(), resourceSerde.serializer(),
                LiveOptions.withAccuracy(accuracySerde.serializer()).withProfile(profile)), properties)) {
            TestInputTopic<String, PlatformEvent> input = driver.createInputTopic(Topics.PLATFORM_EVENTS,
                    new StringSerializer(), eventSerde.serializer());
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(OnlineCalibration.STORE);

            // The node creates the platform's model. The pipeline at 6 minutes crosses the 5-minute boundary,
            // so the model is written there, with its clock at 5 minutes and nothing observed. The pipeline's
            // submission is the platform's first arrival.
            input.pipeInput("p1", events.event(T0 + MINUTE, node("cpu-node", 16_000, 65_536, 0, null)));
            input.pipeInput("p1", events.event(T0 + 6 * MINUTE, pipeline("pipe-1",
                    task("t1", "preprocess", request(1_000, 1_024, 0, 0)))));
            OnlineModelParameters seeded = OnlineCalibration.decodeParameters(store.get("p1"));
            assertEquals(0, seeded.arrivalsObserved());
            // With no arrival and no exposure, rate_h = (0 + w · p_h) / (0 + w) = p_h for every hour.
            assertArrayEquals(prior, seeded.ratesPerHour(), 1e-12);

            // The task queued at 7 minutes is not an arrival of its own. The node at 11 minutes crosses the
            // 10-minute boundary, where the model takes in the arrival at 6 minutes.
            input.pipeInput("p1", events.event(T0 + 7 * MINUTE, queued("pipe-1", "t1")));
            input.pipeInput("p1", events.event(T0 + 11 * MINUTE, node("cpu-node-2", 16_000, 65_536, 0, null)));
            OnlineModelParameters updated = OnlineCalibration.decodeParameters(store.get("p1"));

            // Hour 58 saw 1 minute of exposure before the arrival and 4 after it. Both the count 1 and that
            // minute age by 4 minutes: c = f and e = f / 60 + 1 / 15 hours, with f = exp(−ln 2 · 240 s / half-life).
            double halfLifeSeconds = OnlineModelSettings.DEFAULTS.rateHalfLifeHours() * 3600;
            double priorWeightHours = OnlineModelSettings.DEFAULTS.priorWeightHours();
            double f = Math.exp(-Math.log(2) * 240 / halfLifeSeconds);
            double[] expected = prior.clone();
            expected[HOUR_OF_WEEK] = (f + priorWeightHours * prior[HOUR_OF_WEEK])
                    / (f / 60 + 1.0 / 15 + priorWeightHours);
            assertEquals(1, updated.arrivalsObserved());
            assertEquals((T0 + 10 * MINUTE) / 1000.0, updated.clockSeconds(), 1e-9);
            assertArrayEquals(expected, updated.ratesPerHour(), 1e-9);
            assertNotEquals(prior[HOUR_OF_WEEK], updated.ratesPerHour()[HOUR_OF_WEEK]);
        }
    }
}

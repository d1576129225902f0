package io.pipetwin.streams.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.embedded.EmbeddedKafkaBroker;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.config.KafkaClientProperties;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs replay, twin and a forecast reader against a broker that accepts only TLS, with the client
 * settings read from a properties file by {@link KafkaClientProperties}. The forecasts must equal an
 * uninterrupted in-process run, and no log line of the run, Kafka's client configuration dumps
 * included, may contain the truststore password.
 */
class TwinTlsTest {

    private static final String PLATFORM = "tls-platform";

    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServices() throws IOException {
        broker = EmbeddedKafkaBroker.builder().tls(true).build().start();
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
    void replayTwinAndForecastsOverTlsWithoutLoggingTheSecret() throws Exception {
        Map<String, String> brokerClient = broker.clientProperties();
        assertEquals("SSL", brokerClient.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG));
        String password = brokerClient.get(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        assertNotNull(password);
        Path clientFile = dir.resolve("client.properties");
        Properties file = new Properties();
        file.putAll(brokerClient);
        try (Writer writer = Files.newBufferedWriter(clientFile)) {
            file.store(writer, "TLS client settings of the test broker");
        }
        KafkaClientProperties client = KafkaClientProperties.load(clientFile, Map.of(), Map.of());

        Path traceDir = dir.resolve("trace");
        List<PlatformEvent> events = SyntheticEvents.generate(traceDir, PLATFORM, 150, 31);
        AlibabaGpu2023Trace trace = AlibabaGpu2023Trace.inDirectory(traceDir);
        ForecastSettings settings = ForecastSettings.defaults().withReplications(10);
        TwinRuns.Output expected = TwinRuns.reference(events, settings, registry.url(), dir.resolve("reference-state"));

        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger kafka = logging.getLogger("org.apache.kafka");
        Level kafkaLevel = kafka.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(logging);
        captured.start();
        root.addAppender(captured);
        // Kafka logs every client's full configuration at INFO; the test reads those lines too.
        kafka.setLevel(Level.INFO);
        try {
            TwinConfig config = TwinConfig.of(broker.bootstrapServers(), registry.url())
                    .withApplicationId("tls-twin").withStateDir(dir.resolve("twin-state")).withForecast(settings)
                    .withClientProperties(client.asMap());
            try (TwinApplication twin = TwinApplication.create(config);
                 TwinRuns.CommittedForecasts committed = new TwinRuns.CommittedForecasts(broker.bootstrapServers(),
                         client.asMap(), registry.url())) {
                twin.start();
                new TraceReplayer(new TraceReplayConfig()
                        .bootstrapServers(broker.bootstrapServers())
                        .schemaRegistryUrl(registry.url())
                        .clientProperties(client)
                        .topic(Topics.PLATFORM_EVENTS)
                        .platformId(PLATFORM)
                        .podListFile(trace.podList())
                        .nodeListFile(trace.nodeList())
                        .progressBar(false)).run();
                committed.pollUntil(expected.size(), Duration.ofMinutes(5));
                TwinRuns.assertSameOutput(expected, committed.output);
                LoggerFactory.getLogger(TwinTlsTest.class).info("Twin configuration: {}", config);
            }
        } finally {
            kafka.setLevel(kafkaLevel);
            root.detachAppender(captured);
            captured.stop();
        }

        List<ILoggingEvent> lines = List.copyOf(captured.list);
        assertTrue(lines.size() > 20, "only " + lines.size() + " log lines were captured");
        assertTrue(lines.stream().anyMatch(line -> line.getFormattedMessage().contains(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG)),
                "no captured line names the truststore password setting, so the check below would prove nothing");
        for (ILoggingEvent line : lines) {
            String text = line.getFormattedMessage()
                    + (line.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(line.getThrowableProxy()));
            assertFalse(text.contains(password), "a log line of " + line.getLoggerName() + " contains the password");
        }
    }
}

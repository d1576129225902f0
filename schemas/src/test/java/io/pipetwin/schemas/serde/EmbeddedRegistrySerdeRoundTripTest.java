package io.pipetwin.schemas.serde;

import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The round-trip suite against {@link EmbeddedSchemaRegistry}, with PipeTwin's real topic names. */
class EmbeddedRegistrySerdeRoundTripTest extends SerdeRoundTripSuite {

    private EmbeddedSchemaRegistry registry;

    @BeforeAll
    void startRegistry() throws IOException {
        registry = new EmbeddedSchemaRegistry().start();
    }

    @AfterAll
    void stopRegistry() {
        registry.close();
    }

    @Override
    String registryUrl() {
        return registry.url();
    }

    @Override
    String platformEventsTopic() {
        return Topics.PLATFORM_EVENTS;
    }

    @Override
    String forecastTopic() {
        return Topics.FORECAST_QUEUE;
    }
}

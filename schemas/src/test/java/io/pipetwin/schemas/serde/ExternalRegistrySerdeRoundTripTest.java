package io.pipetwin.schemas.serde;

import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The round-trip suite against an external Confluent-compatible registry named by the environment
 * variable {@code SCHEMA_REGISTRY_URL}; skipped when it is unset. Topic names get a random suffix,
 * so the run adds new subjects and leaves existing ones alone.
 */
@EnabledIfEnvironmentVariable(named = "SCHEMA_REGISTRY_URL", matches = ".*\\S.*",
        disabledReason = "SCHEMA_REGISTRY_URL is not set; set it to the URL of a Confluent-compatible schema "
                + "registry to run the serde round-trip suite against it")
class ExternalRegistrySerdeRoundTripTest extends SerdeRoundTripSuite {

    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    @Override
    String registryUrl() {
        return System.getenv("SCHEMA_REGISTRY_URL");
    }

    @Override
    String platformEventsTopic() {
        return "pipetwin-test-" + runId + ".platform-events";
    }

    @Override
    String forecastTopic() {
        return "pipetwin-test-" + runId + ".forecast.queue";
    }
}

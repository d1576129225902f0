package io.pipetwin.schemas.serde;

import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Configured {@link AvroSerde}s for PipeTwin's record types. The config map takes the keys of
 * {@link AvroSerdeConfig} and {@link io.pipetwin.schemas.registry.SchemaRegistryClientConfig};
 * {@code schema.registry.url} is required unless a client is passed.
 */
public final class PipeTwinSerdes {

    private PipeTwinSerdes() {
    }

    /** Value serde of {@code pipetwin.platform-events}. */
    public static AvroSerde<PlatformEvent> platformEvent(Map<String, ?> config) {
        return forRecord(PlatformEvent.class, config, false);
    }

    /** Value serde of {@code pipetwin.forecast.queue}. */
    public static AvroSerde<QueueForecast> queueForecast(Map<String, ?> config) {
        return forRecord(QueueForecast.class, config, false);
    }

    /** Value serde of {@code pipetwin.forecast.resources}. */
    public static AvroSerde<ResourceForecast> resourceForecast(Map<String, ?> config) {
        return forRecord(ResourceForecast.class, config, false);
    }

    /** Serde of any generated record type, for keys ({@code <topic>-key}) or values ({@code <topic>-value}). */
    public static <T extends SpecificRecord> AvroSerde<T> forRecord(Class<T> type, Map<String, ?> config,
                                                                    boolean isKey) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(config, isKey);
        return serde;
    }

    /** Like {@link #forRecord(Class, Map, boolean)}, sharing an existing client and its caches. */
    public static <T extends SpecificRecord> AvroSerde<T> forRecord(Class<T> type, SchemaRegistryClient client,
                                                                    Map<String, ?> config, boolean isKey) {
        AvroSerde<T> serde = new AvroSerde<>(type, client);
        serde.configure(config, isKey);
        return serde;
    }
}

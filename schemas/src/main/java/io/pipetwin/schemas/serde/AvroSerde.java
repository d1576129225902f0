package io.pipetwin.schemas.serde;

import io.pipetwin.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Kafka {@link Serde} of one generated Avro record type in the Confluent wire format. The
 * serializer and deserializer share one {@link SchemaRegistryClient}, and with it its caches.
 * {@link #configure} must run before use; {@link PipeTwinSerdes} returns configured instances.
 */
public class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;
    private SchemaRegistryClient client;

    /** Serde whose {@link #configure} builds a registry client from the config map. */
    public AvroSerde(Class<T> type) {
        this(type, null);
    }

    /** Serde that uses the given registry client; {@link #configure} still reads the serde settings. */
    public AvroSerde(Class<T> type, SchemaRegistryClient client) {
        this.type = Objects.requireNonNull(type, "type");
        this.client = client;
        this.serializer = new AvroSerializer<>(client);
        this.deserializer = new AvroDeserializer<>(type, client);
    }

    /** Returns the record class this serde reads and writes. */
    public Class<T> type() {
        return type;
    }

    @Override
    public void configure(Map<String, ?> config, boolean isKey) {
        if (client == null) {
            client = new SchemaRegistryClient(AvroSerdeConfig.registryConfig(config));
            serializer.useClient(client);
            deserializer.useClient(client);
        }
        serializer.configure(config, isKey);
        deserializer.configure(config, isKey);
    }

    @Override
    public AvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public AvroDeserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}

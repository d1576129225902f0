package io.pipetwin.schemas.serde;

import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka deserializer of Avro {@link SpecificRecord}s in the Confluent wire format (see
 * {@link WireFormat}). The writer schema comes from the registry by the id in the header, and Avro
 * schema resolution turns the bytes into the reader type, so records written with an older or
 * newer compatible schema decode. Each schema id costs one registry request, only the first time it
 * is seen. A writer schema that cannot be resolved against the reader schema is remembered too, so
 * later records with that id fail without a request.
 *
 * <p>Failures are {@link AvroSerdeException}s: {@link NotWireFormatException},
 * {@link UnknownSchemaIdException}, {@link UndecodableRecordException} and, when the registry
 * cannot be reached, {@link SchemaRegistryFailureException}. A null payload (a tombstone) returns
 * null. Instances are thread-safe once configured.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroDeserializer.class);
    private static final ThreadLocal<BinaryDecoder[]> DECODERS = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

    private final Class<T> readerType;
    private final Map<Integer, ReadPlan<T>> plansById = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean configured;

    /**
     * Deserializer that reads each record as the generated class named by its writer schema. For
     * Kafka's class-name configuration ({@code value.deserializer}); prefer a typed constructor.
     */
    public AvroDeserializer() {
        this(null, null);
    }

    /** Deserializer that reads every record as {@code readerType}, with a client built at {@link #configure}. */
    public AvroDeserializer(Class<T> readerType) {
        this(readerType, null);
    }

    /** Deserializer that reads every record as {@code readerType}, with the given client. */
    public AvroDeserializer(Class<T> readerType, SchemaRegistryClient client) {
        this.readerType = readerType;
        this.client = client;
    }

    /** Ready-to-use deserializer with a shared client. */
    public AvroDeserializer(Class<T> readerType, SchemaRegistryClient client, Map<String, ?> config, boolean isKey) {
        this(readerType, client);
        configure(config, isKey);
    }

    /** Sets the registry client before {@link #configure}, so a serde can share one client. */
    void useClient(SchemaRegistryClient sharedClient) {
        this.client = sharedClient;
    }

    @Override
    public void configure(Map<String, ?> config, boolean isKey) {
        if (client == null) {
            client = new SchemaRegistryClient(AvroSerdeConfig.registryConfig(config));
        }
        plansById.clear();
        configured = true;
    }

    @Override
    public T deserialize(String topic, byte[] payload) {
        if (payload == null) {
            return null;
        }
        if (!configured) {
            throw new IllegalStateException("AvroDeserializer is not configured; call configure(config, isKey) first");
        }
        checkHeader(topic, payload);

        int schemaId = WireFormat.readSchemaId(payload);
        ReadPlan<T> plan = planFor(topic, schemaId);
        if (plan.failure != null) {
            throw new UndecodableRecordException("Cannot decode " + AvroSerdeException.describeTopic(topic)
                    + " with schema id " + schemaId + ": " + plan.failure, topic, schemaId, null);
        }
        return decode(topic, schemaId, plan, payload);
    }

    @Override
    public void close() {
        plansById.clear();
    }

    private static void checkHeader(String topic, byte[] payload) {
        String suffix = "; the producer must write the Confluent wire format (byte 0 = 0, a 4-byte schema id, "
                + "then Avro binary), for example with this module's AvroSerializer";
        if (payload.length == 0) {
            throw new NotWireFormatException("Cannot decode " + AvroSerdeException.describeTopic(topic)
                    + ": the payload is empty" + suffix, topic, null, null);
        }
        if (payload[0] != WireFormat.MAGIC_BYTE) {
            throw new NotWireFormatException("Cannot decode " + AvroSerdeException.describeTopic(topic)
                    + ": first byte is " + String.format("0x%02x", payload[0] & 0xff) + ", not the magic byte 0x00"
                    + suffix, topic, null, null);
        }
        if (payload.length < WireFormat.HEADER_SIZE) {
            throw new NotWireFormatException("Cannot decode " + AvroSerdeException.describeTopic(topic)
                    + ": the payload has " + payload.length + " bytes, fewer than the " + WireFormat.HEADER_SIZE
                    + "-byte header" + suffix, topic, null, null);
        }
    }

    private T decode(String topic, int schemaId, ReadPlan<T> plan, byte[] payload) {
        BinaryDecoder[] reusable = DECODERS.get();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, WireFormat.HEADER_SIZE,
                payload.length - WireFormat.HEADER_SIZE, reusable[0]);
        reusable[0] = decoder;

        T record;
        boolean atEnd;
        try {
            record = plan.reader.read(null, decoder);
            atEnd = decoder.isEnd();
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException("Cannot decode " + AvroSerdeException.describeTopic(topic)
                    + " with writer schema id " + schemaId + " (" + plan.writerName + "): " + e
                    + "; the Avro body is truncated or was not written with that schema", topic, schemaId, e);
        }
        if (!atEnd) {
            throw new UndecodableRecordException("Cannot decode " + AvroSerdeException.describeTopic(topic)
                    + " with writer schema id " + schemaId + " (" + plan.writerName + "): bytes are left after "
                    + "the record; the Avro body was not written with that schema", topic, schemaId, null);
        }
        return record;
    }

    private ReadPlan<T> planFor(String topic, int schemaId) {
        ReadPlan<T> plan = plansById.get(schemaId);
        if (plan != null) {
            return plan;
        }

        Schema writerSchema = fetchWriterSchema(topic, schemaId);
        plan = newPlan(writerSchema);
        if (plan.failure != null) {
            LOG.warn("Records with schema id {} cannot be read: {}", schemaId, plan.failure);
        }
        ReadPlan<T> previous = plansById.putIfAbsent(schemaId, plan);
        return previous != null ? previous : plan;
    }

    // NOTE: an unknown schema id is not cached, so every record with such an id costs one registry request.
    private Schema fetchWriterSchema(String topic, int schemaId) {
        try {
            return client.getById(schemaId);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new UnknownSchemaIdException("Cannot decode " + AvroSerdeException.describeTopic(topic)
                        + ": schema id " + schemaId + " is not in the schema registry at "
                        + client.config().baseUrls() + "; the producer used another registry, or the schema was "
                        + "deleted permanently", topic, schemaId, e);
            }
            throw new SchemaRegistryFailureException("Cannot decode " + AvroSerdeException.describeTopic(topic)
                    + ": fetching schema id " + schemaId + " failed: " + e.getMessage(), topic, schemaId, e);
        }
    }

    @SuppressWarnings("unchecked")
    private ReadPlan<T> newPlan(Schema writerSchema) {
        Class<T> type = readerType;
        if (type == null) {
            type = (Class<T>) SpecificData.get().getClass(writerSchema);
            if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
                return ReadPlan.failed(writerSchema, "no generated SpecificRecord class named "
                        + writerSchema.getFullName() + " is on the classpath; construct the deserializer with "
                        + "the reader class");
            }
        }

        SpecificData model = SpecificData.getForClass(type);
        Schema readerSchema = model.getSchema(type);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return ReadPlan.failed(writerSchema, "writer schema " + writerSchema.getFullName()
                    + " cannot be resolved against reader schema " + readerSchema.getFullName() + ": "
                    + SchemaResolution.describe(compatibility));
        }
        return new ReadPlan<>(writerSchema.getFullName(),
                new SpecificDatumReader<>(writerSchema, readerSchema, model), null);
    }

    /** Datum reader for one writer schema id, or the reason none can exist. */
    private static final class ReadPlan<T> {
        final String writerName;
        final SpecificDatumReader<T> reader;
        final String failure;

        ReadPlan(String writerName, SpecificDatumReader<T> reader, String failure) {
            this.writerName = writerName;
            this.reader = reader;
            this.failure = failure;
        }

        static <T> ReadPlan<T> failed(Schema writerSchema, String failure) {
            return new ReadPlan<>(writerSchema.getFullName(), null, failure);
        }
    }
}

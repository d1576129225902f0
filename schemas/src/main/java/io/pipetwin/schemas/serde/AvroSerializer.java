package io.pipetwin.schemas.serde;

import io.pipetwin.schemas.registry.RegisteredSchema;
import io.pipetwin.schemas.registry.SchemaRegistryClient;
import io.pipetwin.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka serializer that writes Avro {@link SpecificRecord}s in the Confluent wire format (see
 * {@link WireFormat}) under the subject {@code <topic>-value} or {@code <topic>-key}.
 *
 * <p>The schema id of each (subject, record schema) pair is resolved once, by registering the
 * record's schema ({@code auto.register.schemas=true}, the default), by looking it up, or by taking
 * the subject's latest version ({@code use.latest.version=true} with auto-registration off); later
 * records of the same schema make no registry request. Instances are thread-safe once configured.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroSerializer.class);
    private static final int INITIAL_BUFFER_BYTES = 512;
    private static final ThreadLocal<EncodingBuffer> BUFFERS = ThreadLocal.withInitial(EncodingBuffer::new);

    private final Map<String, Map<Schema, WritePlan>> plansBySubject = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean isKey;
    private boolean autoRegisterSchemas = true;
    private boolean useLatestVersion;
    private boolean configured;

    /** Serializer that {@link #configure} connects to the registry named in its config. */
    public AvroSerializer() {
    }

    /** Serializer that uses the given client; {@link #configure} still reads the serde settings. */
    public AvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    /** Ready-to-use serializer with a shared client. */
    public AvroSerializer(SchemaRegistryClient client, Map<String, ?> config, boolean isKey) {
        this.client = client;
        configure(config, isKey);
    }

    /** Sets the registry client before {@link #configure}, so a serde can share one client. */
    void useClient(SchemaRegistryClient sharedClient) {
        this.client = sharedClient;
    }

    @Override
    public void configure(Map<String, ?> config, boolean isKey) {
        AvroSerdeConfig settings = AvroSerdeConfig.fromMap(config);
        if (client == null) {
            client = new SchemaRegistryClient(AvroSerdeConfig.registryConfig(config));
        }
        this.isKey = isKey;
        this.autoRegisterSchemas = settings.autoRegisterSchemas();
        this.useLatestVersion = settings.useLatestVersion();
        if (useLatestVersion && autoRegisterSchemas) {
            LOG.warn("{}=true has no effect while {}=true; set {}=false to serialize with the latest version",
                    AvroSerdeConfig.USE_LATEST_VERSION, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
                    AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
        }
        plansBySubject.clear();
        configured = true;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (!configured) {
            throw new IllegalStateException("AvroSerializer is not configured; call configure(config, isKey) first");
        }
        if (topic == null) {
            throw new SchemaNotRegisteredException("Cannot serialize a " + record.getSchema().getFullName()
                    + " without a topic: the subject name is derived from the topic (TopicNameStrategy)",
                    null, null, null);
        }

        String subject = AvroSerdeConfig.subjectName(topic, isKey);
        WritePlan plan = planFor(subject, topic, record);
        EncodingBuffer buffer = BUFFERS.get();
        try {
            return buffer.encode(plan, record);
        } catch (IOException | RuntimeException e) {
            throw new UnencodableRecordException("Cannot encode " + AvroSerdeException.describeTopic(topic) + " as "
                    + record.getSchema().getFullName() + " with schema id " + plan.schemaId + ": " + e
                    + "; check that every non-null field of the record is set", topic, plan.schemaId, e);
        }
    }

    @Override
    public void close() {
        plansBySubject.clear();
    }

    private WritePlan planFor(String subject, String topic, T record) {
        Schema recordSchema = record.getSchema();
        Map<Schema, WritePlan> plans = plansBySubject.computeIfAbsent(subject, key -> new ConcurrentHashMap<>());
        WritePlan plan = plans.get(recordSchema);
        if (plan == null) {
            plan = newPlan(subject, topic, record);
            plans.putIfAbsent(recordSchema, plan);
        }
        return plan;
    }

    @SuppressWarnings("unchecked")
    private WritePlan newPlan(String subject, String topic, T record) {
        Schema recordSchema = record.getSchema();
        SpecificData model = SpecificData.getForClass(record.getClass());
        DatumWriter<Object> recordWriter = new SpecificDatumWriter<>(recordSchema, model);
        try {
            if (autoRegisterSchemas || !useLatestVersion) {
                int id = autoRegisterSchemas
                        ? client.register(subject, recordSchema)
                        : client.lookupId(subject, recordSchema);
                LOG.debug("Serializer for subject '{}' writes {} with schema id {}", subject,
                        recordSchema.getFullName(), id);
                return new WritePlan(id, recordWriter, null, null);
            }
            return latestVersionPlan(subject, topic, recordSchema, recordWriter);
        } catch (SchemaRegistryException e) {
            throw translate(e, subject, topic, recordSchema);
        }
    }

    private WritePlan latestVersionPlan(String subject, String topic, Schema recordSchema,
                                        DatumWriter<Object> recordWriter) {
        RegisteredSchema latest = client.getLatest(subject);
        if (latest.schema().equals(recordSchema)) {
            return new WritePlan(latest.id(), recordWriter, null, null);
        }

        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), recordSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SchemaRejectedException("Cannot serialize " + recordSchema.getFullName() + " for "
                    + AvroSerdeException.describeTopic(topic) + " with the latest version " + latest.version()
                    + " (id " + latest.id() + ") of subject '" + subject + "': that version cannot represent the "
                    + "record (" + SchemaResolution.describe(compatibility) + "); set " + AvroSerdeConfig.USE_LATEST_VERSION
                    + "=false or register a compatible version", topic, latest.id(), null);
        }
        LOG.info("Serializer for subject '{}' converts {} records to the latest version {} (id {}) before writing",
                subject, recordSchema.getFullName(), latest.version(), latest.id());
        return new WritePlan(latest.id(), recordWriter,
                new GenericDatumReader<>(recordSchema, latest.schema()),
                new GenericDatumWriter<>(latest.schema()));
    }

    private AvroSerdeException translate(SchemaRegistryException e, String subject, String topic, Schema schema) {
        String recordDescription = schema.getFullName() + " for " + AvroSerdeException.describeTopic(topic)
                + " (subject '" + subject + "')";
        if (e.isTransient()) {
            return new SchemaRegistryFailureException("Cannot resolve the schema id of " + recordDescription
                    + " because the schema registry failed: " + e.getMessage(), topic, null, e);
        }
        switch (e.errorCode()) {
            case SchemaRegistryException.SUBJECT_NOT_FOUND:
            case SchemaRegistryException.SCHEMA_NOT_FOUND:
            case SchemaRegistryException.VERSION_NOT_FOUND:
                return new SchemaNotRegisteredException("Cannot serialize " + recordDescription + ": the schema is not registered "
                        + "and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false; register it or set "
                        + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=true. Registry: " + e.getMessage(), topic, null, e);
            case SchemaRegistryException.INCOMPATIBLE_SCHEMA:
            case SchemaRegistryException.INVALID_SCHEMA:
                return new SchemaRejectedException("Cannot serialize " + recordDescription + ": the registry rejected the schema. "
                        + e.getMessage(), topic, null, e);
            default:
                return new SchemaRegistryFailureException("Cannot resolve the schema id of " + recordDescription + ": "
                        + e.getMessage(), topic, null, e);
        }
    }

    /** Schema id and writers for one record schema under one subject. */
    private static final class WritePlan {
        final int schemaId;
        final DatumWriter<Object> recordWriter;
        /** Reads bytes of the record schema as the latest version; null when no conversion is needed. */
        final GenericDatumReader<Object> conversionReader;
        final GenericDatumWriter<Object> conversionWriter;

        WritePlan(int schemaId, DatumWriter<Object> recordWriter, GenericDatumReader<Object> conversionReader,
                  GenericDatumWriter<Object> conversionWriter) {
            this.schemaId = schemaId;
            this.recordWriter = recordWriter;
            this.conversionReader = conversionReader;
            this.conversionWriter = conversionWriter;
        }
    }

    /** Per-thread output buffer and encoder, reused across records. */
    private static final class EncodingBuffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
        private BinaryEncoder encoder;
        private BinaryDecoder decoder;

        byte[] encode(WritePlan plan, Object record) throws IOException {
            out.reset();
            out.write(WireFormat.MAGIC_BYTE);
            out.write(plan.schemaId >>> 24);
            out.write(plan.schemaId >>> 16);
            out.write(plan.schemaId >>> 8);
            out.write(plan.schemaId);

            encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
            if (plan.conversionReader == null) {
                plan.recordWriter.write(record, encoder);
            } else {
                writeConverted(plan, record);
            }
            encoder.flush();
            return out.toByteArray();
        }

        /** Writes the record as the latest version by encoding it with its own schema and resolving the bytes. */
        private void writeConverted(WritePlan plan, Object record) throws IOException {
            ByteArrayOutputStream ownBytes = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
            BinaryEncoder ownEncoder = EncoderFactory.get().directBinaryEncoder(ownBytes, null);
            plan.recordWriter.write(record, ownEncoder);
            ownEncoder.flush();

            decoder = DecoderFactory.get().binaryDecoder(ownBytes.toByteArray(), decoder);
            Object converted = plan.conversionReader.read(null, decoder);
            plan.conversionWriter.write(converted, encoder);
        }
    }
}

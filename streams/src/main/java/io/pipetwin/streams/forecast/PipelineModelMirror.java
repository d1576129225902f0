package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.SnapshotModel;
import io.pipetwin.core.forecast.SnapshotPipeline;
import io.pipetwin.core.forecast.SnapshotPipelineTask;
import io.pipetwin.schemas.avro.ModelDeployed;
import io.pipetwin.schemas.avro.ModelMetricObserved;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.mirror.ResourceDemand;
import io.pipetwin.streams.mirror.TaskState;
import io.pipetwin.streams.state.CommitHookStore;
import io.pipetwin.streams.state.PendingWrites;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pipelines in the system (with their DAGs and finished tasks) and the deployed models (with their
 * latest metrics) of the platforms of one stream task, which the pipeline and model-metric forecasts need.
 * It is fed the events the mirror applied and persists each change as one small entry: {@code twin-pipelines}
 * maps {@code platformId|pipelineId} to the submission (Avro binary) and the finished flags,
 * {@code twin-models} maps {@code platformId|modelId} to the deployment time and metrics. Changes are
 * written at the next commit, the latest per entry, so a pipeline that leaves between two commits is
 * never written.
 *
 * <p>A pipeline leaves when every task finished or was cancelled. A task ended by a node removal never
 * finishes here, so its pipeline stays until the cap of {@link #MAX_PIPELINES} per platform evicts the
 * oldest arrival first; {@link #MAX_MODELS} caps the models the same way.
 */
public final class PipelineModelMirror {

    /** Name of the pipelines store. */
    public static final String PIPELINES = "twin-pipelines";
    /** Name of the models store. */
    public static final String MODELS = "twin-models";
    /** Most pipelines kept per platform. */
    public static final int MAX_PIPELINES = 10_000;
    /** Most deployed models kept per platform. */
    public static final int MAX_MODELS = 1_000;

    private static final SpecificDatumWriter<PipelineSubmitted> WRITER = new SpecificDatumWriter<>(PipelineSubmitted.class);
    private static final SpecificDatumReader<PipelineSubmitted> READER = new SpecificDatumReader<>(PipelineSubmitted.class);

    private final KeyValueStore<String, byte[]> pipelineStore;
    private final KeyValueStore<String, byte[]> modelStore;
    /** Changes to {@link #pipelineStore} until the next commit, or null without the store. */
    private final PendingWrites<Pipeline> pendingPipelines;
    /** Changes to {@link #modelStore} until the next commit, or null without the store. */
    private final PendingWrites<Model> pendingModels;
    private final Map<String, Platform> platforms = new HashMap<>();
    private final ByteArrayOutputStream encodeBuffer = new ByteArrayOutputStream(512);
    private BinaryEncoder reusableEncoder;

    /** A pipeline in the system; tasks in submission order. */
    static final class Pipeline {
        final long arrivedMillis;
        final PipelineSubmitted submitted;
        final boolean[] finished;
        final Map<String, Integer> indexByTaskId = new HashMap<>();
        int remaining;

        Pipeline(long arrivedMillis, PipelineSubmitted submitted, boolean[] finished) {
            this.arrivedMillis = arrivedMillis;
            this.submitted = submitted;
            this.finished = finished;
            for (int i = 0; i < finished.length; i++) {
                indexByTaskId.put(submitted.getTasks().get(i).getTaskId(), i);
                remaining += finished[i] ? 0 : 1;
            }
        }
    }

    /** A deployed model. */
    record Model(long deployedAtMillis, Map<String, Double> metrics) {
    }

    private static final class Platform {
        /** By pipeline id, in arrival order. */
        final LinkedHashMap<String, Pipeline> pipelines = new LinkedHashMap<>();
        final Map<String, String> pipelineOfTask = new HashMap<>();
        final LinkedHashMap<String, Model> models = new LinkedHashMap<>();
    }

    /**
     * Returns the builders of the two persistent, changelogged stores, wrapped in a {@link CommitHookStore}
     * so that the changes are written at each commit.
     */
    public static List<StoreBuilder<KeyValueStore<String, byte[]>>> storeBuilders() {
        return List.of(
                CommitHookStore.wrap(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PIPELINES),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled()),
                CommitHookStore.wrap(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODELS),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled()));
    }

    /**
     * Opens the stores connected to the processor and loads their entries. A context without them (a unit
     * test's) keeps the state in memory only.
     */
    public static PipelineModelMirror open(ProcessingContext context) {
        KeyValueStore<String, byte[]> pipelines = context.getStateStore(PIPELINES);
        KeyValueStore<String, byte[]> models = context.getStateStore(MODELS);
        PipelineModelMirror mirror = new PipelineModelMirror(pipelines, models);
        mirror.load();
        return mirror;
    }

    PipelineModelMirror(KeyValueStore<String, byte[]> pipelineStore, KeyValueStore<String, byte[]> modelStore) {
        this.pipelineStore = pipelineStore;
        this.modelStore = modelStore;
        this.pendingPipelines = pipelineStore == null ? null : new PendingWrites<>(pipelineStore, this::encodePipeline);
        this.pendingModels = modelStore == null ? null : new PendingWrites<>(modelStore, PipelineModelMirror::encodeModel);
    }

    private void load() {
        if (pipelineStore != null) {
            List<Object[]> loaded = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> iterator = pipelineStore.all()) {
                while (iterator.hasNext()) {
                    KeyValue<String, byte[]> entry = iterator.next();
                    loaded.add(new Object[]{platformOf(entry.key), decodePipeline(entry.value)});
                }
            }
            loaded.sort((a, b) -> Long.compare(((Pipeline) a[1]).arrivedMillis, ((Pipeline) b[1]).arrivedMillis));
            for (Object[] entry : loaded) {
                put(platform((String) entry[0]), (Pipeline) entry[1]);
            }
        }
        if (modelStore != null) {
            try (KeyValueIterator<String, byte[]> iterator = modelStore.all()) {
                while (iterator.hasNext()) {
                    KeyValue<String, byte[]> entry = iterator.next();
                    String platformId = platformOf(entry.key);
                    platform(platformId).models.put(entry.key.substring(platformId.length() + 1),
                            decodeModel(entry.value));
                }
            }
        }
    }

    private static String platformOf(String key) {
        return key.substring(0, key.indexOf(PlatformMirror.KEY_SEPARATOR));
    }

    private static String key(String platformId, String id) {
        return platformId + PlatformMirror.KEY_SEPARATOR + id;
    }

    private Platform platform(String platformId) {
        return platforms.computeIfAbsent(platformId, id -> new Platform());
    }

    private static void put(Platform platform, Pipeline pipeline) {
        platform.pipelines.put(pipeline.submitted.getPipelineId(), pipeline);
        for (TaskSpec task : pipeline.submitted.getTasks()) {
            platform.pipelineOfTask.put(task.getTaskId(), pipeline.submitted.getPipelineId());
        }
    }

    /** Updates the state from an event the platform mirror applied; other events change nothing. */
    public void onApplied(String platformId, PlatformEvent event) {
        Object payload = event.getPayload();
        long timeMillis = event.getEventTime().toEpochMilli();
        if (payload instanceof PipelineSubmitted submitted) {
            submitted(platformId, submitted, timeMillis);
        } else if (payload instanceof TaskFinished finished) {
            taskEnded(platformId, finished.getTaskId());
        } else if (payload instanceof TaskCancelled cancelled) {
            taskEnded(platformId, cancelled.getTaskId());
        } else if (payload instanceof ModelDeployed deployed) {
            Map<String, Double> metrics = new TreeMap<>();
            deployed.getMetrics().forEach((name, value) -> metrics.put(name.toString(), value));
            putModel(platformId, deployed.getModelId(), new Model(timeMillis, metrics));
        } else if (payload instanceof ModelMetricObserved observed) {
            Model model = platform(platformId).models.get(observed.getModelId());
            // A metric of a model never deployed here starts a model deployed at the observation.
            Map<String, Double> metrics = new TreeMap<>(model == null ? Map.of() : model.metrics());
            metrics.put(observed.getMetric(), observed.getValue());
            putModel(platformId, observed.getModelId(), new Model(model == null ? timeMillis : model.deployedAtMillis(),
                    metrics));
        }
    }

    private void submitted(String platformId, PipelineSubmitted submitted, long timeMillis) {
        Platform platform = platform(platformId);
        Pipeline pipeline = new Pipeline(timeMillis, submitted, new boolean[submitted.getTasks().size()]);
        if (pipeline.remaining == 0) {
            return;
        }
        put(platform, pipeline);
        if (pendingPipelines != null) {
            pendingPipelines.put(key(platformId, submitted.getPipelineId()), pipeline, true);
        }
        while (platform.pipelines.size() > MAX_PIPELINES) {
            remove(platformId, platform, platform.pipelines.keySet().iterator().next());
        }
    }

    private void taskEnded(String platformId, String taskId) {
        Platform platform = platform(platformId);
        String pipelineId = platform.pipelineOfTask.get(taskId);
        Pipeline pipeline = pipelineId == null ? null : platform.pipelines.get(pipelineId);
        if (pipeline == null) {
            return;
        }
        int index = pipeline.indexByTaskId.get(taskId);
        if (pipeline.finished[index]) {
            return;
        }
        pipeline.finished[index] = true;
        pipeline.remaining--;
        if (pipeline.remaining == 0) {
            remove(platformId, platform, pipelineId);
        } else if (pendingPipelines != null) {
            pendingPipelines.put(key(platformId, pipelineId), pipeline, false);
        }
    }

    private void remove(String platformId, Platform platform, String pipelineId) {
        Pipeline pipeline = platform.pipelines.remove(pipelineId);
        for (TaskSpec task : pipeline.submitted.getTasks()) {
            platform.pipelineOfTask.remove(task.getTaskId());
        }
        if (pendingPipelines != null) {
            pendingPipelines.delete(key(platformId, pipelineId));
        }
    }

    private void putModel(String platformId, String modelId, Model model) {
        Platform platform = platform(platformId);
        platform.models.remove(modelId);
        platform.models.put(modelId, model);
        if (pendingModels != null) {
            pendingModels.put(key(platformId, modelId), model, false);
        }
        while (platform.models.size() > MAX_MODELS) {
            String oldest = platform.models.keySet().iterator().next();
            platform.models.remove(oldest);
            if (pendingModels != null) {
                pendingModels.delete(key(platformId, oldest));
            }
        }
    }

    /** Returns the pipelines in the system in arrival order, each with its whole DAG. */
    public List<SnapshotPipeline> snapshotPipelines(String platformId) {
        Platform platform = platforms.get(platformId);
        if (platform == null) {
            return List.of();
        }
        List<SnapshotPipeline> result = new ArrayList<>(platform.pipelines.size());
        for (Pipeline pipeline : platform.pipelines.values()) {
            List<TaskSpec> specs = pipeline.submitted.getTasks();
            Set<String> ids = new HashSet<>(pipeline.indexByTaskId.keySet());
            List<SnapshotPipelineTask> tasks = new ArrayList<>(specs.size());
            for (int i = 0; i < specs.size(); i++) {
                TaskSpec spec = specs.get(i);
                ResourceDemand demand = ResourceDemand.of(spec.getRequest());
                // A dependency on an id outside the pipeline cannot be waited for, so it is dropped.
                List<String> dependsOn = spec.getDependsOn().stream().filter(ids::contains).toList();
                tasks.add(new SnapshotPipelineTask(spec.getTaskId(), TaskState.taskClass(spec.getTaskType(), demand),
                        demand.toSnapshotRequest(), Math.max(1, spec.getNodeCount()), 0, dependsOn,
                        pipeline.finished[i]));
            }
            result.add(new SnapshotPipeline(pipeline.submitted.getPipelineId(), pipeline.arrivedMillis / 1000.0, tasks));
        }
        return result;
    }

    /** Returns the arrival time of a pipeline in the system, or -1. */
    public long arrivedMillis(String platformId, String pipelineId) {
        Platform platform = platforms.get(platformId);
        Pipeline pipeline = platform == null ? null : platform.pipelines.get(pipelineId);
        return pipeline == null ? -1 : pipeline.arrivedMillis;
    }

    /** Returns the deployed models with their latest metrics. */
    public List<SnapshotModel> snapshotModels(String platformId) {
        Platform platform = platforms.get(platformId);
        if (platform == null) {
            return List.of();
        }
        List<SnapshotModel> result = new ArrayList<>(platform.models.size());
        platform.models.forEach((id, model) -> result.add(new SnapshotModel(id, "", model.deployedAtMillis() / 1000.0,
                model.metrics())));
        return result;
    }

    /**
     * Encodes a pipeline entry. It runs for each changed pipeline at every commit, so it reuses one output
     * buffer and an unbuffered encoder instead of creating a buffered encoder (with its own 2 KiB buffer) per
     * call. The bytes are the same.
     */
    private byte[] encodePipeline(Pipeline pipeline) {
        try {
            ByteArrayOutputStream out = encodeBuffer;
            out.reset();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, reusableEncoder);
            reusableEncoder = encoder;
            encoder.writeLong(pipeline.arrivedMillis);
            byte[] flags = new byte[pipeline.finished.length];
            for (int i = 0; i < flags.length; i++) {
                flags[i] = (byte) (pipeline.finished[i] ? 1 : 0);
            }
            encoder.writeBytes(flags);
            WRITER.write(pipeline.submitted, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding pipeline " + pipeline.submitted.getPipelineId() + " failed", e);
        }
    }

    private static Pipeline decodePipeline(byte[] bytes) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            long arrived = decoder.readLong();
            ByteBuffer flags = decoder.readBytes(null);
            PipelineSubmitted submitted = READER.read(null, decoder);
            boolean[] finished = new boolean[submitted.getTasks().size()];
            for (int i = 0; i < finished.length && flags.hasRemaining(); i++) {
                finished[i] = flags.get() != 0;
            }
            return new Pipeline(arrived, submitted, finished);
        } catch (IOException e) {
            throw new UncheckedIOException("decoding a pipeline entry of " + bytes.length + " bytes failed", e);
        }
    }

    private static byte[] encodeModel(Model model) {
        ByteBuffer buffer = ByteBuffer.allocate(12 + model.metrics().entrySet().stream()
                .mapToInt(e -> 12 + e.getKey().getBytes(StandardCharsets.UTF_8).length).sum());
        buffer.putLong(model.deployedAtMillis()).putInt(model.metrics().size());
        for (Map.Entry<String, Double> metric : model.metrics().entrySet()) {
            byte[] name = metric.getKey().getBytes(StandardCharsets.UTF_8);
            buffer.putInt(name.length).put(name).putDouble(metric.getValue());
        }
        return buffer.array();
    }

    private static Model decodeModel(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long deployed = buffer.getLong();
        int count = buffer.getInt();
        Map<String, Double> metrics = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[buffer.getInt()];
            buffer.get(name);
            metrics.put(new String(name, StandardCharsets.UTF_8), buffer.getDouble());
        }
        return new Model(deployed, metrics);
    }
}

package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.PlatformSnapshot;
import io.pipetwin.core.forecast.online.OnlineModelParameters;
import io.pipetwin.core.forecast.online.OnlineModelSettings;
import io.pipetwin.core.forecast.online.OnlineWorkloadModel;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.streams.mirror.PlatformMirror;
import io.pipetwin.streams.mirror.TaskPhase;
import io.pipetwin.streams.mirror.TaskState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.HashMap;
import java.util.Map;

/**
 * One {@link OnlineWorkloadModel} per platform, updated from each task arrival (first queued, or started
 * without queueing) and each finish at O(1) cost, and applied to every snapshot so forecasts draw arrivals
 * (hour-of-week rates), durations and the request mix from it. The model counts task arrivals; a profile
 * prior counts pipelines, which is the same unit on traces with one task per pipeline (Alibaba GPU 2023).
 *
 * <p>The serialized models live in the changelogged store {@value #STORE}, keyed by platform id. A model is
 * written at each cadence boundary of its platform, not per event, because its serialized form holds the
 * duration reservoirs. So after a crash the restored model lacks the events between its platform's last
 * boundary and the last commit, at most one interval of arrivals and finishes.
 */
public final class OnlineCalibration {

    /** Name of the store of serialized models. */
    public static final String STORE = "twin-workload-models";

    private final KeyValueStore<String, byte[]> store;
    private final WorkloadProfile profile;
    private final Map<String, OnlineWorkloadModel> models = new HashMap<>();
    private String pendingClass;
    private TaskState pendingArrival;
    private long pendingStartedMillis = -1;

    /** Returns the builder of the persistent, changelogged store. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled();
    }

    /**
     * Opens the store connected to the processor and loads its models. A context without it keeps the
     * models in memory only.
     *
     * @param profile prior of new models, or null to start from the observed rate alone
     */
    public static OnlineCalibration open(ProcessingContext context, WorkloadProfile profile) {
        OnlineCalibration calibration = new OnlineCalibration(context.getStateStore(STORE), profile);
        if (calibration.store != null) {
            try (KeyValueIterator<String, byte[]> iterator = calibration.store.all()) {
                while (iterator.hasNext()) {
                    KeyValue<String, byte[]> entry = iterator.next();
                    calibration.models.put(entry.key, OnlineWorkloadModel.fromBytes(entry.value));
                }
            }
        }
        return calibration;
    }

    OnlineCalibration(KeyValueStore<String, byte[]> store, WorkloadProfile profile) {
        this.store = store;
        this.profile = profile;
    }

    /** Decodes the parameters of a model read from the store, for interactive queries. */
    public static OnlineModelParameters decodeParameters(byte[] bytes) {
        return OnlineWorkloadModel.fromBytes(bytes).parameters();
    }

    private OnlineWorkloadModel model(String platformId) {
        return models.computeIfAbsent(platformId, id -> profile == null
                ? new OnlineWorkloadModel(OnlineModelSettings.DEFAULTS, null)
                : OnlineWorkloadModel.withProfilePrior(OnlineModelSettings.DEFAULTS, profile));
    }

    /** Notes what an event will change, reading the task's state before the mirror applies the event. */
    public void beforeApply(PlatformMirror mirror, PlatformEvent event) {
        pendingArrival = null;
        pendingStartedMillis = -1;
        Object payload = event.getPayload();
        if (payload instanceof TaskQueued queued) {
            TaskState task = mirror.task(queued.getTaskId());
            pendingArrival = task != null && task.phase() == TaskPhase.SUBMITTED ? task : null;
        } else if (payload instanceof TaskStarted started) {
            TaskState task = mirror.task(started.getTaskId());
            pendingArrival = task != null && task.phase() == TaskPhase.SUBMITTED ? task : null;
        } else if (payload instanceof TaskFinished finished) {
            TaskState task = mirror.task(finished.getTaskId());
            if (task != null && task.phase() == TaskPhase.RUNNING) {
                pendingClass = task.taskClass();
                pendingStartedMillis = task.startedAtMillis();
            }
        }
    }

    /** Updates the platform's model from the event noted by {@link #beforeApply}, which the mirror applied. */
    public void onApplied(String platformId, PlatformEvent event) {
        double timeSeconds = event.getEventTime().toEpochMilli() / 1000.0;
        OnlineWorkloadModel model = model(platformId);
        if (pendingArrival != null) {
            model.observeArrival(timeSeconds, pendingArrival.taskClass(), pendingArrival.demand().toSnapshotRequest(),
                    pendingArrival.nodeCount());
        } else if (pendingStartedMillis >= 0) {
            // A zero duration (start and finish in the same millisecond) counts as one millisecond, because
            // the model fits the logarithm of the durations.
            double durationSeconds = Math.max(0.001, (event.getEventTime().toEpochMilli() - pendingStartedMillis) / 1000.0);
            model.observeDuration(pendingClass, durationSeconds);
        }
        pendingArrival = null;
        pendingStartedMillis = -1;
    }

    /** Advances the platform's model to the snapshot time, writes it to the store and returns {@code snapshot}. */
    public PlatformSnapshot atBoundary(String platformId, PlatformSnapshot snapshot) {
        advanceTo(platformId, snapshot.timeSeconds());
        // NOTE: the model reaches the store only at boundaries, so after a crash or a takeover it lacks the
        // events applied since the last boundary, and forecasts built from it would differ from those of an
        // uninterrupted run. Until every update is persisted, forecasts keep the mirror's stored workload
        // windows and the model is only reported (parameters()).
        return snapshot;
    }

    /** Advances the platform's model, if it has one, to {@code timeSeconds} and writes it to the store. */
    public void advanceTo(String platformId, double timeSeconds) {
        OnlineWorkloadModel model = models.get(platformId);
        if (model == null) {
            return;
        }
        model.advanceTo(timeSeconds);
        if (store != null) {
            store.put(platformId, model.toBytes());
        }
    }

    /** Returns the current parameters of a platform's model, or null when it has none. */
    public OnlineModelParameters parameters(String platformId) {
        OnlineWorkloadModel model = models.get(platformId);
        return model == null ? null : model.parameters();
    }
}

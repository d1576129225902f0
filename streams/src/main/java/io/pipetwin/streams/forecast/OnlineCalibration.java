package io.pipetwin.streams.forecast;

import io.pipetwin.core.forecast.online.OnlineModelParameters;
import io.pipetwin.core.forecast.online.OnlineModelSettings;
import io.pipetwin.core.forecast.online.OnlineWorkloadModel;
import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.streams.mirror.PlatformMirror;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * One {@link OnlineWorkloadModel} per platform, fed at each cadence boundary with the arrivals and finished
 * durations the platform's mirror recorded since the previous boundary (see {@link AbsorbedWorkloadModel}).
 * Forecasts draw their arrivals (hour-of-week rates), durations and request mix from it when
 * {@link ForecastSettings#workloadSource()} is {@link WorkloadSource#ONLINE_MODEL}. The model counts task
 * arrivals as the mirror's arrival window does. A profile prior counts pipelines, which is the same unit on
 * traces with one task per pipeline (Alibaba GPU 2023).
 *
 * <p>The serialized models live in the changelogged store {@value #STORE}, keyed by platform id, and are
 * written at each cadence boundary of their platform, not per event, because the serialized form contains the
 * duration reservoirs. A restored model still catches up: its markers record which window entries it has
 * absorbed, and the windows are stored in the same transaction as the events they record.
 * {@code TwinProcessorRestartTest} compares the restored snapshots with an uninterrupted run.
 */
public final class OnlineCalibration {

    private static final Logger LOG = LoggerFactory.getLogger(OnlineCalibration.class);

    /** Name of the store of serialized models. */
    public static final String STORE = "twin-workload-models";

    private final KeyValueStore<String, byte[]> store;
    private final WorkloadProfile profile;
    private final Map<String, AbsorbedWorkloadModel> models = new HashMap<>();

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
                    AbsorbedWorkloadModel model = AbsorbedWorkloadModel.fromBytes(entry.value);
                    if (model.arrivalMarker() < 0) {
                        LOG.warn("Workload model of platform {} was stored without window markers; it absorbs only"
                                + " the arrivals and durations recorded after its next boundary", entry.key);
                    }
                    calibration.models.put(entry.key, model);
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
        return AbsorbedWorkloadModel.fromBytes(bytes).model().parameters();
    }

    private AbsorbedWorkloadModel model(String platformId) {
        return models.computeIfAbsent(platformId, id -> new AbsorbedWorkloadModel(profile == null
                ? new OnlineWorkloadModel(OnlineModelSettings.DEFAULTS, null)
                : OnlineWorkloadModel.withProfilePrior(OnlineModelSettings.DEFAULTS, profile)));
    }

    /**
     * Feeds the platform's model what its mirror recorded since the previous boundary, advances it to
     * {@code boundaryMillis}, writes it to the store and returns it. Creates the model at the platform's
     * first boundary.
     *
     * @param intervalMillis cadence interval. Before the model's first arrival, arrivals that the window
     *                       overwrote are spread over the interval that ends at the boundary
     */
    public OnlineWorkloadModel atBoundary(PlatformMirror mirror, long boundaryMillis, long intervalMillis) {
        String platformId = mirror.platformId();
        AbsorbedWorkloadModel model = model(platformId);
        model.absorb(mirror.arrivals(), mirror.durationWindows(), boundaryMillis / 1000.0,
                (boundaryMillis - intervalMillis) / 1000.0);
        if (store != null) {
            store.put(platformId, model.toBytes());
        }
        return model.model();
    }

    /** Returns the current parameters of a platform's model, or null when it has none. */
    public OnlineModelParameters parameters(String platformId) {
        AbsorbedWorkloadModel model = models.get(platformId);
        return model == null ? null : model.model().parameters();
    }
}

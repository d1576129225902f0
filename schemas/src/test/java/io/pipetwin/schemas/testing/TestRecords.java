package io.pipetwin.schemas.testing;

import io.pipetwin.schemas.avro.HorizonPoint;
import io.pipetwin.schemas.avro.ModelDeployed;
import io.pipetwin.schemas.avro.ModelMetricObserved;
import io.pipetwin.schemas.avro.NodeAdded;
import io.pipetwin.schemas.avro.NodeRemovalCause;
import io.pipetwin.schemas.avro.NodeRemoved;
import io.pipetwin.schemas.avro.PipelineSubmitted;
import io.pipetwin.schemas.avro.PipelineTrigger;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.avro.Quantile;
import io.pipetwin.schemas.avro.QueueForecast;
import io.pipetwin.schemas.avro.ResourceForecast;
import io.pipetwin.schemas.avro.ResourceKind;
import io.pipetwin.schemas.avro.ResourceRequest;
import io.pipetwin.schemas.avro.TaskCancelled;
import io.pipetwin.schemas.avro.TaskFinished;
import io.pipetwin.schemas.avro.TaskQueued;
import io.pipetwin.schemas.avro.TaskSpec;
import io.pipetwin.schemas.avro.TaskStarted;
import io.pipetwin.schemas.avro.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Sample records for serde tests: one platform event per payload type, and one forecast of each kind. */
public final class TestRecords {

    private static final Instant EVENT_TIME = Instant.ofEpochMilli(1_700_000_000_123L);

    private TestRecords() {
    }

    /** Returns one event per branch of the payload union, in the union's order. */
    public static List<PlatformEvent> eventOfEveryPayloadType() {
        ResourceRequest gpuRequest = ResourceRequest.newBuilder()
                .setCpuMilli(8_000).setMemoryMib(65_536).setGpuCount(1).setGpuMilli(500).setGpuModel("V100M32")
                .build();
        ResourceRequest cpuRequest = ResourceRequest.newBuilder()
                .setCpuMilli(2_000).setMemoryMib(4_096).setGpuCount(0).build();
        PipelineSubmitted submitted = PipelineSubmitted.newBuilder()
                .setPipelineId("p-1").setTenant("tenant-a").setModelId("model-7").setFramework("pytorch")
                .setDatasetSizeBytes(12_345_678_901L).setTrigger(PipelineTrigger.METRIC_TRIGGERED).setPriority(3)
                .setTasks(List.of(
                        TaskSpec.newBuilder().setTaskId("t-pre").setTaskType("preprocess").setRequest(cpuRequest)
                                .build(),
                        TaskSpec.newBuilder().setTaskId("t-train").setTaskType("train").setRequest(gpuRequest)
                                .setDependsOn(List.of("t-pre")).setNodeCount(2).build()))
                .build();

        return List.of(
                event("e-1", submitted),
                event("e-2", TaskQueued.newBuilder().setPipelineId("p-1").setTaskId("t-pre").build()),
                event("e-3", TaskStarted.newBuilder().setPipelineId("p-1").setTaskId("t-train").setNodeId("n-1")
                        .setExtraNodeIds(List.of("n-2")).build()),
                event("e-4", TaskFinished.newBuilder().setPipelineId("p-1").setTaskId("t-train")
                        .setStatus(TaskStatus.KILLED).build()),
                event("e-5", NodeAdded.newBuilder().setNodeId("n-3").setPool("gpu-a100").setCpuMilli(96_000)
                        .setMemoryMib(786_432).setGpuCount(8).setGpuModel("A100").build()),
                event("e-6", NodeRemoved.newBuilder().setNodeId("n-3").setCause(NodeRemovalCause.FAILED).build()),
                event("e-7", ModelMetricObserved.newBuilder().setModelId("model-7").setMetric("accuracy")
                        .setValue(0.9125).build()),
                event("e-8", ModelDeployed.newBuilder().setModelId("model-7").setPipelineId("p-1").setVersion("v3")
                        .setMetrics(Map.of("accuracy", 0.91, "fairness", 0.8)).build()),
                event("e-9", TaskCancelled.newBuilder().setPipelineId("p-2").setTaskId("t-pre")
                        .setReason("withdrawn").build()));
    }

    public static PlatformEvent event(String eventId, Object payload) {
        return PlatformEvent.newBuilder()
                .setEventId(eventId).setPlatformId("platform-1").setEventTime(EVENT_TIME)
                .setSource("test").setPayload(payload)
                .build();
    }

    public static QueueForecast queueForecast() {
        return QueueForecast.newBuilder()
                .setPlatformId("platform-1").setScenario("baseline").setPool("gpu")
                .setGeneratedAt(EVENT_TIME).setStartTime(EVENT_TIME.minusSeconds(60)).setReplications(200)
                .setQueueLengthNow(4)
                .setQueueLength(List.of(point(0, 4), point(300, 6.5)))
                .setWaitingTimeSeconds(List.of(point(300, 42.0)))
                .build();
    }

    public static ResourceForecast resourceForecast() {
        return ResourceForecast.newBuilder()
                .setPlatformId("platform-1").setScenario("more-gpus").setPool("all").setResource(ResourceKind.GPU)
                .setGeneratedAt(EVENT_TIME).setStartTime(EVENT_TIME).setReplications(100)
                .setCapacity(64_000).setUtilisationNow(0.75)
                .setUtilisation(List.of(point(0, 0.75), point(600, 0.8)))
                .build();
    }

    private static HorizonPoint point(double offsetSeconds, double value) {
        return HorizonPoint.newBuilder()
                .setTime(EVENT_TIME.plusMillis((long) (offsetSeconds * 1000)))
                .setOffsetSeconds(offsetSeconds).setValue(value).setMean(value + 0.25)
                .setQuantiles(List.of(
                        Quantile.newBuilder().setProbability(0.1).setValue(value - 1).build(),
                        Quantile.newBuilder().setProbability(0.9).setValue(value + 1).build()))
                .build();
    }

    /** Plain Avro binary of the record with its own schema, without any header. */
    public static byte[] avroBinary(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForClass(record.getClass()))
                    .write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Confluent wire-format payload: magic byte 0, the id big-endian, then the body. */
    public static byte[] wirePayload(int schemaId, byte[] avroBody) {
        byte[] payload = new byte[5 + avroBody.length];
        payload[1] = (byte) (schemaId >>> 24);
        payload[2] = (byte) (schemaId >>> 16);
        payload[3] = (byte) (schemaId >>> 8);
        payload[4] = (byte) schemaId;
        System.arraycopy(avroBody, 0, payload, 5, avroBody.length);
        return payload;
    }
}

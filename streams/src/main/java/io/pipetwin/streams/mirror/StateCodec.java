package io.pipetwin.streams.mirror;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of the mirror's store values. Each value starts with a format version byte, so a
 * later release can read what an earlier one wrote. Reading an unknown version fails with the store
 * name in the message.
 */
final class StateCodec {

    private static final byte VERSION = 1;

    private StateCodec() {
    }

    static byte[] encodeNode(NodeState node) {
        return write(out -> {
            out.writeUTF(node.nodeId());
            out.writeUTF(node.pool());
            writeNullable(out, node.gpuModel());
            out.writeLong(node.cpuMilli());
            out.writeLong(node.memoryMib());
            out.writeLong(node.addedAtMillis());
            out.writeLong(node.allocatedCpuMilli());
            out.writeLong(node.allocatedMemoryMib());
            int[] gpus = node.allocatedGpuMilli();
            out.writeInt(gpus.length);
            for (int milli : gpus) {
                out.writeInt(milli);
            }
        });
    }

    static NodeState decodeNode(byte[] bytes) {
        return read(bytes, "nodes", in -> {
            String nodeId = in.readUTF();
            String pool = in.readUTF();
            String gpuModel = readNullable(in);
            long cpuMilli = in.readLong();
            long memoryMib = in.readLong();
            long addedAtMillis = in.readLong();
            long allocatedCpuMilli = in.readLong();
            long allocatedMemoryMib = in.readLong();
            int[] gpus = new int[in.readInt()];
            for (int i = 0; i < gpus.length; i++) {
                gpus[i] = in.readInt();
            }
            return new NodeState(nodeId, pool, gpuModel, cpuMilli, memoryMib, addedAtMillis,
                    allocatedCpuMilli, allocatedMemoryMib, gpus);
        });
    }

    static byte[] encodeTask(TaskState task) {
        return write(out -> {
            out.writeUTF(task.taskId());
            out.writeUTF(task.pipelineId());
            out.writeUTF(task.taskType());
            writeDemand(out, task.demand());
            out.writeInt(task.nodeCount());
            out.writeLong(task.submittedAtMillis());
            out.writeByte(task.phase().ordinal());
            out.writeLong(task.queuedAtMillis());
            out.writeLong(task.queueSequence());
            out.writeLong(task.startedAtMillis());
            out.writeInt(task.nodeIds().size());
            for (int i = 0; i < task.nodeIds().size(); i++) {
                out.writeUTF(task.nodeIds().get(i));
                int[] gpus = task.gpuIndices().get(i);
                out.writeInt(gpus.length);
                for (int index : gpus) {
                    out.writeInt(index);
                }
            }
        });
    }

    static TaskState decodeTask(byte[] bytes) {
        return read(bytes, "tasks", in -> {
            String taskId = in.readUTF();
            String pipelineId = in.readUTF();
            String taskType = in.readUTF();
            ResourceDemand demand = readDemand(in);
            int nodeCount = in.readInt();
            long submittedAtMillis = in.readLong();
            TaskPhase phase = TaskPhase.values()[in.readByte()];
            long queuedAtMillis = in.readLong();
            long queueSequence = in.readLong();
            long startedAtMillis = in.readLong();
            int held = in.readInt();
            List<String> nodeIds = new ArrayList<>(held);
            List<int[]> gpuIndices = new ArrayList<>(held);
            for (int i = 0; i < held; i++) {
                nodeIds.add(in.readUTF());
                int[] gpus = new int[in.readInt()];
                for (int k = 0; k < gpus.length; k++) {
                    gpus[k] = in.readInt();
                }
                gpuIndices.add(gpus);
            }
            return new TaskState(taskId, pipelineId, taskType, demand, nodeCount, submittedAtMillis, phase,
                    queuedAtMillis, queueSequence, startedAtMillis, List.copyOf(nodeIds), gpuIndices);
        });
    }

    static byte[] encodeDuration(long sequence, double durationSeconds) {
        return write(out -> {
            out.writeLong(sequence);
            out.writeDouble(durationSeconds);
        });
    }

    static long decodeDurationSequence(byte[] bytes) {
        return read(bytes, "durations", DataInputStream::readLong);
    }

    static double decodeDurationSeconds(byte[] bytes) {
        return read(bytes, "durations", in -> {
            in.readLong();
            return in.readDouble();
        });
    }

    static byte[] encodeArrival(Arrival arrival) {
        return write(out -> {
            out.writeLong(arrival.sequence());
            out.writeLong(arrival.timeMillis());
            out.writeUTF(arrival.taskId());
            out.writeUTF(arrival.pipelineId());
            out.writeUTF(arrival.taskType());
            writeDemand(out, arrival.demand());
            out.writeInt(arrival.nodeCount());
        });
    }

    static Arrival decodeArrival(byte[] bytes) {
        return read(bytes, "arrivals", in -> new Arrival(in.readLong(), in.readLong(), in.readUTF(), in.readUTF(),
                in.readUTF(), readDemand(in), in.readInt()));
    }

    static byte[] encodeEventTime(long eventTimeMillis) {
        return write(out -> out.writeLong(eventTimeMillis));
    }

    static long decodeEventTime(byte[] bytes) {
        return read(bytes, "event-ids", DataInputStream::readLong);
    }

    static byte[] encodeSummary(PlatformSummary summary) {
        return write(out -> {
            out.writeUTF(summary.platformId());
            out.writeLong(summary.latestEventTimeMillis);
            out.writeLong(summary.nextBoundaryMillis);
            out.writeLong(summary.nextQueueSequence);
            out.writeInt(summary.nodesInService);
            out.writeInt(summary.tasksWaiting);
            out.writeInt(summary.tasksRunning);
            out.writeInt(summary.tasksSubmittedOnly);
            out.writeInt(summary.totals.size());
            for (var entry : summary.totals.entrySet()) {
                out.writeUTF(entry.getKey().name());
                out.writeLong(entry.getValue());
            }
            out.writeInt(summary.rejected.size());
            for (var entry : summary.rejected.entrySet()) {
                out.writeUTF(entry.getKey().name());
                out.writeLong(entry.getValue());
            }
        });
    }

    /** Decodes a summary; counters written under a name this version does not know are dropped. */
    static PlatformSummary decodeSummary(byte[] bytes) {
        return read(bytes, "platforms", in -> {
            PlatformSummary summary = new PlatformSummary(in.readUTF());
            summary.latestEventTimeMillis = in.readLong();
            summary.nextBoundaryMillis = in.readLong();
            summary.nextQueueSequence = in.readLong();
            summary.nodesInService = in.readInt();
            summary.tasksWaiting = in.readInt();
            summary.tasksRunning = in.readInt();
            summary.tasksSubmittedOnly = in.readInt();
            int totals = in.readInt();
            for (int i = 0; i < totals; i++) {
                String name = in.readUTF();
                long value = in.readLong();
                for (MirrorCounter counter : MirrorCounter.values()) {
                    if (counter.name().equals(name)) {
                        summary.totals.put(counter, value);
                    }
                }
            }
            int rejected = in.readInt();
            for (int i = 0; i < rejected; i++) {
                String name = in.readUTF();
                long value = in.readLong();
                for (RejectReason reason : RejectReason.values()) {
                    if (reason.name().equals(name)) {
                        summary.rejected.put(reason, value);
                    }
                }
            }
            return summary;
        });
    }

    private static void writeDemand(DataOutputStream out, ResourceDemand demand) throws IOException {
        out.writeLong(demand.cpuMilli());
        out.writeLong(demand.memoryMib());
        out.writeInt(demand.gpuCount());
        out.writeInt(demand.gpuMilliPerGpu());
        writeNullable(out, demand.gpuModel());
    }

    private static ResourceDemand readDemand(DataInputStream in) throws IOException {
        return new ResourceDemand(in.readLong(), in.readLong(), in.readInt(), in.readInt(), readNullable(in));
    }

    private static void writeNullable(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a mirror store value failed", e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, String storeName, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("store " + storeName + " contains a value of format version " + version
                        + " but this twin reads version " + VERSION + "; run the twin release that wrote it, or reset"
                        + " the application's state with kafka-streams-application-reset");
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalStateException("store " + storeName + " contains a truncated or corrupt value of "
                    + bytes.length + " bytes", e);
        }
    }
}

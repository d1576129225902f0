package io.pipetwin.streams.mirror;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of the mirror's store values. Each value starts with a format version byte, so a
 * later release can read what an earlier one wrote. Reading an unknown version fails with the store
 * name in the message.
 */
final class StateCodec {

    private static final byte VERSION = 1;
    /**
     * Format of the {@code platforms} values. Version 2 added the event-id sequence numbers and the open
     * chunk; version 1 values fail to decode, so state written before it needs a reset.
     */
    private static final byte SUMMARY_VERSION = 2;
    /** Format of the {@code event-ids} values: version 1 stored one id per entry, version 2 stores a chunk. */
    private static final byte EVENT_IDS_VERSION = 2;
    /**
     * Format of the {@code arrivals} values. Version 1 stored one task arrival per entry; version 2 stores a
     * pipeline arrival with all its tasks and their dependencies. Version 1 values fail to decode, so state
     * written before it needs a reset.
     */
    private static final byte ARRIVALS_VERSION = 2;
    private static final MirrorCounter[] COUNTERS = MirrorCounter.values();
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final byte[][] COUNTER_NAMES = new byte[COUNTERS.length][];
    private static final byte[][] REASON_NAMES = new byte[REASONS.length][];

    static {
        for (MirrorCounter counter : COUNTERS) {
            COUNTER_NAMES[counter.ordinal()] = encodeText(counter.name());
        }
        for (RejectReason reason : REASONS) {
            REASON_NAMES[reason.ordinal()] = encodeText(reason.name());
        }
    }

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

    /** Encodes a pipeline arrival: sequence, time, pipeline id, then per task its fields and dependencies. */
    static byte[] encodeArrival(Arrival arrival) {
        return write0(out -> {
            out.writeByte(ARRIVALS_VERSION);
            out.writeLong(arrival.sequence());
            out.writeLong(arrival.timeMillis());
            out.writeUTF(arrival.pipelineId());
            out.writeInt(arrival.tasks().size());
            for (ArrivalTask task : arrival.tasks()) {
                out.writeUTF(task.taskId());
                out.writeUTF(task.taskType());
                writeDemand(out, task.demand());
                out.writeInt(task.nodeCount());
                out.writeInt(task.dependsOn().size());
                for (int predecessor : task.dependsOn()) {
                    out.writeInt(predecessor);
                }
            }
        });
    }

    static Arrival decodeArrival(byte[] bytes) {
        return read(bytes, "arrivals", ARRIVALS_VERSION, in -> {
            long sequence = in.readLong();
            long timeMillis = in.readLong();
            String pipelineId = in.readUTF();
            int taskCount = checkedCount(in.readInt(), bytes.length);
            if (taskCount == 0) {
                throw new IllegalStateException("arrival of pipeline " + pipelineId + " has no task");
            }
            List<ArrivalTask> tasks = new ArrayList<>(taskCount);
            for (int i = 0; i < taskCount; i++) {
                String taskId = in.readUTF();
                String taskType = in.readUTF();
                ResourceDemand demand = readDemand(in);
                int nodeCount = in.readInt();
                int dependencyCount = checkedCount(in.readInt(), bytes.length);
                List<Integer> dependsOn = new ArrayList<>(dependencyCount);
                for (int d = 0; d < dependencyCount; d++) {
                    int predecessor = in.readInt();
                    if (predecessor < 0 || predecessor >= taskCount) {
                        throw new IllegalStateException("task " + taskId + " depends on task index " + predecessor
                                + " of " + taskCount);
                    }
                    dependsOn.add(predecessor);
                }
                tasks.add(new ArrivalTask(taskId, taskType, demand, nodeCount, dependsOn));
            }
            return new Arrival(sequence, timeMillis, pipelineId, tasks);
        });
    }

    /** Returns {@code count} when a value of {@code valueBytes} bytes can hold that many entries. */
    private static int checkedCount(int count, int valueBytes) {
        if (count < 0 || count > valueBytes) {
            throw new IllegalStateException("entry count " + count + " does not fit a value of " + valueBytes
                    + " bytes");
        }
        return count;
    }

    /** Encodes a full chunk of event ids: version, entry count, entries. */
    static byte[] encodeEventIdChunk(EventIdChunk chunk) {
        byte[] bytes = new byte[5 + chunk.encodedLength()];
        bytes[0] = EVENT_IDS_VERSION;
        putInt(bytes, 1, chunk.count());
        chunk.copyEntriesTo(bytes, 5);
        return bytes;
    }

    static EventIdChunk decodeEventIdChunk(byte[] bytes) {
        return read(bytes, "event-ids", EVENT_IDS_VERSION, in -> {
            int count = in.readInt();
            return EventIdChunk.ofEntries(in.readAllBytes(), count);
        });
    }

    /**
     * Encodes a summary. It runs at every commit, so it writes into one exactly sized array with the
     * counter names encoded once; the layout is that of {@link DataOutputStream} ({@code writeUTF} for
     * names), which {@link #decodeSummary} reads.
     */
    static byte[] encodeSummary(PlatformSummary summary) {
        byte[] platformId = summary.encodedPlatformId();
        EventIdChunk open = summary.openEventIds;
        int size = 1 + platformId.length + 3 * 8 + 4 * 4 + 4 + 4 + 8 + 8 + 4 + 4 + open.encodedLength();
        int totals = 0;
        for (MirrorCounter counter : COUNTERS) {
            if (summary.totals.get(counter) != null) {
                size += COUNTER_NAMES[counter.ordinal()].length + 8;
                totals++;
            }
        }
        int rejected = 0;
        for (RejectReason reason : REASONS) {
            if (summary.rejected.get(reason) != null) {
                size += REASON_NAMES[reason.ordinal()].length + 8;
                rejected++;
            }
        }

        byte[] bytes = new byte[size];
        bytes[0] = SUMMARY_VERSION;
        int position = put(bytes, 1, platformId);
        position = putLong(bytes, position, summary.latestEventTimeMillis);
        position = putLong(bytes, position, summary.nextBoundaryMillis);
        position = putLong(bytes, position, summary.nextQueueSequence);
        position = putInt(bytes, position, summary.nodesInService);
        position = putInt(bytes, position, summary.tasksWaiting);
        position = putInt(bytes, position, summary.tasksRunning);
        position = putInt(bytes, position, summary.tasksSubmittedOnly);
        position = putInt(bytes, position, totals);
        for (MirrorCounter counter : COUNTERS) {
            Long value = summary.totals.get(counter);
            if (value != null) {
                position = put(bytes, position, COUNTER_NAMES[counter.ordinal()]);
                position = putLong(bytes, position, value);
            }
        }
        position = putInt(bytes, position, rejected);
        for (RejectReason reason : REASONS) {
            Long value = summary.rejected.get(reason);
            if (value != null) {
                position = put(bytes, position, REASON_NAMES[reason.ordinal()]);
                position = putLong(bytes, position, value);
            }
        }
        position = putLong(bytes, position, summary.nextEventIdSequence);
        position = putLong(bytes, position, summary.firstRetainedEventIdSequence);
        position = putInt(bytes, position, open.count());
        position = putInt(bytes, position, open.encodedLength());
        open.copyEntriesTo(bytes, position);
        return bytes;
    }

    /** Decodes a summary; counters written under a name this version does not know are dropped. */
    static PlatformSummary decodeSummary(byte[] bytes) {
        return read(bytes, "platforms", SUMMARY_VERSION, in -> {
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
                for (MirrorCounter counter : COUNTERS) {
                    if (counter.name().equals(name)) {
                        summary.totals.put(counter, value);
                    }
                }
            }
            int rejected = in.readInt();
            for (int i = 0; i < rejected; i++) {
                String name = in.readUTF();
                long value = in.readLong();
                for (RejectReason reason : REASONS) {
                    if (reason.name().equals(name)) {
                        summary.rejected.put(reason, value);
                    }
                }
            }
            summary.nextEventIdSequence = in.readLong();
            summary.firstRetainedEventIdSequence = in.readLong();
            int openCount = in.readInt();
            byte[] openEntries = new byte[in.readInt()];
            in.readFully(openEntries);
            summary.openEventIds = EventIdChunk.ofEntries(openEntries, openCount);
            if (openCount != summary.nextEventIdSequence % EventIdChunk.CAPACITY) {
                throw new IOException("the open chunk contains " + openCount + " event ids, but the next sequence"
                        + " number " + summary.nextEventIdSequence + " implies "
                        + summary.nextEventIdSequence % EventIdChunk.CAPACITY);
            }
            return summary;
        });
    }

    /** Encodes {@code text} as {@link DataOutputStream#writeUTF} does: a 2-byte length and modified UTF-8. */
    static byte[] encodeText(String text) {
        return write0(out -> out.writeUTF(text));
    }

    private static int put(byte[] target, int position, byte[] source) {
        System.arraycopy(source, 0, target, position, source.length);
        return position + source.length;
    }

    private static int putLong(byte[] target, int position, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            target[position++] = (byte) (value >>> shift);
        }
        return position;
    }

    private static int putInt(byte[] target, int position, int value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            target[position++] = (byte) (value >>> shift);
        }
        return position;
    }

    private static void writeDemand(ValueWriter out, ResourceDemand demand) throws IOException {
        out.writeLong(demand.cpuMilli());
        out.writeLong(demand.memoryMib());
        out.writeInt(demand.gpuCount());
        out.writeInt(demand.gpuMilliPerGpu());
        writeNullable(out, demand.gpuModel());
    }

    private static ResourceDemand readDemand(DataInputStream in) throws IOException {
        return new ResourceDemand(in.readLong(), in.readLong(), in.readInt(), in.readInt(), readNullable(in));
    }

    private static void writeNullable(ValueWriter out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private interface Writer {
        void write(ValueWriter out) throws IOException;
    }

    /**
     * Writes the layout of {@link DataOutputStream} into a growable array. {@code DataOutputStream} over a
     * {@code ByteArrayOutputStream} takes a lock per call, and the mirror encodes several values per event.
     */
    static final class ValueWriter {
        private byte[] bytes = new byte[128];
        private int length;

        void writeByte(int value) {
            ensureCapacity(1);
            bytes[length++] = (byte) value;
        }

        void writeBoolean(boolean value) {
            writeByte(value ? 1 : 0);
        }

        void writeInt(int value) {
            ensureCapacity(4);
            length = putInt(bytes, length, value);
        }

        void writeLong(long value) {
            ensureCapacity(8);
            length = putLong(bytes, length, value);
        }

        void writeDouble(double value) {
            writeLong(Double.doubleToLongBits(value));
        }

        /** Writes a 2-byte length and the modified UTF-8 bytes, as {@link DataOutputStream#writeUTF} does. */
        void writeUTF(String text) throws IOException {
            int textLength = text.length();
            int encodedLength = 0;
            for (int i = 0; i < textLength; i++) {
                char c = text.charAt(i);
                if (c >= 0x0001 && c <= 0x007F) {
                    encodedLength += 1;
                } else if (c <= 0x07FF) {
                    encodedLength += 2;
                } else {
                    encodedLength += 3;
                }
            }
            if (encodedLength > 0xFFFF) {
                throw new UTFDataFormatException("text of " + encodedLength + " modified UTF-8 bytes is longer than"
                        + " 65,535 bytes: " + text.substring(0, 32) + "...");
            }
            ensureCapacity(2 + encodedLength);
            bytes[length++] = (byte) (encodedLength >>> 8);
            bytes[length++] = (byte) encodedLength;
            for (int i = 0; i < textLength; i++) {
                char c = text.charAt(i);
                if (c >= 0x0001 && c <= 0x007F) {
                    bytes[length++] = (byte) c;
                } else if (c <= 0x07FF) {
                    bytes[length++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
                    bytes[length++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    bytes[length++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
                    bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    bytes[length++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }

        private void ensureCapacity(int extra) {
            if (length + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + extra, bytes.length * 2));
            }
        }
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        return write0(out -> {
            out.writeByte(VERSION);
            writer.write(out);
        });
    }

    private static byte[] write0(Writer writer) {
        ValueWriter out = new ValueWriter();
        try {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a mirror store value failed", e);
        }
        return out.toByteArray();
    }

    private static <T> T read(byte[] bytes, String storeName, Reader<T> reader) {
        return read(bytes, storeName, VERSION, reader);
    }

    private static <T> T read(byte[] bytes, String storeName, byte expectedVersion, Reader<T> reader) {
        if (bytes.length > 0 && bytes[0] != expectedVersion) {
            throw new IllegalStateException("store " + storeName + " contains a value of format version " + bytes[0]
                    + " but this twin reads version " + expectedVersion + "; run the twin release that wrote it, or"
                    + " reset the application's state with kafka-streams-application-reset");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.readByte();
            return reader.read(in);
        } catch (IOException | IllegalStateException e) {
            // An IllegalStateException comes from an event-id chunk whose entries do not match its length.
            throw new IllegalStateException("store " + storeName + " contains a truncated or corrupt value of "
                    + bytes.length + " bytes", e);
        }
    }
}

package io.pipetwin.streams.mirror;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Up to {@link #CAPACITY} consecutive applied event ids of one platform with their event times, kept in
 * their encoded form so that appending one id costs one copy of the id's bytes. Id number {@code i} of
 * chunk {@code c} has the platform's event-id sequence number {@code c * CAPACITY + i}.
 *
 * <p>Encoding of the entries: per entry the event time (8 bytes, big-endian), the id's UTF-8 length
 * (2 bytes, big-endian) and the id's UTF-8 bytes.
 */
final class EventIdChunk {

    /** Ids per chunk: a full chunk is written to the store once, so a platform writes one entry per this many ids. */
    static final int CAPACITY = 64;

    private byte[] bytes;
    private int length;
    private int count;

    EventIdChunk() {
        this.bytes = new byte[512];
    }

    private EventIdChunk(byte[] bytes, int length, int count) {
        this.bytes = bytes;
        this.length = length;
        this.count = count;
    }

    /** Decodes entries written by {@link #copyEntries()}; {@code count} is the number of entries they hold. */
    static EventIdChunk ofEntries(byte[] entries, int count) {
        EventIdChunk chunk = new EventIdChunk(Arrays.copyOf(entries, Math.max(entries.length, 512)), entries.length,
                count);
        chunk.validate();
        return chunk;
    }

    /** Appends one id; the caller starts a new chunk once {@link #isFull()}. */
    void append(String eventId, long eventTimeMillis) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 0xFFFF) {
            throw new IllegalArgumentException("event id of " + id.length + " UTF-8 bytes is too long to remember for"
                    + " deduplication; use ids of at most 65,535 bytes");
        }
        ensureCapacity(length + 10 + id.length);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (eventTimeMillis >>> shift);
        }
        bytes[length++] = (byte) (id.length >>> 8);
        bytes[length++] = (byte) id.length;
        System.arraycopy(id, 0, bytes, length, id.length);
        length += id.length;
        count++;
    }

    int count() {
        return count;
    }

    boolean isFull() {
        return count >= CAPACITY;
    }

    /** Returns the encoded entries. */
    byte[] copyEntries() {
        return Arrays.copyOf(bytes, length);
    }

    /** Copies the encoded entries into {@code target} at {@code offset}; returns the number of bytes copied. */
    int copyEntriesTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, length);
        return length;
    }

    int encodedLength() {
        return length;
    }

    /** Calls {@code consumer} for each entry in append order. */
    void forEach(EntryConsumer consumer) {
        int position = 0;
        for (int index = 0; index < count; index++) {
            long timeMillis = 0;
            for (int i = 0; i < 8; i++) {
                timeMillis = (timeMillis << 8) | (bytes[position++] & 0xFF);
            }
            int idLength = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
            position += 2;
            String eventId = new String(bytes, position, idLength, StandardCharsets.UTF_8);
            position += idLength;
            consumer.accept(index, eventId, timeMillis);
        }
    }

    interface EntryConsumer {
        void accept(int index, String eventId, long eventTimeMillis);
    }

    private void validate() {
        int position = 0;
        for (int index = 0; index < count; index++) {
            if (position + 10 > length) {
                throw new IllegalStateException("event id chunk of " + length + " bytes ends inside entry " + index
                        + " of " + count);
            }
            position += 8;
            int idLength = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
            position += 2 + idLength;
        }
        if (position != length) {
            throw new IllegalStateException("event id chunk of " + length + " bytes is invalid: its " + count
                    + " entries take " + position + " bytes; reset the twin's state if it was written by another version");
        }
    }

    private void ensureCapacity(int required) {
        if (required > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(required, bytes.length * 2));
        }
    }
}

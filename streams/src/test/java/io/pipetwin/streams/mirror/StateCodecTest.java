package io.pipetwin.streams.mirror;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateCodecTest {

    @Test
    void textEncodingMatchesDataOutputStream() throws IOException {
        // ASCII, the NUL character (two bytes in modified UTF-8), two- and three-byte characters, a surrogate pair.
        for (String text : List.of("", "platform-1", "a\u0000b", "caf\u00e9", "\u20ac100", "gpu-\ud83d\ude80")) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(expected)) {
                out.writeUTF(text);
            }
            assertArrayEquals(expected.toByteArray(), StateCodec.encodeText(text), text);
        }
    }

    @Test
    void summaryRoundTripKeepsOpenChunk() {
        PlatformSummary summary = new PlatformSummary("p\u00e9-1");
        summary.latestEventTimeMillis = 1_000;
        summary.nextBoundaryMillis = 300_000;
        summary.nextQueueSequence = 7;
        summary.nodesInService = 3;
        summary.tasksWaiting = 2;
        summary.tasksRunning = 1;
        summary.increment(MirrorCounter.EVENTS_APPLIED);
        summary.add(MirrorCounter.TASKS_SUBMITTED, 5);
        summary.reject(RejectReason.DUPLICATE_EVENT);
        // 70 ids: one full chunk of 64 left, 6 in the open chunk.
        summary.nextEventIdSequence = 70;
        summary.firstRetainedEventIdSequence = 12;
        for (int i = 64; i < 70; i++) {
            summary.openEventIds.append("event-" + i, 1_000L * i);
        }

        PlatformSummary decoded = StateCodec.decodeSummary(StateCodec.encodeSummary(summary));

        assertEquals(summary.toCounters(), decoded.toCounters());
        assertEquals(7, decoded.nextQueueSequence);
        assertEquals(70, decoded.nextEventIdSequence);
        assertEquals(12, decoded.firstRetainedEventIdSequence);
        assertEquals(List.of("event-64@64000", "event-65@65000", "event-66@66000", "event-67@67000",
                "event-68@68000", "event-69@69000"), entries(decoded.openEventIds));
    }

    @Test
    void eventIdChunkRoundTrip() {
        EventIdChunk chunk = new EventIdChunk();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < EventIdChunk.CAPACITY; i++) {
            String id = "id-\u00fc-" + i;
            chunk.append(id, 10L * i);
            expected.add(id + "@" + 10L * i);
        }
        assertTrue(chunk.isFull());

        assertEquals(expected, entries(StateCodec.decodeEventIdChunk(StateCodec.encodeEventIdChunk(chunk))));
    }

    @Test
    void summaryOfOlderFormatIsRejected() {
        byte[] versionOne = {1, 0, 2, 'p', '1'};

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> StateCodec.decodeSummary(versionOne));

        assertTrue(error.getMessage().contains("format version 1"), error.getMessage());
        assertTrue(error.getMessage().contains("kafka-streams-application-reset"), error.getMessage());
    }

    @Test
    void truncatedChunkIsReportedAsCorrupt() {
        EventIdChunk chunk = new EventIdChunk();
        chunk.append("e1", 1);
        chunk.append("e2", 2);
        byte[] bytes = StateCodec.encodeEventIdChunk(chunk);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> StateCodec.decodeEventIdChunk(truncated));

        assertTrue(error.getMessage().contains("truncated or corrupt"), error.getMessage());
    }

    private static List<String> entries(EventIdChunk chunk) {
        List<String> entries = new ArrayList<>();
        chunk.forEach((index, eventId, timeMillis) -> entries.add(eventId + "@" + timeMillis));
        return entries;
    }

    @Test
    void pipelineArrivalRoundTripKeepsDependencies() {
        Arrival arrival = new Arrival(257, 5_000, "pipe-\u00e9", List.of(
                new ArrivalTask("prep", "preprocess", new ResourceDemand(4_000, 16_384, 0, 0, null), 1, List.of()),
                new ArrivalTask("train", "train", new ResourceDemand(8_000, 32_768, 2, 1000, "V100"), 2, List.of(0)),
                new ArrivalTask("deploy", "deploy", new ResourceDemand(1_000, 2_048, 0, 0, null), 1, List.of(0, 1))));

        byte[] bytes = StateCodec.encodeArrival(arrival);

        assertEquals(2, bytes[0], "format version of the arrivals values");
        assertEquals(arrival, StateCodec.decodeArrival(bytes));
    }

    @Test
    void taskArrivalOfFormatVersionOneIsRejected() {
        byte[] versionOne = {1, 0, 0, 0, 0, 0, 0, 0, 0};

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> StateCodec.decodeArrival(versionOne));
        assertTrue(error.getMessage().contains("version 1"), error.getMessage());
    }
}

package io.pipetwin.core.trace.pipetwin;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

class PlatformEventJsonlReaderTest {

    /** Monday 2024-01-01 00:00 UTC in epoch milliseconds. */
    private static final long MONDAY_MILLIS = 1_704_067_200_000L;

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static String event(String id, long offsetSeconds, String payload) {
        return "{\"eventId\":\"" + id + "\",\"platformId\":\"p\",\"eventTime\":" + (MONDAY_MILLIS + offsetSeconds * 1000)
                + ",\"source\":null,\"payload\":" + payload + "}";
    }

    @Test
    void eventsJoinIntoTasksInSubmitOrder() throws IOException {
        Path file = write(
                event("e0", 5, "{\"NodeAdded\":{\"nodeId\":\"n1\",\"pool\":null,\"cpuMilli\":8000,"
                        + "\"memoryMib\":1024,\"gpuCount\":2,\"gpuModel\":\"A10\"}}"),
                event("e1", 10, "{\"PipelineSubmitted\":{\"pipelineId\":\"p1\",\"tenant\":\"t1\",\"modelId\":\"m\","
                        + "\"framework\":\"pytorch\",\"datasetSizeBytes\":1,\"trigger\":\"MANUAL\",\"priority\":2,"
                        + "\"tasks\":[{\"taskId\":\"p1/train\",\"taskType\":\"train\",\"request\":{\"cpuMilli\":4000,"
                        + "\"memoryMib\":512,\"gpuCount\":1,\"gpuMilli\":1000,\"gpuModel\":null},\"dependsOn\":[],"
                        + "\"nodeCount\":1},{\"taskId\":\"p1/deploy\",\"taskType\":\"deploy\",\"request\":{\"cpuMilli\":"
                        + "1000,\"memoryMib\":256,\"gpuCount\":0,\"gpuMilli\":0,\"gpuModel\":null},"
                        + "\"dependsOn\":[\"p1/train\"],\"nodeCount\":1}]}}"),
                event("e2", 12, "{\"io.pipetwin.schemas.avro.TaskStarted\":{\"pipelineId\":\"p1\",\"taskId\":\"p1/train\","
                        + "\"nodeId\":\"n1\",\"extraNodeIds\":[]}}"),
                event("e3", 112, "{\"TaskFinished\":{\"pipelineId\":\"p1\",\"taskId\":\"p1/train\",\"status\":\"FAILED\"}}"));
        try (PlatformEventJsonlReader reader = new PlatformEventJsonlReader(file, RowErrorPolicy.FAIL)) {
            TraceTask train = reader.next();
            TraceTask deploy = reader.next();
            assertFalse(reader.hasNext());
            assertAll(
                    () -> assertEquals("p1/train", train.taskId()),
                    () -> assertEquals("p1", train.jobId()),
                    () -> assertEquals(10, train.submitTimeSeconds()),
                    () -> assertEquals(2, train.queueingDelaySeconds().getAsLong()),
                    () -> assertEquals(100, train.runSeconds().getAsLong()),
                    () -> assertEquals(TraceTaskStatus.FAILED, train.status()),
                    () -> assertEquals("t1", train.user()),
                    () -> assertEquals("2", train.priorityClass()),
                    () -> assertEquals(TraceTaskStatus.PENDING, deploy.status()));
        }
        List<TraceNode> nodes = PlatformEventJsonlReader.readNodes(file);
        assertEquals(List.of(new TraceNode("n1", 8000, 1024, 2, "A10")), nodes);
    }

    @Test
    void eventForUnknownTaskNamesLine() throws IOException {
        Path file = write(event("e1", 1, "{\"TaskStarted\":{\"pipelineId\":\"p\",\"taskId\":\"ghost\",\"nodeId\":\"n\"}}"));
        try (PlatformEventJsonlReader reader = new PlatformEventJsonlReader(file, RowErrorPolicy.FAIL)) {
            TraceFormatException error = assertThrows(TraceFormatException.class, reader::hasNext);
            assertAll(
                    () -> assertEquals(1, error.line()),
                    () -> assertEquals("taskId", error.column()),
                    () -> assertEquals("ghost", error.value()));
        }
    }

    @Test
    void malformedLinesAreSkippedUnderSkipPolicy() throws IOException {
        Path file = write("{not json", event("e1", 1, "{\"A\":{},\"B\":{}}"),
                event("e2", 1, "{\"PipelineSubmitted\":{\"pipelineId\":\"p\",\"tenant\":\"t\",\"tasks\":[{\"taskId\":"
                        + "\"p/a\",\"taskType\":\"train\",\"request\":{\"cpuMilli\":1,\"memoryMib\":1,\"gpuCount\":0}}]}}"));
        try (PlatformEventJsonlReader reader = new PlatformEventJsonlReader(file, RowErrorPolicy.SKIP)) {
            assertEquals("p/a", reader.next().taskId());
            assertEquals(2, reader.rowsSkipped());
        }
    }
}

package io.pipetwin.core.trace.philly;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.support.ExternalSortedReader;

class PhillyCsvReaderTest {

    private static final String HEADER = "timestamp,duration,num_gpus,gpu_time,cluster";

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("philly.csv");
        Files.writeString(file, String.join("\n", lines) + "\n\n");
        return file;
    }

    @Test
    void rowMapsToTaskWithRecordedRunTime() throws IOException {
        Path file = write(HEADER, "2017-08-07 01:00:30,600,4,2400,6214e9");
        try (PhillyCsvReader reader = new PhillyCsvReader(file, RowErrorPolicy.FAIL)) {
            TraceTask task = reader.next();
            assertAll(
                    () -> assertEquals("philly-2", task.taskId()),
                    () -> assertEquals(3600 + 30, task.submitTimeSeconds(), "seconds from Monday 2017-08-07 00:00"),
                    () -> assertEquals(600, task.recordedRunSeconds().getAsLong()),
                    () -> assertEquals(600, task.runSeconds().getAsLong()),
                    () -> assertFalse(task.started()),
                    () -> assertEquals(4, task.request().gpuCount()),
                    () -> assertEquals(1, task.nodeCount()),
                    () -> assertEquals("6214e9", task.user()));
            assertFalse(reader.hasNext(), "the trailing blank line is not a row");
        }
    }

    @Test
    void jobsAboveEightGpusSpanNodes() throws IOException {
        Path file = write(HEADER, "2017-08-07 00:00:00,10,16,160,a", "2017-08-07 00:00:00,10,12,120,a");
        try (PhillyCsvReader reader = new PhillyCsvReader(file, RowErrorPolicy.FAIL)) {
            TraceTask sixteen = reader.next();
            TraceTask twelve = reader.next();
            assertAll(
                    () -> assertEquals(2, sixteen.nodeCount()),
                    () -> assertEquals(8, sixteen.request().gpuCount()),
                    () -> assertEquals(2, twelve.nodeCount()),
                    () -> assertEquals(6, twelve.request().gpuCount()));
        }
    }

    @Test
    void malformedTimestampNamesLineColumnAndValue() throws IOException {
        Path file = write(HEADER, "2017-08-07 00:00:00,10,1,10,a", "2017/08/07 00:00,10,1,10,a");
        try (PhillyCsvReader reader = new PhillyCsvReader(file, RowErrorPolicy.FAIL)) {
            reader.next();
            TraceFormatException error = assertThrows(TraceFormatException.class, reader::next);
            assertAll(
                    () -> assertEquals("philly.csv", error.file()),
                    () -> assertEquals(3, error.line()),
                    () -> assertEquals("timestamp", error.column()),
                    () -> assertEquals("2017/08/07 00:00", error.value()),
                    () -> assertTrue(error.getMessage().contains("--skip-invalid-rows"), error.getMessage()));
        }
    }

    @Test
    void skipPolicyCountsInvalidRows() throws IOException {
        Path file = write(HEADER, "2017-08-07 00:00:00,-5,1,10,a", "2017-08-07 00:00:01,10,x,10,a",
                "2017-08-07 00:00:02,10,1,10,a");
        try (PhillyCsvReader reader = new PhillyCsvReader(file, RowErrorPolicy.SKIP)) {
            List<TraceTask> tasks = new ArrayList<>();
            reader.forEachRemaining(tasks::add);
            assertEquals(1, tasks.size());
            assertEquals(3, reader.rowsRead());
            assertEquals(2, reader.rowsSkipped());
        }
    }

    @Test
    void externalSortGivesSubmitOrderAcrossRuns() throws IOException {
        Path file = write(HEADER, "2017-08-09 00:00:00,1,1,1,a", "2017-08-07 00:00:00,2,1,2,a",
                "2017-08-08 00:00:00,3,1,3,a", "2017-08-07 00:00:00,4,1,4,b", "2017-08-07 12:00:00,5,1,5,a");
        List<Long> runs = new ArrayList<>();
        List<Long> submits = new ArrayList<>();
        try (ExternalSortedReader sorted = new ExternalSortedReader(new PhillyCsvReader(file, RowErrorPolicy.FAIL), 2)) {
            assertEquals(3, sorted.runCount(), "5 rows in runs of 2");
            sorted.forEachRemaining(task -> {
                runs.add(task.recordedRunSeconds().getAsLong());
                submits.add(task.submitTimeSeconds());
            });
        }
        // Equal submit times keep file order: duration 2 (line 3) before duration 4 (line 5).
        assertEquals(List.of(2L, 4L, 5L, 3L, 1L), runs);
        assertEquals(List.of(0L, 0L, 43_200L, 86_400L, 172_800L), submits);
    }

    @Test
    void missingColumnIsReportedForTheFile() throws IOException {
        Path file = write("timestamp,duration,cluster", "2017-08-07 00:00:00,1,a");
        TraceFormatException error = assertThrows(TraceFormatException.class,
                () -> new PhillyCsvReader(file, RowErrorPolicy.FAIL));
        assertTrue(error.getMessage().contains("num_gpus"), error.getMessage());
    }
}

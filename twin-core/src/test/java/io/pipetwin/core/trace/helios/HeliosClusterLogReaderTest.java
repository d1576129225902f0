package io.pipetwin.core.trace.helios;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

class HeliosClusterLogReaderTest {

    private static final String HEADER =
            "job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,start_time,end_time,duration,queue";

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("cluster_log.csv");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void jobRowMapsTimesDemandAndState() throws IOException {
        Path file = write(HEADER,
                "7,u3,vcA,16,32,2,COMPLETED,2020-03-30 01:00:00,2020-03-30 01:00:10,2020-03-30 02:00:10,3600,10",
                "8,u3,vcA,0,4,1,CANCELLED,2020-03-30 03:00:00,,,0,0");
        try (HeliosClusterLogReader reader = new HeliosClusterLogReader(file, RowErrorPolicy.FAIL)) {
            TraceTask job = reader.next();
            TraceTask cancelled = reader.next();
            assertFalse(reader.hasNext());
            assertAll(
                    () -> assertEquals(3600, job.submitTimeSeconds()),
                    () -> assertEquals(10, job.queueingDelaySeconds().getAsLong()),
                    () -> assertEquals(3600, job.runSeconds().getAsLong()),
                    () -> assertEquals(2, job.nodeCount()),
                    () -> assertEquals(8, job.request().gpuCount()),
                    () -> assertEquals(16_000, job.request().cpuMilli(), "32 vCPUs over 2 nodes"),
                    () -> assertEquals("u3", job.user()),
                    () -> assertEquals("vcA", job.priorityClass()),
                    () -> assertEquals(TraceTaskStatus.SUCCEEDED, job.status()),
                    () -> assertEquals(TraceTaskStatus.PENDING, cancelled.status(), "cancelled before it started"));
        }
    }

    @Test
    void numericTimesAreSeconds() throws IOException {
        Path file = write(HEADER, "1,u,v,1,1,1,FAILED,100,150,400,250,50");
        try (HeliosClusterLogReader reader = new HeliosClusterLogReader(file, RowErrorPolicy.FAIL)) {
            TraceTask job = reader.next();
            assertAll(
                    () -> assertEquals(100, job.submitTimeSeconds()),
                    () -> assertEquals(TraceTaskStatus.FAILED, job.status()));
        }
    }

    @Test
    void startBeforeSubmitIsRejected() throws IOException {
        Path file = write(HEADER, "1,u,v,1,1,1,COMPLETED,2020-04-01 00:00:10,2020-04-01 00:00:00,,0,0");
        try (HeliosClusterLogReader reader = new HeliosClusterLogReader(file, RowErrorPolicy.FAIL)) {
            TraceFormatException error = assertThrows(TraceFormatException.class, reader::next);
            assertAll(
                    () -> assertEquals(2, error.line()),
                    () -> assertEquals("start_time", error.column()),
                    () -> assertEquals("2020-04-01 00:00:00", error.value()));
        }
    }

    @Test
    void unknownStateIsSkippedUnderSkipPolicy() throws IOException {
        Path file = write(HEADER, "1,u,v,1,1,1,EXPLODED,100,150,400,250,50", "2,u,v,1,1,1,RUNNING,100,150,,0,50");
        try (HeliosClusterLogReader reader = new HeliosClusterLogReader(file, RowErrorPolicy.SKIP)) {
            TraceTask running = reader.next();
            assertAll(
                    () -> assertEquals("2", running.taskId()),
                    () -> assertEquals(TraceTaskStatus.RUNNING, running.status()),
                    () -> assertFalse(running.endTimeSeconds().isPresent()),
                    () -> assertEquals(1, reader.rowsSkipped()));
        }
    }
}

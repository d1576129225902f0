package io.pipetwin.core.trace.philly;

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

/** Fixtures follow the published structure of cluster_job_log: a JSON array of jobs with attempts. */
class PhillyJobLogReaderTest {

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("cluster_job_log");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void retriedJobSpansAllAttempts() throws IOException {
        Path file = write("""
                [
                  {"status": "Pass", "vc": "vc01", "jobid": "application_1_0001", "user": "u1",
                   "submitted_time": "2017-10-02 10:00:00",
                   "attempts": [
                     {"start_time": "2017-10-02 10:05:00", "end_time": "2017-10-02 10:06:00",
                      "detail": [{"ip": "m1", "gpus": ["gpu0"]}]},
                     {"start_time": "2017-10-02 10:10:00", "end_time": "2017-10-02 11:10:00",
                      "detail": [{"ip": "m2", "gpus": ["gpu0", "gpu1", "gpu2", "gpu3"]},
                                 {"ip": "m3", "gpus": ["gpu0", "gpu1", "gpu2", "gpu3"]}]}
                   ]},
                  {"status": "Killed", "vc": "vc01", "jobid": "application_1_0002", "user": "u2",
                   "submitted_time": "2017-10-02 12:00:00", "attempts": []}
                ]
                """);
        long monday = 8 * 7 * 86_400L; // 2017-10-02 is 8 weeks after Monday 2017-08-07
        try (PhillyJobLogReader reader = new PhillyJobLogReader(file, RowErrorPolicy.FAIL)) {
            TraceTask job = reader.next();
            TraceTask neverStarted = reader.next();
            assertFalse(reader.hasNext());
            assertAll(
                    () -> assertEquals(monday + 10 * 3600, job.submitTimeSeconds()),
                    () -> assertEquals(monday + 10 * 3600 + 300, job.startTimeSeconds().getAsLong()),
                    () -> assertEquals(monday + 11 * 3600 + 600, job.endTimeSeconds().getAsLong()),
                    () -> assertEquals(2, job.attempts()),
                    () -> assertEquals(2, job.nodeCount()),
                    () -> assertEquals(4, job.request().gpuCount()),
                    () -> assertEquals(TraceTaskStatus.SUCCEEDED, job.status()),
                    () -> assertEquals("u1", job.user()),
                    () -> assertEquals("vc01", job.priorityClass()),
                    () -> assertEquals(TraceTaskStatus.PENDING, neverStarted.status()),
                    () -> assertFalse(neverStarted.started()));
        }
    }

    @Test
    void badTimestampNamesFieldAndValue() throws IOException {
        Path file = write("""
                [
                  {"status": "Pass", "jobid": "j1", "submitted_time": "yesterday", "attempts": []}
                ]
                """);
        try (PhillyJobLogReader reader = new PhillyJobLogReader(file, RowErrorPolicy.FAIL)) {
            TraceFormatException error = assertThrows(TraceFormatException.class, reader::next);
            assertAll(
                    () -> assertEquals(2, error.line()),
                    () -> assertEquals("submitted_time", error.column()),
                    () -> assertEquals("yesterday", error.value()));
        }
    }

    @Test
    void skipPolicySkipsInvalidJobs() throws IOException {
        Path file = write("""
                [
                  {"status": "Pass", "submitted_time": "2017-10-02 10:00:00", "attempts": []},
                  {"status": "Odd", "jobid": "j2", "submitted_time": "2017-10-02 10:00:00",
                   "attempts": [{"start_time": "2017-10-02 10:00:01", "end_time": "None", "detail": []}]},
                  {"status": "Failed", "jobid": "j3", "submitted_time": "2017-10-02 10:00:00",
                   "attempts": [{"start_time": "2017-10-02 10:00:01", "end_time": null, "detail": []}]}
                ]
                """);
        try (PhillyJobLogReader reader = new PhillyJobLogReader(file, RowErrorPolicy.SKIP)) {
            TraceTask job = reader.next();
            assertFalse(reader.hasNext());
            assertAll(
                    () -> assertEquals("j3", job.taskId()),
                    () -> assertFalse(job.endTimeSeconds().isPresent(), "end_time null is unknown"),
                    () -> assertEquals(3, reader.rowsRead()),
                    () -> assertEquals(2, reader.rowsSkipped()));
        }
    }

    @Test
    void fileThatIsNotAnArrayIsRejected() throws IOException {
        Path file = write("{\"jobid\": \"j1\"}");
        assertThrows(TraceFormatException.class, () -> new PhillyJobLogReader(file, RowErrorPolicy.FAIL));
    }
}

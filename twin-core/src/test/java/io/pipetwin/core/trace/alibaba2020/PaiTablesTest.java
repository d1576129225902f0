package io.pipetwin.core.trace.alibaba2020;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

/** Headerless fixtures in the column order of the published {@code data/*.header} files. */
class PaiTablesTest {

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void taskTableRowMapsPercentagesToRequests() throws IOException {
        Path file = write("pai_task_table.csv",
                "j1,worker,4,Terminated,1000.0,1600.0,600.0,29.296875,50.0,T4",
                "j2,ps,1,Running,2000,,100,2,,MISC");
        try (PaiTaskTableReader reader = new PaiTaskTableReader(file, RowErrorPolicy.FAIL)) {
            TraceTask worker = reader.next();
            TraceTask ps = reader.next();
            assertFalse(reader.hasNext());
            assertAll(
                    () -> assertEquals("j1/worker", worker.taskId()),
                    () -> assertEquals("j1", worker.jobId()),
                    () -> assertEquals("worker", worker.jobType()),
                    () -> assertEquals(1000, worker.submitTimeSeconds()),
                    () -> assertEquals(600, worker.recordedRunSeconds().getAsLong()),
                    () -> assertEquals(4, worker.nodeCount(), "one node per instance"),
                    () -> assertEquals(6000, worker.request().cpuMilli(), "600% of a core is 6 cores"),
                    () -> assertEquals(30_000, worker.request().memoryMib(), "29.296875 GB"),
                    () -> assertEquals(1, worker.request().gpuCount()),
                    () -> assertEquals(500, worker.request().gpuMilli(), "50% of a GPU"),
                    () -> assertEquals("T4", worker.request().gpuModel()),
                    () -> assertEquals(TraceTaskStatus.SUCCEEDED, worker.status()),
                    () -> assertEquals(TraceTaskStatus.RUNNING, ps.status()),
                    () -> assertFalse(ps.recordedRunSeconds().isPresent()),
                    () -> assertEquals(0, ps.request().gpuCount()),
                    () -> assertNull(ps.request().gpuModel(), "MISC is no model constraint"));
        }
    }

    @Test
    void taskEndingBeforeItStartsIsRejected() throws IOException {
        Path file = write("pai_task_table.csv", "j1,worker,1,Terminated,500,400,100,1,100,V100");
        try (PaiTaskTableReader reader = new PaiTaskTableReader(file, RowErrorPolicy.FAIL)) {
            TraceFormatException error = assertThrows(TraceFormatException.class, reader::next);
            assertAll(
                    () -> assertEquals(1, error.line(), "headerless: the first row is line 1"),
                    () -> assertEquals("end_time", error.column()),
                    () -> assertEquals("400", error.value()));
        }
    }

    @Test
    void unknownStatusIsSkippedAndCounted() throws IOException {
        Path file = write("pai_task_table.csv", "j1,worker,1,Exploded,1,2,100,1,100,V100",
                "j2,worker,1,Failed,1,2,100,1,200,V100");
        try (PaiTaskTableReader reader = new PaiTaskTableReader(file, RowErrorPolicy.SKIP)) {
            TraceTask task = reader.next();
            assertFalse(reader.hasNext());
            assertAll(
                    () -> assertEquals("j2/worker", task.taskId()),
                    () -> assertEquals(2, task.request().gpuCount(), "200% is two GPUs"),
                    () -> assertEquals(1, reader.rowsSkipped()));
        }
    }

    @Test
    void instanceJobAndMachineTablesRead() throws IOException {
        Path instances = write("pai_instance_table.csv",
                "j1,worker,i1,w1,inst1,Terminated,100,200,m7", "j1,worker,i2,w2,inst1,Waiting,,,");
        Path jobs = write("pai_job_table.csv", "j1,inst1,alice,Terminated,90,250");
        Path machines = write("pai_machine_spec.csv", "m7,V100,96,512,8", "m8,,64,256,0");
        try (PaiInstanceTableReader reader = new PaiInstanceTableReader(instances, RowErrorPolicy.FAIL)) {
            TraceTask ran = reader.next();
            TraceTask waiting = reader.next();
            assertAll(
                    () -> assertEquals(100, ran.startTimeSeconds().getAsLong()),
                    () -> assertEquals(200, ran.endTimeSeconds().getAsLong()),
                    () -> assertEquals("m7", ran.user()),
                    () -> assertEquals(TraceTaskStatus.PENDING, waiting.status()),
                    () -> assertFalse(waiting.started()));
        }
        try (PaiJobTableReader reader = new PaiJobTableReader(jobs, RowErrorPolicy.FAIL)) {
            TraceTask job = reader.next();
            assertAll(
                    () -> assertEquals("alice", job.user()),
                    () -> assertEquals(90, job.submitTimeSeconds()),
                    () -> assertEquals(160, job.recordedRunSeconds().getAsLong()));
        }
        try (PaiMachineSpecReader reader = new PaiMachineSpecReader(machines, RowErrorPolicy.FAIL)) {
            TraceNode gpuNode = reader.next();
            TraceNode cpuNode = reader.next();
            assertAll(
                    () -> assertEquals(new TraceNode("m7", 96_000, 512 * 1024, 8, "V100"), gpuNode),
                    () -> assertEquals(new TraceNode("m8", 64_000, 256 * 1024, 0, null), cpuNode));
        }
    }
}

package io.pipetwin.core.trace.alibaba2025;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

class DlrmTraceReaderTest {

    private static final String HEADER = "instance_sn,role,app_name,cpu_request,cpu_limit,gpu_request,gpu_limit,"
            + "rdma_request,rdma_limit,memory_request,memory_limit,disk_request,disk_limit,max_instance_per_node,"
            + "creation_time,scheduled_time,deletion_time";

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("disaggregated_DLRM_trace.csv");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void missingTimesFollowTheTraceWindow() throws IOException {
        Path file = write(HEADER,
                "i0,HN,app_0,12,12,1,1,25,25,120.0,120.0,640.0,800.0,8,,,",
                "i1,CN,app_1,64,64,0,0,0,0,256.0,256.0,100.0,100.0,-1,500.0,530.0,NaN",
                "i2,CN,app_1,48,48,0,0,0,0,128.0,128.0,100.0,100.0,-1,100.0,100.0,9000.0");
        List<TraceTask> tasks = DlrmTraceReader.readSorted(file, RowErrorPolicy.FAIL);
        TraceTask existing = tasks.get(0);
        TraceTask deleted = tasks.get(1);
        TraceTask outlived = tasks.get(2);
        assertAll(
                () -> assertEquals("i0", existing.taskId()),
                () -> assertTrue(existing.presentAtStart()),
                () -> assertEquals(0, existing.startTimeSeconds().getAsLong()),
                () -> assertEquals(TraceTaskStatus.RUNNING, existing.status()),
                () -> assertEquals(1, existing.request().gpuCount()),
                () -> assertEquals(12_000, existing.request().cpuMilli()),
                () -> assertEquals(120 * 1024, existing.request().memoryMib()),
                () -> assertEquals("HN", existing.jobType()),
                () -> assertEquals("i2", deleted.taskId(), "sorted by creation time, 100 before 500"),
                () -> assertEquals(TraceTaskStatus.KILLED, deleted.status()),
                () -> assertEquals(8900, deleted.runSeconds().getAsLong()),
                () -> assertEquals(30, outlived.queueingDelaySeconds().getAsLong()),
                () -> assertFalse(outlived.endTimeSeconds().isPresent()),
                () -> assertEquals(TraceTaskStatus.RUNNING, outlived.status()));
    }

    @Test
    void deletionBeforeSchedulingIsRejected() throws IOException {
        Path file = write(HEADER, "i1,CN,app_1,64,64,0,0,0,0,256.0,256.0,100.0,100.0,-1,500.0,530.0,520.0");
        try (DlrmTraceReader reader = new DlrmTraceReader(file, RowErrorPolicy.FAIL)) {
            TraceFormatException error = assertThrows(TraceFormatException.class, reader::next);
            assertAll(
                    () -> assertEquals(2, error.line()),
                    () -> assertEquals("deletion_time", error.column()),
                    () -> assertEquals("520.0", error.value()));
        }
    }

    @Test
    void fractionalGpuRequestIsSkippedUnderSkipPolicy() throws IOException {
        Path file = write(HEADER, "i1,HN,app_1,8,8,0.5,1,0,0,64.0,64.0,1.0,1.0,-1,1.0,1.0,2.0",
                "i2,HN,app_1,8,8,1,1,0,0,64.0,64.0,1.0,1.0,-1,1.0,1.0,2.0");
        try (DlrmTraceReader reader = new DlrmTraceReader(file, RowErrorPolicy.SKIP)) {
            assertEquals("i2", reader.next().taskId());
            assertEquals(1, reader.rowsSkipped());
        }
    }
}

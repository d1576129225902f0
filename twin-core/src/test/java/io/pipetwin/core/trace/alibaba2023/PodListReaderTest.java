package io.pipetwin.core.trace.alibaba2023;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodListReaderTest {

    private static final String HEADER =
            "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time";

    @TempDir
    Path dir;

    @Test
    void validRowsMapToTasks() throws IOException {
        Path file = write("pods.csv", HEADER,
                "p0,12000,16384,1,460,,LS,Succeeded,0,700,100",
                "p1,4000,8192,0,0,,BE,Failed,10,40,10",
                "p2,8000,4096,8,1000,V100M32,LS,Running,20,900,25",
                "p3,1000,1024,1,1000,,BE,Running,30,1000,30",
                "p4,2000,2048,2,1000,,Burstable,Pending,40,60,");

        List<TraceTask> tasks = readAll(file, RowErrorPolicy.FAIL, 1000);

        assertEquals(5, tasks.size());
        TraceTask succeeded = tasks.get(0);
        assertAll("p0",
                () -> assertEquals("p0", succeeded.taskId()),
                () -> assertEquals("p0", succeeded.jobId()),
                () -> assertEquals(0, succeeded.submitTimeSeconds()),
                () -> assertEquals(OptionalLong.of(100), succeeded.startTimeSeconds()),
                () -> assertEquals(OptionalLong.of(700), succeeded.endTimeSeconds()),
                () -> assertEquals(12000, succeeded.request().cpuMilli()),
                () -> assertEquals(16384, succeeded.request().memoryMib()),
                () -> assertEquals(1, succeeded.request().gpuCount()),
                () -> assertEquals(460, succeeded.request().gpuMilli()),
                () -> assertNull(succeeded.request().gpuModel()),
                () -> assertEquals("LS", succeeded.priorityClass()),
                () -> assertEquals(TraceTaskStatus.SUCCEEDED, succeeded.status()));
        assertEquals(TraceTaskStatus.FAILED, tasks.get(1).status());
        assertEquals("V100M32", tasks.get(2).request().gpuModel());
        assertEquals(TraceTaskStatus.KILLED, tasks.get(2).status(), "Running pod deleted before the trace end");
        assertEquals(OptionalLong.of(900), tasks.get(2).endTimeSeconds());
        assertEquals(TraceTaskStatus.RUNNING, tasks.get(3).status(), "Running pod deleted at the trace end");
        assertEquals(OptionalLong.empty(), tasks.get(3).endTimeSeconds());
        assertEquals("Running", tasks.get(3).rawStatus());
        assertEquals(TraceTaskStatus.PENDING, tasks.get(4).status());
        assertFalse(tasks.get(4).started());
        assertEquals(OptionalLong.of(60), tasks.get(4).endTimeSeconds());
    }

    @Test
    void columnsFoundByHeaderName() throws IOException {
        Path file = write("pods.csv",
                "scheduled_time,deletion_time,creation_time,pod_phase,qos,gpu_spec,gpu_milli,num_gpu,memory_mib,cpu_milli,name",
                "5,50,1,Succeeded,LS,,300,1,2048,1500,shuffled");

        TraceTask task = readAll(file, RowErrorPolicy.FAIL, 50).get(0);

        assertEquals("shuffled", task.taskId());
        assertEquals(1500, task.request().cpuMilli());
        assertEquals(2048, task.request().memoryMib());
        assertEquals(300, task.request().gpuMilli());
        assertEquals(1, task.submitTimeSeconds());
        assertEquals(OptionalLong.of(5), task.startTimeSeconds());
        assertEquals(OptionalLong.of(50), task.endTimeSeconds());
    }

    static Stream<Arguments> invalidRows() {
        return Stream.of(
                Arguments.of("bad,,1024,0,0,,LS,Succeeded,0,10,0", "cpu_milli", "", "value is missing"),
                Arguments.of("bad,abc,1024,0,0,,LS,Succeeded,0,10,0", "cpu_milli", "abc", "'abc' is not an integer"),
                Arguments.of("bad,1000,-5,0,0,,LS,Succeeded,0,10,0", "memory_mib", "-5", "-5 is negative"),
                Arguments.of("bad,1000,1024,0,0,,LS,Succeeded,250,100,250", "deletion_time", "100",
                        "100 is before creation_time 250"),
                Arguments.of("bad,1000,1024,0,0,,LS,Succeeded,10,20,30", "deletion_time", "20",
                        "20 is before scheduled_time 30"),
                Arguments.of("bad,1000,1024,0,0,,LS,Succeeded,10,40,5", "scheduled_time", "5",
                        "5 is before creation_time 10"),
                Arguments.of("bad,1000,1024,9,1000,,LS,Succeeded,0,10,0", "num_gpu", "9", "9 is outside 0..8"),
                Arguments.of("bad,1000,1024,1,1001,,LS,Succeeded,0,10,0", "gpu_milli", "1001", "1001 is outside 0..1000"),
                Arguments.of("bad,1000,1024,0,500,,LS,Succeeded,0,10,0", "gpu_milli", "500", "num_gpu is 0"),
                Arguments.of("bad,1000,1024,2,500,,LS,Succeeded,0,10,0", "gpu_milli", "500", "only defined for num_gpu 1"),
                Arguments.of("bad,1000,1024,0,0,,LS,Running,0,10,", "scheduled_time", "", "only Pending pods may lack it"),
                Arguments.of("bad,1000,1024,0,0,,LS,Pending,0,10,3", "scheduled_time", "3", "never scheduled"),
                Arguments.of("bad,1000,1024,0,0,,LS,Evicted,0,10,0", "pod_phase", "Evicted", "unknown pod_phase"),
                Arguments.of(",1000,1024,0,0,,LS,Succeeded,0,10,0", "name", "", "value is missing"));
    }

    @ParameterizedTest
    @MethodSource("invalidRows")
    void invalidRowRejectedWithLocation(String row, String column, String value, String detail) throws IOException {
        Path file = write("openb_pod_list_default.csv", HEADER, "ok,1000,1024,0,0,,LS,Succeeded,0,10,0", row);

        TraceFormatException error = assertThrows(TraceFormatException.class,
                () -> readAll(file, RowErrorPolicy.FAIL, 1000));

        assertEquals("openb_pod_list_default.csv", error.file());
        assertEquals(3, error.line());
        assertEquals(column, error.column());
        assertEquals(value, error.value());
        assertTrue(error.getMessage().startsWith("openb_pod_list_default.csv line 3, column " + column + ": "),
                error.getMessage());
        assertTrue(error.getMessage().contains(detail), error.getMessage());
        assertTrue(error.getMessage().endsWith("fix the row or pass --skip-invalid-rows"), error.getMessage());
    }

    @Test
    void unsortedCreationTimeRejected() throws IOException {
        Path file = write("pods.csv", HEADER,
                "a,1000,1024,0,0,,LS,Succeeded,50,60,50",
                "b,1000,1024,0,0,,LS,Succeeded,40,60,40");

        TraceFormatException error = assertThrows(TraceFormatException.class,
                () -> readAll(file, RowErrorPolicy.FAIL, 60));

        assertEquals(3, error.line());
        assertEquals("creation_time", error.column());
        assertTrue(error.getMessage().contains("40 is before creation_time 50 on line 2"), error.getMessage());
    }

    @Test
    void skipPolicyCountsInvalidRows() throws IOException {
        Path file = write("pods.csv", HEADER,
                "good0,1000,1024,0,0,,LS,Succeeded,0,10,0",
                "bad1,abc,1024,0,0,,LS,Succeeded,1,10,1",
                "bad2,1000,1024,0,0,,LS,Succeeded,250,100,250",
                "good3,1000,1024,1,500,,BE,Failed,2,10,3",
                "",
                "bad4,1000,1024,11,1000,,LS,Succeeded,3,10,3",
                "good5,1000,1024,0,0,,LS,Pending,4,10,");

        List<String> names = new ArrayList<>();
        long skipped;
        long read;
        try (PodListReader reader = new PodListReader(file, RowErrorPolicy.SKIP, 10)) {
            reader.forEachRemaining(task -> names.add(task.taskId()));
            skipped = reader.rowsSkipped();
            read = reader.rowsRead();
        }

        assertEquals(List.of("good0", "good3", "good5"), names);
        assertEquals(3, skipped);
        assertEquals(6, read);
    }

    @Test
    void missingHeaderColumnRejected() throws IOException {
        Path file = write("pods.csv", "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,scheduled_time",
                "a,1000,1024,0,0,,LS,Succeeded,0,0");

        TraceFormatException error = assertThrows(TraceFormatException.class,
                () -> readAll(file, RowErrorPolicy.SKIP, 0));

        assertTrue(error.getMessage().contains("missing column(s) [deletion_time]"), error.getMessage());
    }

    @Test
    void quotedFieldsParsed() throws IOException {
        Path file = write("pods.csv", HEADER, "\"pod,\"\"x\"\"\",1000,1024,0,0,,LS,Succeeded,0,10,\"0\"");

        TraceTask task = readAll(file, RowErrorPolicy.FAIL, 10).get(0);

        assertEquals("pod,\"x\"", task.taskId());
        assertEquals(OptionalLong.of(0), task.startTimeSeconds());
    }

    @Test
    void summaryFindsLastInstant() throws IOException {
        Path pods = write("pods.csv", HEADER,
                "a,1000,1024,0,0,,LS,Running,0,500,0",
                "b,1000,1024,0,0,,LS,Running,10,800,20",
                "c,1000,1024,0,0,,LS,Pending,30,90,");
        Path nodes = write("nodes.csv", "sn,cpu_milli,memory_mib,gpu,model", "n0,1000,1024,0,");

        AlibabaGpu2023Trace trace = AlibabaGpu2023Trace.of(pods, nodes);
        List<TraceTask> tasks = new ArrayList<>();
        try (PodListReader reader = trace.openPods(RowErrorPolicy.FAIL)) {
            reader.forEachRemaining(tasks::add);
        }

        assertEquals(new AlibabaGpu2023Trace.Summary(3, 800), trace.summary());
        assertEquals(TraceTaskStatus.KILLED, tasks.get(0).status());
        assertEquals(TraceTaskStatus.RUNNING, tasks.get(1).status());
    }

    private List<TraceTask> readAll(Path file, RowErrorPolicy policy, long traceEndSeconds) {
        List<TraceTask> tasks = new ArrayList<>();
        try (PodListReader reader = new PodListReader(file, policy, traceEndSeconds)) {
            reader.forEachRemaining(tasks::add);
        }
        return tasks;
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }
}

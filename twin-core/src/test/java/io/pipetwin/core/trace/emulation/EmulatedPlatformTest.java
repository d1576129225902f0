package io.pipetwin.core.trace.emulation;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pipetwin.core.platform.NodeSpec;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.formats.TraceFormat;

import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

class EmulatedPlatformTest {

    private static TraceTask job(String id, long submit, long run, int gpus, int nodes) {
        return new TraceTask(id, id, submit, OptionalLong.empty(), OptionalLong.empty(),
                new TraceResourceRequest(0, 0, gpus, 1000, null), TraceTaskStatus.SUCCEEDED, null, null, null, null, 0,
                nodes, OptionalLong.of(run));
    }

    private static TraceReader<TraceTask> reader(List<TraceTask> tasks) {
        Iterator<TraceTask> it = tasks.iterator();
        return new TraceReader<>() {
            long read;

            public boolean hasNext() {
                return it.hasNext();
            }

            public TraceTask next() {
                read++;
                return it.next();
            }

            public long rowsRead() {
                return read;
            }

            public long rowsSkipped() {
                return 0;
            }

            public void close() {
            }
        };
    }

    @Test
    void fifoScheduleOnOneEightGpuNode() {
        // Hand trace on one 8-GPU node, FIFO with head-of-line blocking:
        // a (t=0, 6 GPUs, 100 s) starts at 0 and ends at 100.
        // b (t=10, 4 GPUs, 50 s) does not fit beside a, waits, starts at 100 and ends at 150.
        // c (t=20, 2 GPUs, 30 s) would fit beside a, but strict FIFO keeps it behind b; at 100 b and c together
        // take 6 of 8 GPUs, so c starts at 100 and ends at 130.
        // d (t=30, 8 GPUs on each of 2 nodes) can never be placed on a one-node cluster.
        List<TraceTask> tasks = List.of(job("a", 0, 100, 6, 1), job("b", 10, 50, 4, 1), job("c", 20, 30, 2, 1),
                job("d", 30, 10, 8, 2));
        List<TraceTask> out = new ArrayList<>();
        try (EmulatedPlatform platform = new EmulatedPlatform(reader(tasks), EmulatedClusters.homogeneous(8))) {
            platform.forEachRemaining(out::add);
            assertEquals(1, platform.infeasibleTasks());
        }
        assertEquals(List.of("a", "b", "c", "d"), out.stream().map(TraceTask::taskId).toList(), "submit order");
        assertAll(
                () -> assertEquals(0, out.get(0).startTimeSeconds().getAsLong()),
                () -> assertEquals(100, out.get(0).endTimeSeconds().getAsLong()),
                () -> assertEquals(100, out.get(1).startTimeSeconds().getAsLong()),
                () -> assertEquals(150, out.get(1).endTimeSeconds().getAsLong()),
                () -> assertEquals(90, out.get(1).queueingDelaySeconds().getAsLong()),
                () -> assertEquals(100, out.get(2).startTimeSeconds().getAsLong()),
                () -> assertEquals(130, out.get(2).endTimeSeconds().getAsLong()),
                () -> assertFalse(out.get(3).started()),
                () -> assertEquals(TraceTaskStatus.PENDING, out.get(3).status()));
    }

    @Test
    void clusterForTraceSizedFromOnePass(@TempDir Path dir) throws IOException {
        // Two 8-GPU jobs of 35,000 s submitted 10,000 s apart: 560,000 GPU-seconds over a 10,000 s span at
        // 70% is 80 GPUs, so 10 nodes.
        Path trace = dir.resolve("philly.csv");
        Files.writeString(trace, "timestamp,duration,num_gpus,gpu_time,cluster\n"
                + "2017-08-07 00:00:00,35000,8,280000,a\n2017-08-07 02:46:40,35000,8,280000,a\n");
        List<NodeSpec> sized = EmulatedClusters.forTrace(TraceFormat.PHILLY_CSV, trace, null, RowErrorPolicy.FAIL, 0);
        List<NodeSpec> given = EmulatedClusters.forTrace(TraceFormat.PHILLY_CSV, trace, null, RowErrorPolicy.FAIL, 24);
        assertEquals(10, sized.size());
        assertEquals(3, given.size(), "--gpus 24 is 3 nodes");
    }

    @Test
    void clusterSizedForLoadRoundsToWholeNodes() {
        // 1,000,000 GPU-seconds over 10,000 s is 100 busy GPUs; at 70% that is 142.9, so 143 -> 144 GPUs.
        assertEquals(144, EmulatedClusters.gpusForLoad(1_000_000, 10_000, 0.7, 8));
        assertEquals(128, EmulatedClusters.gpusForLoad(10, 10_000, 0.7, 128), "at least the largest request");
    }
}

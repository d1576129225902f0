package io.pipetwin.core.trace.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

class ExternalSortedReaderTest {

    private static TraceReader<TraceTask> reader(List<TraceTask> tasks) {
        Iterator<TraceTask> it = tasks.iterator();
        return new TraceReader<>() {
            public boolean hasNext() {
                return it.hasNext();
            }

            public TraceTask next() {
                return it.next();
            }

            public long rowsRead() {
                return tasks.size();
            }

            public long rowsSkipped() {
                return 1;
            }

            public void close() {
            }
        };
    }

    @Test
    void spilledTasksRoundTripEveryField() {
        TraceTask full = new TraceTask("a\tb\\c\nd", "job,1", 30, OptionalLong.of(31), OptionalLong.of(90),
                new TraceResourceRequest(1500, 2048, 1, 250, "V100"), TraceTaskStatus.KILLED, "\\N", "LS", "user 1",
                "worker", 2, 3, OptionalLong.of(59));
        TraceTask sparse = new TraceTask("b", "b", 10, OptionalLong.empty(), OptionalLong.empty(),
                new TraceResourceRequest(0, 0, 0, 0, null), TraceTaskStatus.PENDING, null, null, null, null, 0, 1,
                OptionalLong.empty());
        List<TraceTask> out = new ArrayList<>();
        try (ExternalSortedReader sorted = new ExternalSortedReader(reader(List.of(full, sparse)), 1)) {
            sorted.forEachRemaining(out::add);
            assertEquals(2, sorted.runCount());
            assertEquals(1, sorted.rowsSkipped(), "counts come from the source reader");
        }
        assertEquals(List.of(sparse, full), out);
    }
}

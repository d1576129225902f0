package io.pipetwin.streams.reliability;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.trace.alibaba2023.NodeListReader;
import io.pipetwin.core.trace.alibaba2023.PodListReader;
import io.pipetwin.ingest.replay.TraceEventGenerator;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.avro.PlatformEvent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Platform events of the synthetic Alibaba-format trace, as the trace replay generates them. */
final class SyntheticEvents {

    private SyntheticEvents() {
    }

    /** Writes a synthetic trace of {@code pods} pods into {@code directory} and returns its events in replay order. */
    static List<PlatformEvent> generate(Path directory, String platformId, int pods, long seed) {
        AlibabaGpu2023Trace trace = SyntheticAlibabaTrace.write(directory, pods, seed);
        List<TraceNode> nodes = new ArrayList<>();
        try (NodeListReader reader = trace.openNodes(RowErrorPolicy.FAIL)) {
            reader.forEachRemaining(nodes::add);
        }
        List<PlatformEvent> events = new ArrayList<>();
        try (PodListReader reader = trace.openPods(RowErrorPolicy.FAIL)) {
            new TraceEventGenerator(platformId, TraceReplayConfig.DEFAULT_START_TIME, TraceReplayConfig.SOURCE, nodes,
                    reader).forEachRemaining(events::add);
        }
        return events;
    }
}

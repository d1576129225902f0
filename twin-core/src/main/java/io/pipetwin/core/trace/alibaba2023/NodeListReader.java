package io.pipetwin.core.trace.alibaba2023;

import java.nio.file.Path;
import java.util.List;

import io.pipetwin.core.trace.CsvRow;
import io.pipetwin.core.trace.CsvTraceReader;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;

/** Streaming reader of {@code openb_node_list_*.csv}: columns sn, cpu_milli, memory_mib, gpu, model. */
public final class NodeListReader extends CsvTraceReader<TraceNode> {

    public static final String SN = "sn";
    public static final String CPU_MILLI = "cpu_milli";
    public static final String MEMORY_MIB = "memory_mib";
    public static final String GPU = "gpu";
    public static final String MODEL = "model";

    /** GPUs per node the format allows; the published cluster has at most 8. */
    public static final int MAX_GPUS_PER_NODE = 64;

    public NodeListReader(Path file, RowErrorPolicy policy) {
        super(file, List.of(SN, CPU_MILLI, MEMORY_MIB, GPU, MODEL), policy);
    }

    @Override
    protected TraceNode parse(CsvRow row) {
        String nodeId = row.requiredText(SN);
        long cpuMilli = row.requiredNonNegativeLong(CPU_MILLI);
        long memoryMib = row.requiredNonNegativeLong(MEMORY_MIB);
        int gpuCount = row.requiredIntInRange(GPU, 0, MAX_GPUS_PER_NODE);
        String model = row.text(MODEL);

        if (gpuCount > 0 && model.isEmpty()) {
            throw row.error(MODEL, model, "model is empty but the node has " + gpuCount + " GPU(s)");
        }
        if (gpuCount == 0 && !model.isEmpty()) {
            throw row.error(MODEL, model, "model " + model + " is set but gpu is 0");
        }
        return new TraceNode(nodeId, cpuMilli, memoryMib, gpuCount, model.isEmpty() ? null : model);
    }
}

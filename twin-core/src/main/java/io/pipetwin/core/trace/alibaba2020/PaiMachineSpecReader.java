package io.pipetwin.core.trace.alibaba2020;

import java.nio.file.Path;
import java.util.List;

import io.pipetwin.core.trace.CsvRow;
import io.pipetwin.core.trace.CsvTraceReader;
import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;

/**
 * Streaming reader of the headerless {@code pai_machine_spec.csv}: machine, gpu_type, cap_cpu (cores),
 * cap_mem (GB), cap_gpu (GPUs).
 */
public final class PaiMachineSpecReader extends CsvTraceReader<TraceNode> {

    public static final List<String> COLUMNS = List.of("machine", "gpu_type", "cap_cpu", "cap_mem", "cap_gpu");

    public PaiMachineSpecReader(Path file, RowErrorPolicy policy) {
        super(file, COLUMNS, policy, true);
    }

    @Override
    protected TraceNode parse(CsvRow row) {
        String machine = row.requiredText("machine");
        long cpuMilli = Math.round(row.requiredNonNegativeDouble("cap_cpu") * 1000);
        long memoryMib = Math.round(row.requiredNonNegativeDouble("cap_mem") * 1024);
        int gpus = row.requiredIntInRange("cap_gpu", 0, 64);
        String model = row.text("gpu_type");
        return new TraceNode(machine, cpuMilli, memoryMib, gpus, gpus == 0 || model.isEmpty() ? null : model);
    }
}

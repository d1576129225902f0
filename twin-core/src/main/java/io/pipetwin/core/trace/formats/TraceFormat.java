package io.pipetwin.core.trace.formats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.alibaba2020.PaiMachineSpecReader;
import io.pipetwin.core.trace.alibaba2020.PaiTaskTableReader;
import io.pipetwin.core.trace.alibaba2023.AlibabaGpu2023Trace;
import io.pipetwin.core.trace.alibaba2023.NodeListReader;
import io.pipetwin.core.trace.alibaba2025.DlrmTraceReader;
import io.pipetwin.core.trace.helios.HeliosClusterLogReader;
import io.pipetwin.core.trace.philly.PhillyCsvReader;
import io.pipetwin.core.trace.philly.PhillyJobLogReader;
import io.pipetwin.core.trace.pipetwin.PlatformEventJsonlReader;
import io.pipetwin.core.trace.support.ExternalSortedReader;

/**
 * The trace formats commands accept with {@code --format}, each with a reader that returns tasks in
 * submit order (unsorted files go through {@link ExternalSortedReader}) and, where the format has one, a
 * node list.
 */
public enum TraceFormat {

    /** Alibaba GPU 2023 pod list; nodes from {@code --nodes} or {@code openb_node_list_all_node.csv} beside it. */
    ALIBABA_GPU_2023("alibaba-gpu-2023", true) {
        @Override
        public TraceReader<TraceTask> openTasks(Path input, RowErrorPolicy policy) {
            return trace(input, null).openPods(policy);
        }

        @Override
        public List<TraceNode> readNodes(Path input, Path nodes, RowErrorPolicy policy) {
            AlibabaGpu2023Trace trace = trace(input, nodes);
            return Files.isReadable(trace.nodeList()) ? trace.readNodes(policy) : List.of();
        }

        private AlibabaGpu2023Trace trace(Path input, Path nodes) {
            Path pods = Files.isDirectory(input) ? input.resolve(AlibabaGpu2023Trace.DEFAULT_POD_LIST) : input;
            Path nodeList = nodes != null ? nodes : pods.resolveSibling(AlibabaGpu2023Trace.DEFAULT_NODE_LIST);
            return AlibabaGpu2023Trace.of(pods, nodeList);
        }
    },

    /** Alibaba PAI 2020 {@code pai_task_table.csv}; nodes from {@code --nodes pai_machine_spec.csv}. */
    ALIBABA_PAI_2020("alibaba-pai-2020", false) {
        @Override
        public TraceReader<TraceTask> openTasks(Path input, RowErrorPolicy policy) {
            return new ExternalSortedReader(new PaiTaskTableReader(input, policy));
        }

        @Override
        public List<TraceNode> readNodes(Path input, Path nodes, RowErrorPolicy policy) {
            return nodes == null ? List.of() : drain(new PaiMachineSpecReader(nodes, policy));
        }
    },

    /** Philly per-job CSV ({@code timestamp,duration,num_gpus,gpu_time,cluster}), unsorted; no nodes. */
    PHILLY_CSV("philly-csv", false) {
        @Override
        public TraceReader<TraceTask> openTasks(Path input, RowErrorPolicy policy) {
            return new ExternalSortedReader(new PhillyCsvReader(input, policy));
        }
    },

    /** Philly JSON job log {@code cluster_job_log}; no nodes. */
    PHILLY_JSON("philly-json", true) {
        @Override
        public TraceReader<TraceTask> openTasks(Path input, RowErrorPolicy policy) {
            return new ExternalSortedReader(new PhillyJobLogReader(input, policy));
        }
    },

    /** Helios {@code cluster_log.csv}; no nodes. */
    HELIOS("helios", true) {
        @Override
        public TraceReader<TraceTask> openTasks(Path input, RowErrorPolicy policy) {
            return new ExternalSortedReader(new HeliosClusterLogReader(input, policy));
        }
    },

    /** Alibaba DLRM serving 2025; no node list in the trace, {@code --nodes} takes an Alibaba 2023-style list. */
    ALIBABA_DLRM_2025("alibaba-dlrm-2025", true) {
        @Override
        public TraceReader<TraceTask> openTasks(Path input, RowErrorPolicy policy) {
            return new ExternalSortedReader(new DlrmTraceReader(input, policy));
        }
    },

    /** PipeTwin's own platform events as JSON lines; nodes from its NodeAdded events. */
    PIPETWIN_JSONL("pipetwin-jsonl", true) {
        @Override
        public TraceReader<TraceTask> openTasks(Path input, RowErrorPolicy policy) {
            return new PlatformEventJsonlReader(input, policy);
        }

        @Override
        public List<TraceNode> readNodes(Path input, Path nodes, RowErrorPolicy policy) {
            return nodes != null ? super.readNodes(input, nodes, policy) : PlatformEventJsonlReader.readNodes(input);
        }
    };

    private final String cliName;
    private final boolean recordsStartTimes;

    TraceFormat(String cliName, boolean recordsStartTimes) {
        this.cliName = cliName;
        this.recordsStartTimes = recordsStartTimes;
    }

    /** Returns the name used on the command line, for example {@code philly-csv}. */
    public String cliName() {
        return cliName;
    }

    /**
     * Returns whether the trace records when tasks started. A format without start times (only a run
     * time) needs {@link io.pipetwin.core.trace.emulation.EmulatedPlatform} to produce a full event stream.
     */
    public boolean recordsStartTimes() {
        return recordsStartTimes;
    }

    /** Opens the tasks of {@code input} in submit order; the caller closes the reader. */
    public abstract TraceReader<TraceTask> openTasks(Path input, RowErrorPolicy policy);

    /**
     * Reads the cluster's nodes: from {@code nodes} when given (for formats without their own node file,
     * an Alibaba 2023-style CSV {@code sn,cpu_milli,memory_mib,gpu,model}), else from the trace when it has
     * a node list; an empty list means the trace does not describe its cluster.
     */
    public List<TraceNode> readNodes(Path input, Path nodes, RowErrorPolicy policy) {
        return nodes == null ? List.of() : drain(new NodeListReader(nodes, policy));
    }

    /** Returns the format named {@code name} on the command line, ignoring case. */
    public static Optional<TraceFormat> find(String name) {
        return Arrays.stream(values()).filter(f -> f.cliName.equalsIgnoreCase(name)).findFirst();
    }

    /**
     * Returns the format named {@code name}, or throws naming the valid names.
     *
     * @throws IllegalArgumentException when no format has that name
     */
    public static TraceFormat fromName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown trace format '" + name
                + "'; valid formats: " + validNames()));
    }

    /** Returns the command-line names of all formats, comma-separated. */
    public static String validNames() {
        return Arrays.stream(values()).map(TraceFormat::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }

    private static <T> List<T> drain(TraceReader<T> reader) {
        List<T> out = new ArrayList<>();
        try (reader) {
            Iterator<T> it = reader;
            it.forEachRemaining(out::add);
        }
        return out;
    }
}

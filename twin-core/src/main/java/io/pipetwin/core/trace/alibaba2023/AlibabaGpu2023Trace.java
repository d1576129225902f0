package io.pipetwin.core.trace.alibaba2023;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceNode;

/**
 * Entry point to one Alibaba GPU 2023 trace: a pod list and the node list of its cluster.
 *
 * <pre>{@code
 * AlibabaGpu2023Trace trace = AlibabaGpu2023Trace.inDirectory(Path.of("traces/alibaba_gpu_v2023"));
 * List<TraceNode> nodes = trace.readNodes(RowErrorPolicy.FAIL);
 * try (PodListReader pods = trace.openPods(RowErrorPolicy.SKIP)) {
 *     pods.forEachRemaining(task -> ...);
 * }
 * }</pre>
 */
public final class AlibabaGpu2023Trace {

    /** Pod list file name in the published trace. */
    public static final String DEFAULT_POD_LIST = "openb_pod_list_default.csv";

    /** Node list with CPU-only nodes; the published pod list contains CPU-only pods, so this is the default. */
    public static final String DEFAULT_NODE_LIST = "openb_node_list_all_node.csv";

    private final Path podList;
    private final Path nodeList;
    private Summary summary;

    private AlibabaGpu2023Trace(Path podList, Path nodeList) {
        this.podList = Objects.requireNonNull(podList, "podList");
        this.nodeList = Objects.requireNonNull(nodeList, "nodeList");
    }

    /** Returns the trace made of {@value #DEFAULT_POD_LIST} and {@value #DEFAULT_NODE_LIST} in {@code directory}. */
    public static AlibabaGpu2023Trace inDirectory(Path directory) {
        return of(directory.resolve(DEFAULT_POD_LIST), directory.resolve(DEFAULT_NODE_LIST));
    }

    /** Returns the trace made of the given pod list and node list files. */
    public static AlibabaGpu2023Trace of(Path podList, Path nodeList) {
        return new AlibabaGpu2023Trace(podList, nodeList);
    }

    public Path podList() {
        return podList;
    }

    public Path nodeList() {
        return nodeList;
    }

    /**
     * Returns the row count and last instant of the pod list, reading the file once on first call. Rows
     * with unparsable times are counted but do not move the last instant; the pod reader reports them.
     */
    public synchronized Summary summary() {
        if (summary == null) {
            summary = scan(podList);
        }
        return summary;
    }

    /** Opens a streaming reader of the pod list; the caller closes it. */
    public PodListReader openPods(RowErrorPolicy policy) {
        return new PodListReader(podList, policy, summary().traceEndSeconds());
    }

    /** Opens a streaming reader of the node list; the caller closes it. */
    public NodeListReader openNodes(RowErrorPolicy policy) {
        return new NodeListReader(nodeList, policy);
    }

    /** Reads the whole node list; a cluster has thousands of nodes at most, so it fits in memory. */
    public List<TraceNode> readNodes(RowErrorPolicy policy) {
        List<TraceNode> nodes = new ArrayList<>();
        try (NodeListReader reader = openNodes(policy)) {
            reader.forEachRemaining(nodes::add);
        }
        return nodes;
    }

    private static Summary scan(Path podList) {
        String fileName = podList.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(podList, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw TraceFormatException.forFile(fileName, "file is empty; expected a header row");
            }
            List<String> names = List.of(header.replace("\uFEFF", "").split(",", -1));
            int[] timeColumns = {
                    names.indexOf(PodListReader.CREATION_TIME),
                    names.indexOf(PodListReader.SCHEDULED_TIME),
                    names.indexOf(PodListReader.DELETION_TIME)};
            long rows = 0;
            long lastInstant = 0;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                rows++;
                // NOTE: a plain split, unlike CsvTraceReader, so a quoted field containing a comma would shift
                // the time columns. The published files contain no quotes.
                String[] fields = line.split(",", -1);
                for (int column : timeColumns) {
                    if (column >= 0 && column < fields.length) {
                        lastInstant = Math.max(lastInstant, parseOrZero(fields[column]));
                    }
                }
            }
            return new Summary(rows, lastInstant);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace file " + podList + ": " + e.getMessage(), e);
        }
    }

    private static long parseOrZero(String field) {
        try {
            return field.isBlank() ? 0 : Long.parseLong(field.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Facts about a pod list from one pass over it.
     *
     * @param podRows         data rows, valid or not
     * @param traceEndSeconds largest creation, scheduled or deletion time: the trace's last instant
     */
    public record Summary(long podRows, long traceEndSeconds) {
    }
}

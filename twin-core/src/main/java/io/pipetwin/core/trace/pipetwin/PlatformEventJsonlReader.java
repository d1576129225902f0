package io.pipetwin.core.trace.pipetwin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceNode;
import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;

/**
 * Reader of PipeTwin's own event log: JSON lines, one {@code PlatformEvent} per line with the fields of
 * the Avro record ({@code eventId}, {@code platformId}, {@code eventTime} in epoch milliseconds,
 * {@code source}) and {@code payload} written as Avro's JSON encoding writes a union: an object with one
 * key, the payload record's name (short, for example {@code TaskStarted}, or full), whose value has that
 * record's fields. docs/traces.md shows an example of each event.
 *
 * <p>Tasks are joined by {@code taskId}: {@code PipelineSubmitted} gives the submit time, request, type
 * and pipeline, {@code TaskStarted} the start, {@code TaskFinished} the end and status. Tasks come out in
 * submit order, each once it finished or the file ended. Memory therefore grows with the number of tasks
 * submitted after the oldest unfinished one. Times are seconds from {@code originMillis}, by default
 * Monday 00:00 UTC of the week of the first event. Events of other types are skipped; node events are read
 * by {@link #readNodes}.
 */
public final class PlatformEventJsonlReader implements TraceReader<TraceTask> {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformEventJsonlReader.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MILLIS_PER_WEEK = 7L * 24 * 3600 * 1000;
    /** 1970-01-01 was a Thursday; Monday 1970-01-05 00:00 UTC in epoch milliseconds. */
    private static final long FIRST_MONDAY_MILLIS = 4L * 24 * 3600 * 1000;
    private static final int LOGGED_SKIPS = 5;

    private final String fileName;
    private final BufferedReader in;
    private final RowErrorPolicy policy;
    private final ArrayDeque<Pending> inSubmitOrder = new ArrayDeque<>();
    private final Map<String, Pending> byTaskId = new HashMap<>();

    private long originMillis = Long.MIN_VALUE;
    private long line;
    private long rowsRead;
    private long rowsSkipped;
    private boolean endOfFile;

    /** A task seen in a PipelineSubmitted event and not yet emitted. */
    private static final class Pending {
        String taskId;
        String pipelineId;
        String tenant;
        String taskType;
        long submitSeconds;
        TraceResourceRequest request;
        int nodeCount;
        int priority;
        OptionalLong start = OptionalLong.empty();
        OptionalLong end = OptionalLong.empty();
        int attempts;
        String status;
    }

    public PlatformEventJsonlReader(Path file, RowErrorPolicy policy) {
        this(file, policy, Long.MIN_VALUE);
    }

    /** @param originMillis epoch milliseconds of time 0, or {@link Long#MIN_VALUE} for the default */
    public PlatformEventJsonlReader(Path file, RowErrorPolicy policy, long originMillis) {
        this.fileName = file.getFileName().toString();
        this.policy = policy;
        this.originMillis = originMillis;
        try {
            this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open event file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the {@code NodeAdded} events of {@code file} as the cluster's nodes. */
    public static List<TraceNode> readNodes(Path file) {
        List<TraceNode> nodes = new ArrayList<>();
        String name = file.getFileName().toString();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank() || !text.contains("NodeAdded")) {
                    continue;
                }
                JsonNode event = parseLine(name, number, text);
                Map.Entry<String, JsonNode> payload = payload(name, number, event);
                if (payload.getKey().endsWith("NodeAdded")) {
                    JsonNode node = payload.getValue();
                    String model = node.path("gpuModel").isTextual() ? node.path("gpuModel").asText() : null;
                    nodes.add(new TraceNode(node.path("nodeId").asText(), node.path("cpuMilli").asLong(),
                            node.path("memoryMib").asLong(), node.path("gpuCount").asInt(), model));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event file " + file, e);
        }
        return nodes;
    }

    @Override
    public boolean hasNext() {
        while (!endOfFile && (inSubmitOrder.isEmpty() || inSubmitOrder.peekFirst().end.isEmpty())) {
            readEvent();
        }
        return !inSubmitOrder.isEmpty();
    }

    @Override
    public TraceTask next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more tasks in " + fileName);
        }
        Pending pending = inSubmitOrder.pollFirst();
        byTaskId.remove(pending.taskId);
        return toTask(pending);
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public long rowsSkipped() {
        return rowsSkipped;
    }

    @Override
    public void close() {
        endOfFile = true;
        try {
            in.close();
        } catch (IOException e) {
            LOG.warn("Closing event file {} failed: {}", fileName, e.toString());
        }
        if (rowsSkipped > 0) {
            LOG.warn("{}: skipped {} invalid event(s) of {}", fileName, rowsSkipped, rowsRead);
        }
    }

    private void readEvent() {
        String text;
        try {
            text = in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + fileName + " after line " + line + " failed", e);
        }
        if (text == null) {
            endOfFile = true;
            return;
        }
        line++;
        if (text.isBlank()) {
            return;
        }
        rowsRead++;
        try {
            apply(parseLine(fileName, line, text));
        } catch (TraceFormatException e) {
            if (policy == RowErrorPolicy.FAIL) {
                throw e;
            }
            rowsSkipped++;
            if (rowsSkipped <= LOGGED_SKIPS) {
                LOG.warn("Skipping invalid event: {}", e.getMessage());
            }
        }
    }

    private void apply(JsonNode event) {
        JsonNode time = event.get("eventTime");
        if (time == null || !time.canConvertToLong()) {
            throw new TraceFormatException(fileName, line, "eventTime", String.valueOf(time),
                    "eventTime must be epoch milliseconds as an integer");
        }
        long millis = time.asLong();
        if (originMillis == Long.MIN_VALUE) {
            originMillis = millis - Math.floorMod(millis - FIRST_MONDAY_MILLIS, MILLIS_PER_WEEK);
        }
        long seconds = Math.floorDiv(millis - originMillis, 1000);
        Map.Entry<String, JsonNode> payload = payload(fileName, line, event);
        String type = payload.getKey().substring(payload.getKey().lastIndexOf('.') + 1);
        JsonNode body = payload.getValue();
        switch (type) {
            case "PipelineSubmitted" -> submitted(body, seconds);
            case "TaskStarted" -> {
                Pending task = known(body);
                task.start = OptionalLong.of(seconds);
                task.attempts++;
            }
            case "TaskFinished" -> {
                Pending task = known(body);
                task.end = OptionalLong.of(seconds);
                task.status = body.path("status").asText("SUCCEEDED");
            }
            default -> {
                // Other events (queueing, nodes, model metrics) carry nothing the task model keeps.
            }
        }
    }

    private void submitted(JsonNode body, long seconds) {
        String pipelineId = body.path("pipelineId").asText();
        for (JsonNode spec : body.path("tasks")) {
            Pending task = new Pending();
            task.taskId = spec.path("taskId").asText();
            if (task.taskId.isEmpty()) {
                throw new TraceFormatException(fileName, line, "taskId", "", "a task of pipeline " + pipelineId
                        + " has no taskId");
            }
            task.pipelineId = pipelineId;
            task.tenant = body.path("tenant").asText(null);
            task.priority = body.path("priority").asInt(0);
            task.taskType = spec.path("taskType").asText(null);
            task.nodeCount = Math.max(1, spec.path("nodeCount").asInt(1));
            task.submitSeconds = seconds;
            JsonNode request = spec.path("request");
            int gpuCount = request.path("gpuCount").asInt(0);
            int gpuMilli = request.path("gpuMilli").asInt(gpuCount > 0 ? 1000 : 0);
            String model = request.path("gpuModel").isTextual() ? request.path("gpuModel").asText() : null;
            try {
                task.request = new TraceResourceRequest(request.path("cpuMilli").asLong(),
                        request.path("memoryMib").asLong(), gpuCount, gpuCount == 0 ? 0 : gpuMilli, model);
            } catch (IllegalArgumentException e) {
                throw new TraceFormatException(fileName, line, "request", request.toString(), e.getMessage());
            }
            inSubmitOrder.addLast(task);
            byTaskId.put(task.taskId, task);
        }
    }

    private Pending known(JsonNode body) {
        String taskId = body.path("taskId").asText();
        Pending task = byTaskId.get(taskId);
        if (task == null) {
            throw new TraceFormatException(fileName, line, "taskId", taskId, "task " + taskId
                    + " was not submitted earlier in the file; a PipelineSubmitted event must precede it");
        }
        return task;
    }

    private TraceTask toTask(Pending task) {
        TraceTaskStatus status;
        if (task.start.isEmpty()) {
            status = TraceTaskStatus.PENDING;
        } else if (task.end.isEmpty()) {
            status = TraceTaskStatus.RUNNING;
        } else {
            status = switch (task.status) {
                case "FAILED" -> TraceTaskStatus.FAILED;
                case "KILLED" -> TraceTaskStatus.KILLED;
                default -> TraceTaskStatus.SUCCEEDED;
            };
        }
        return new TraceTask(task.taskId, task.pipelineId, task.submitSeconds, task.start, task.end, task.request,
                status, task.status, Integer.toString(task.priority), task.tenant, task.taskType, task.attempts,
                task.nodeCount, OptionalLong.empty());
    }

    private static JsonNode parseLine(String file, long number, String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new TraceFormatException(file, number, null, text, "expected one JSON object per line");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new TraceFormatException(file, number, null, text, "malformed JSON at column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    private static Map.Entry<String, JsonNode> payload(String file, long number, JsonNode event) {
        JsonNode payload = event.get("payload");
        if (payload == null || !payload.isObject() || payload.size() != 1) {
            throw new TraceFormatException(file, number, "payload", String.valueOf(payload),
                    "payload must be an object with one key, the event type, for example {\"TaskStarted\": {...}}");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = payload.fields();
        return fields.next();
    }
}

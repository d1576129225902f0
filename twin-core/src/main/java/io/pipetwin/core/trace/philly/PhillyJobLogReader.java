package io.pipetwin.core.trace.philly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.NoSuchElementException;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pipetwin.core.trace.RowErrorPolicy;
import io.pipetwin.core.trace.TraceFormatException;
import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceResourceRequest;
import io.pipetwin.core.trace.TraceTask;
import io.pipetwin.core.trace.TraceTaskStatus;
import io.pipetwin.core.trace.support.TraceClock;

/**
 * Streaming reader of the Philly job log {@code cluster_job_log}: a JSON array of jobs, each with
 * {@code jobid}, {@code user}, {@code vc}, {@code status} ({@code Pass}, {@code Failed} or {@code Killed}),
 * {@code submitted_time} and {@code attempts}, where an attempt has {@code start_time}, {@code end_time}
 * and {@code detail}, the list of machines ({@code ip}) with the GPUs it held there ({@code gpus}). The
 * parser keeps one job in memory at a time, so memory does not grow with the file.
 *
 * <p>Mapping to {@link TraceTask}: submit time {@code submitted_time}; start time the first attempt's
 * start; end time the last attempt's end; attempts the number of attempts; the request is the last
 * attempt's shape, one node per machine with the most GPUs it used on one machine. Times {@code None},
 * {@code null} or empty are unknown. A job that never started is {@link TraceTaskStatus#PENDING}. Errors
 * name the line and column of the job in the file and the field.
 */
public final class PhillyJobLogReader implements TraceReader<TraceTask> {

    private static final Logger LOG = LoggerFactory.getLogger(PhillyJobLogReader.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int LOGGED_SKIPS = 5;

    private final String fileName;
    private final JsonParser parser;
    private final RowErrorPolicy policy;
    private final TraceClock clock;

    private long rowsRead;
    private long rowsSkipped;
    private TraceTask next;
    private boolean finished;

    public PhillyJobLogReader(Path file, RowErrorPolicy policy) {
        this(file, policy, PhillyCsvReader.DEFAULT_ORIGIN);
    }

    public PhillyJobLogReader(Path file, RowErrorPolicy policy, LocalDateTime origin) {
        this.fileName = file.getFileName().toString();
        this.policy = policy;
        this.clock = new TraceClock(origin);
        try {
            this.parser = new JsonFactory(MAPPER).createParser(Files.newBufferedReader(file));
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                parser.close();
                throw TraceFormatException.forFile(fileName, "expected a JSON array of jobs, found " + first
                        + "; is this the Philly cluster_job_log file?");
            }
        } catch (JsonProcessingException e) {
            throw TraceFormatException.forFile(fileName, "malformed JSON at line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open trace file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNext() {
        while (next == null && !finished) {
            next = readNextValid();
        }
        return next != null;
    }

    @Override
    public TraceTask next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more jobs in " + fileName);
        }
        TraceTask result = next;
        next = null;
        return result;
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
        finished = true;
        try {
            parser.close();
        } catch (IOException e) {
            LOG.warn("Closing trace file {} failed: {}", fileName, e.toString());
        }
        if (rowsSkipped > 0) {
            LOG.warn("{}: skipped {} invalid job(s) of {}", fileName, rowsSkipped, rowsRead);
        }
    }

    private TraceTask readNextValid() {
        JsonNode job;
        JsonLocation location;
        try {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                finished = true;
                return null;
            }
            location = parser.currentTokenLocation();
            if (token != JsonToken.START_OBJECT) {
                throw new TraceFormatException(fileName, location.getLineNr(), null, token.asString(),
                        "expected a job object, found " + token);
            }
            job = parser.readValueAsTree();
        } catch (JsonProcessingException e) {
            finished = true;
            throw new TraceFormatException(fileName, e.getLocation().getLineNr(), null, null,
                    "malformed JSON at column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + fileName + " failed", e);
        }
        rowsRead++;
        try {
            return parseJob(job, location.getLineNr());
        } catch (TraceFormatException e) {
            if (policy == RowErrorPolicy.FAIL) {
                throw e;
            }
            rowsSkipped++;
            if (rowsSkipped <= LOGGED_SKIPS) {
                LOG.warn("Skipping invalid job: {}", e.getMessage());
            }
            return null;
        }
    }

    private TraceTask parseJob(JsonNode job, long line) {
        String jobId = requiredText(job, "jobid", line);
        String status = requiredText(job, "status", line);
        long submit = requiredTime(job, "submitted_time", line);
        JsonNode attempts = job.path("attempts");
        if (!attempts.isArray()) {
            throw new TraceFormatException(fileName, line, "attempts", attempts.toString(),
                    "job " + jobId + ": attempts is not a list");
        }

        OptionalLong start = OptionalLong.empty();
        OptionalLong end = OptionalLong.empty();
        int nodes = 1;
        int gpusPerNode = 0;
        for (JsonNode attempt : attempts) {
            OptionalLong attemptStart = optionalTime(attempt, "start_time", line);
            OptionalLong attemptEnd = optionalTime(attempt, "end_time", line);
            if (attemptStart.isPresent() && attemptEnd.isPresent()
                    && attemptEnd.getAsLong() < attemptStart.getAsLong()) {
                throw new TraceFormatException(fileName, line, "end_time", attempt.path("end_time").asText(),
                        "job " + jobId + ": an attempt ends before it starts (" + attempt.path("start_time").asText()
                                + ")");
            }
            if (start.isEmpty() && attemptStart.isPresent()) {
                start = attemptStart;
            }
            end = attemptEnd;
            JsonNode detail = attempt.path("detail");
            if (detail.isArray() && detail.size() > 0) {
                nodes = detail.size();
                gpusPerNode = 0;
                for (JsonNode machine : detail) {
                    gpusPerNode = Math.max(gpusPerNode, machine.path("gpus").size());
                }
            }
        }
        if (start.isPresent() && start.getAsLong() < submit) {
            throw new TraceFormatException(fileName, line, "start_time", Long.toString(start.getAsLong()),
                    "job " + jobId + ": first attempt starts before submitted_time " + job.path("submitted_time").asText());
        }

        TraceTaskStatus mapped = status(status, start.isPresent(), line);
        TraceResourceRequest request = new TraceResourceRequest(0, 0, gpusPerNode, gpusPerNode == 0 ? 0 : 1000, null);
        String user = job.path("user").asText("");
        String vc = job.path("vc").asText("");
        return new TraceTask(jobId, jobId, submit, start, start.isPresent() ? end : OptionalLong.empty(), request,
                mapped, status, vc.isEmpty() ? null : vc, user.isEmpty() ? null : user, null, attempts.size(),
                nodes, OptionalLong.empty());
    }

    private TraceTaskStatus status(String status, boolean started, long line) {
        if (!started) {
            return TraceTaskStatus.PENDING;
        }
        switch (status) {
            case "Pass":
                return TraceTaskStatus.SUCCEEDED;
            case "Failed":
                return TraceTaskStatus.FAILED;
            case "Killed":
                return TraceTaskStatus.KILLED;
            default:
                throw new TraceFormatException(fileName, line, "status", status, "unknown status '" + status
                        + "'; expected Pass, Failed or Killed");
        }
    }

    private String requiredText(JsonNode node, String field, long line) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new TraceFormatException(fileName, line, field, null, field + " is missing");
        }
        return value.asText();
    }

    private long requiredTime(JsonNode node, String field, long line) {
        OptionalLong time = optionalTime(node, field, line);
        if (time.isEmpty()) {
            throw new TraceFormatException(fileName, line, field, null, field + " is missing");
        }
        return time.getAsLong();
    }

    private OptionalLong optionalTime(JsonNode node, String field, long line) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty() || value.asText().equals("None")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(clock.secondsFromOrigin(value.asText()));
        } catch (DateTimeParseException e) {
            throw new TraceFormatException(fileName, line, field, value.asText(), "'" + value.asText()
                    + "' is not a timestamp of the form YYYY-MM-DD HH:MM:SS");
        }
    }
}

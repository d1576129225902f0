package io.pipetwin.core.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of streaming readers of comma-separated trace files with a header row. Columns are found by
 * header name, so their order does not matter. Fields may be quoted with double quotes (a doubled
 * quote inside is one quote); a quoted field cannot span lines. Blank lines are ignored.
 *
 * <p>Subclasses turn one {@link CsvRow} into a record in {@link #parse(CsvRow)} and throw
 * {@link TraceFormatException} for an invalid row; this class applies the {@link RowErrorPolicy}.
 *
 * @param <T> the record type
 */
public abstract class CsvTraceReader<T> implements TraceReader<T> {

    private static final Logger LOG = LoggerFactory.getLogger(CsvTraceReader.class);

    /** Skipped rows logged one by one; later ones are only counted. */
    private static final int LOGGED_SKIPS = 5;

    private final String fileName;
    private final BufferedReader in;
    private final RowErrorPolicy policy;
    private final Map<String, Integer> columnIndex;

    private long line;
    private long rowsRead;
    private long rowsSkipped;
    private T next;
    private boolean closed;

    /**
     * Opens {@code file} and checks that its header contains every column in {@code requiredColumns}.
     *
     * @throws TraceFormatException when the file is empty or a required column is missing
     * @throws UncheckedIOException when the file cannot be read
     */
    protected CsvTraceReader(Path file, List<String> requiredColumns, RowErrorPolicy policy) {
        this(file, requiredColumns, policy, false);
    }

    /**
     * Opens {@code file}. With {@code headerless} the file has no header row and {@code columns} names
     * its columns in order (line 1 is then the first data row); otherwise the header must contain every
     * column in {@code columns}.
     *
     * @throws TraceFormatException when a required column is missing from the header
     * @throws UncheckedIOException when the file cannot be read
     */
    protected CsvTraceReader(Path file, List<String> columns, RowErrorPolicy policy, boolean headerless) {
        this.fileName = file.getFileName().toString();
        this.policy = Objects.requireNonNull(policy, "policy");
        try {
            this.in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open trace file " + file + ": " + e.getMessage(), e);
        }
        try {
            this.columnIndex = headerless ? positionalIndex(columns) : readHeader(columns);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Parses one data row; throws {@link TraceFormatException} when the row is invalid. */
    protected abstract T parse(CsvRow row);

    /** Returns the file name, without directories. */
    protected final String fileName() {
        return fileName;
    }

    @Override
    public final boolean hasNext() {
        if (next == null && !closed) {
            next = readNextValid();
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows in " + fileName);
        }
        T result = next;
        next = null;
        return result;
    }

    @Override
    public final long rowsRead() {
        return rowsRead;
    }

    @Override
    public final long rowsSkipped() {
        return rowsSkipped;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly();
        if (rowsSkipped > 0) {
            LOG.warn("{}: skipped {} invalid row(s) of {}", fileName, rowsSkipped, rowsRead);
        }
    }

    private T readNextValid() {
        while (true) {
            String text = readLine();
            if (text == null) {
                return null;
            }
            if (text.isBlank()) {
                continue;
            }
            rowsRead++;
            try {
                return parse(new CsvRow(fileName, line, columnIndex, splitFields(text, line)));
            } catch (TraceFormatException e) {
                if (policy == RowErrorPolicy.FAIL) {
                    throw e;
                }
                rowsSkipped++;
                if (rowsSkipped <= LOGGED_SKIPS) {
                    LOG.warn("Skipping invalid row: {}", e.getMessage());
                } else if (rowsSkipped == LOGGED_SKIPS + 1) {
                    LOG.warn("{}: more invalid rows; counting them without logging each", fileName);
                }
            }
        }
    }

    private static Map<String, Integer> positionalIndex(List<String> columns) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        return Map.copyOf(index);
    }

    private Map<String, Integer> readHeader(List<String> requiredColumns) {
        String header = readLine();
        if (header == null) {
            throw TraceFormatException.forFile(fileName, "file is empty; expected a header row with columns "
                    + requiredColumns);
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] names = splitFields(header, 1);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            index.putIfAbsent(names[i].trim(), i);
        }
        List<String> missing = new ArrayList<>();
        for (String column : requiredColumns) {
            if (!index.containsKey(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw TraceFormatException.forFile(fileName, "header is missing column(s) " + missing
                    + "; found " + index.keySet() + ". Is this the right file for this trace format?");
        }
        return Map.copyOf(index);
    }

    private String readLine() {
        try {
            String text = in.readLine();
            if (text != null) {
                line++;
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + fileName + " after line " + line + " failed", e);
        }
    }

    private String[] splitFields(String text, long lineNumber) {
        if (text.indexOf('"') < 0) {
            return text.split(",", -1);
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new TraceFormatException(fileName, lineNumber, null, text, "unterminated quoted field");
        }
        fields.add(field.toString());
        return fields.toArray(String[]::new);
    }

    private void closeQuietly() {
        try {
            in.close();
        } catch (IOException e) {
            LOG.warn("Closing trace file {} failed: {}", fileName, e.toString());
        }
    }
}

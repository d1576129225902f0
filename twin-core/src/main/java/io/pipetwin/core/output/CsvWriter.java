package io.pipetwin.core.output;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streaming CSV writer (RFC 4180 quoting, {@code \n} line ends). Rows go straight to a buffered file,
 * so memory stays constant however many rows are written. Numbers are written in plain notation,
 * rounded to {@link #DECIMALS} decimals, so the same values always give the same bytes.
 */
public final class CsvWriter implements Closeable {

    /** Decimals kept when writing a double. */
    public static final int DECIMALS = 6;

    private final Path path;
    private final Writer out;
    private final int columns;
    private int columnInRow;

    public CsvWriter(Path path, String... header) throws IOException {
        this.path = path;
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), 1 << 16);
        this.columns = header.length;
        for (String name : header) {
            text(name);
        }
        endRow();
    }

    public Path path() {
        return path;
    }

    /** Appends a text cell, quoted when it contains a comma, quote or line break. */
    public CsvWriter text(String value) {
        separator();
        try {
            if (value == null) {
                return this;
            }
            if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                    || value.indexOf('\r') >= 0) {
                out.write('"');
                out.write(value.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        return this;
    }

    /** Appends a number cell; NaN and infinities are written as empty cells. */
    public CsvWriter number(double value) {
        if (!Double.isFinite(value)) {
            return text("");
        }
        return text(formatNumber(value));
    }

    /** Appends an integer cell. */
    public CsvWriter number(long value) {
        return text(Long.toString(value));
    }

    /** Ends the current row; throws when the row has a different number of cells than the header. */
    public void endRow() {
        if (columnInRow != columns) {
            throw new IllegalStateException("CSV row in " + path + " has " + columnInRow + " cells, header has "
                    + columns);
        }
        try {
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        columnInRow = 0;
    }

    private void separator() {
        if (columnInRow > 0) {
            try {
                out.write(',');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path, e);
            }
        }
        columnInRow++;
    }

    /** Formats a finite double in plain notation with at most {@link #DECIMALS} decimals. */
    public static String formatNumber(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String plain = BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
        return plain.equals("-0") ? "0" : plain;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

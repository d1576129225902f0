package io.pipetwin.core.trace;

import java.util.Map;
import java.util.OptionalLong;

/**
 * One data row of a CSV trace file with typed accessors by column name. Every accessor that rejects a
 * value throws {@link TraceFormatException} naming this row's file, line and column.
 */
public final class CsvRow {

    private final String file;
    private final long line;
    private final Map<String, Integer> columnIndex;
    private final String[] fields;

    CsvRow(String file, long line, Map<String, Integer> columnIndex, String[] fields) {
        this.file = file;
        this.line = line;
        this.columnIndex = columnIndex;
        this.fields = fields;
    }

    /** Returns the file name, without directories. */
    public String file() {
        return file;
    }

    /** Returns the 1-based line number of this row; the header is line 1. */
    public long line() {
        return line;
    }

    /** Returns the raw field, trimmed; an empty string when the field is empty. */
    public String text(String column) {
        Integer index = columnIndex.get(column);
        if (index == null) {
            throw new IllegalArgumentException("column " + column + " is not in the header of " + file);
        }
        return index < fields.length ? fields[index].trim() : "";
    }

    /** Returns the field, or throws when it is empty. */
    public String requiredText(String column) {
        String text = text(column);
        if (text.isEmpty()) {
            throw error(column, text, "value is missing");
        }
        return text;
    }

    /** Returns the field as a non-negative integer, or throws when it is empty, not an integer or negative. */
    public long requiredNonNegativeLong(String column) {
        return parseNonNegative(column, requiredText(column));
    }

    /** Returns the field as a non-negative integer, or empty when the field is empty. */
    public OptionalLong optionalNonNegativeLong(String column) {
        String text = text(column);
        return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(parseNonNegative(column, text));
    }

    /** Returns the field as an integer in {@code [min, max]}, or throws. */
    public int requiredIntInRange(String column, int min, int max) {
        long value = requiredNonNegativeLong(column);
        if (value < min || value > max) {
            throw error(column, Long.toString(value), value + " is outside " + min + ".." + max);
        }
        return (int) value;
    }

    /**
     * Returns the field as a finite non-negative number, or empty when the field is empty or {@code NaN}
     * (the way pandas exports write a missing value).
     */
    public java.util.OptionalDouble optionalNonNegativeDouble(String column) {
        String text = text(column);
        if (text.isEmpty() || text.equalsIgnoreCase("nan")) {
            return java.util.OptionalDouble.empty();
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(column, text, "'" + text + "' is not a number");
        }
        if (!Double.isFinite(value) || value < 0) {
            throw error(column, text, text + " is not a finite non-negative number");
        }
        return java.util.OptionalDouble.of(value);
    }

    /** Returns the field as a finite non-negative number, or throws when it is empty, NaN or invalid. */
    public double requiredNonNegativeDouble(String column) {
        java.util.OptionalDouble value = optionalNonNegativeDouble(column);
        if (value.isEmpty()) {
            throw error(column, text(column), "value is missing");
        }
        return value.getAsDouble();
    }

    /** Creates the exception for an invalid value in {@code column}; the caller throws it. */
    public TraceFormatException error(String column, String value, String detail) {
        return new TraceFormatException(file, line, column, value, detail);
    }

    private long parseNonNegative(String column, String text) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = parseIntegralDecimal(column, text);
        }
        if (value < 0) {
            throw error(column, text, text + " is negative");
        }
        return value;
    }

    /** Accepts integral values written as decimals, for example {@code 250.0}, as some exports do. */
    private long parseIntegralDecimal(String column, String text) {
        try {
            double parsed = Double.parseDouble(text);
            if (Double.isFinite(parsed) && parsed == Math.rint(parsed) && Math.abs(parsed) < 0x1p53) {
                return (long) parsed;
            }
        } catch (NumberFormatException e) {
            // Falls through to the error below, which names the value.
        }
        throw error(column, text, "'" + text + "' is not an integer");
    }
}

package io.pipetwin.core.trace;

/**
 * A trace file contains a row or header that cannot be used. Its message names the file, the line
 * (1-based, the header is line 1), the column and the offending value.
 */
public class TraceFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;
    private final String column;
    private final String value;

    /**
     * @param file   file name, without directories
     * @param line   1-based line number; the header is line 1
     * @param column column name, or {@code null} when the whole row is invalid
     * @param value  the offending value, or {@code null}
     * @param detail what is wrong, for example "100 is before creation_time 250"
     */
    public TraceFormatException(String file, long line, String column, String value, String detail) {
        super(file + " line " + line + (column == null ? "" : ", column " + column) + ": " + detail
                + "; fix the row or pass --skip-invalid-rows");
        this.file = file;
        this.line = line;
        this.column = column;
        this.value = value;
    }

    /** Creates an error about the file as a whole, for example a missing header column. */
    public static TraceFormatException forFile(String file, String detail) {
        return new TraceFormatException(file, detail);
    }

    private TraceFormatException(String file, String detail) {
        super(file + ": " + detail);
        this.file = file;
        this.line = 0;
        this.column = null;
        this.value = null;
    }

    /** Returns the file name, without directories. */
    public String file() {
        return file;
    }

    /** Returns the 1-based line number, or 0 when the error concerns the whole file. */
    public long line() {
        return line;
    }

    /** Returns the column name, or {@code null}. */
    public String column() {
        return column;
    }

    /** Returns the offending value, or {@code null}. */
    public String value() {
        return value;
    }
}

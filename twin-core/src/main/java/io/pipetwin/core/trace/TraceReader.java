package io.pipetwin.core.trace;

import java.io.Closeable;
import java.util.Iterator;

/**
 * A streaming reader of one trace file: it reads one row per {@link #next()}, so memory does not grow
 * with the file size. Rows that fail validation are thrown as {@link TraceFormatException} or skipped,
 * according to the reader's {@link RowErrorPolicy}. Read failures are thrown as
 * {@link java.io.UncheckedIOException}.
 *
 * @param <T> the record type, for example {@link TraceTask} or {@link TraceNode}
 */
public interface TraceReader<T> extends Iterator<T>, Closeable {

    /** Returns the number of data rows read so far, valid or not (the header excluded). */
    long rowsRead();

    /** Returns the number of invalid rows skipped so far; always 0 under {@link RowErrorPolicy#FAIL}. */
    long rowsSkipped();

    /** Closes the underlying file without throwing a checked exception. */
    @Override
    void close();
}

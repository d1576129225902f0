package io.pipetwin.ingest.replay;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

import io.pipetwin.schemas.avro.PlatformEvent;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Reads an Avro object container file of {@link PlatformEvent}s (format {@code pipetwin-avro}) in file
 * order. The file's writer schema is resolved against the generated {@code PlatformEvent} schema, so a file
 * written by an older compatible schema reads too. Events are returned as stored: ids, times and platform
 * ids are not changed.
 */
public final class PlatformEventAvroFile implements Iterator<PlatformEvent>, Closeable {

    private final Path file;
    private final DataFileReader<PlatformEvent> reader;
    private long eventsRead;

    /**
     * Opens {@code file}.
     *
     * @throws ReplayException when the file cannot be read or is no Avro container file
     */
    public PlatformEventAvroFile(Path file) {
        this.file = file;
        try {
            this.reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(PlatformEvent.class));
        } catch (IOException e) {
            throw new ReplayException("cannot open " + file + " as an Avro container file of PlatformEvent: "
                    + e.getMessage() + "; pass a file written with the PlatformEvent schema", e);
        }
    }

    @Override
    public boolean hasNext() {
        return reader.hasNext();
    }

    @Override
    public PlatformEvent next() {
        if (!reader.hasNext()) {
            throw new NoSuchElementException("no more events in " + file);
        }
        try {
            eventsRead++;
            return reader.next();
        } catch (RuntimeException e) {
            throw new ReplayException("event " + eventsRead + " of " + file + " cannot be read: " + e.getMessage()
                    + "; the file is damaged or was written with an incompatible schema", e);
        }
    }

    /** Returns how many events were read so far. */
    public long eventsRead() {
        return eventsRead;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + file + " failed", e);
        }
    }

    /** Returns the platform id of the file's first event, or {@code null} when the file holds no event. */
    public static String firstPlatformId(Path file) {
        try (PlatformEventAvroFile events = new PlatformEventAvroFile(file)) {
            return events.hasNext() ? events.next().getPlatformId() : null;
        }
    }

    /** Counts the file's events by reading it once. */
    public static long count(Path file) {
        try (PlatformEventAvroFile events = new PlatformEventAvroFile(file)) {
            long count = 0;
            while (events.hasNext()) {
                events.next();
                count++;
            }
            return count;
        }
    }

    /**
     * Writes {@code events} to {@code file} as an Avro object container file (deflate level 6), replacing
     * the file; the export counterpart of this reader.
     */
    public static void write(Path file, Iterable<PlatformEvent> events) {
        try (DataFileWriter<PlatformEvent> writer = new DataFileWriter<>(new SpecificDatumWriter<>(PlatformEvent.class))) {
            writer.setCodec(org.apache.avro.file.CodecFactory.deflateCodec(6));
            writer.create(PlatformEvent.getClassSchema(), file.toFile());
            for (PlatformEvent event : events) {
                writer.append(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing Avro events to " + file + " failed", e);
        }
    }
}

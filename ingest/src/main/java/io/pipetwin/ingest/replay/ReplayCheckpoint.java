package io.pipetwin.ingest.replay;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;

/**
 * Position of a transactional replay after its last committed transaction: how many events of the trace,
 * in generation order, are committed to the topic, and where the last of them landed.
 *
 * @param topic           topic the events went to
 * @param platformId      platform id (record key) of the events
 * @param podListFile     file name of the trace's pod list, to catch a resume against another trace
 * @param eventsDelivered events 0 .. eventsDelivered-1 are committed, each once
 * @param partition       partition of the last committed event, or -1 when none is committed yet
 * @param offset          offset of the last committed event, or -1 when none is committed yet
 * @param lastEventId     event id of the last committed event, or empty when none is committed yet
 * @param writtenAt       wall-clock time of the write
 */
public record ReplayCheckpoint(String topic, String platformId, String podListFile, long eventsDelivered,
                               int partition, long offset, String lastEventId, Instant writtenAt) {

    private static final String FORMAT_VERSION = "1";

    /**
     * Reads a checkpoint file.
     *
     * @return the checkpoint, or {@code null} when the file does not exist
     * @throws ReplayException when the file cannot be read or a field is missing or invalid
     */
    public static ReplayCheckpoint read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ReplayException("cannot read replay checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            return new ReplayCheckpoint(required(props, "topic", file), required(props, "platformId", file),
                    required(props, "podListFile", file), Long.parseLong(required(props, "eventsDelivered", file)),
                    Integer.parseInt(required(props, "partition", file)), Long.parseLong(required(props, "offset", file)),
                    props.getProperty("lastEventId", ""), Instant.parse(required(props, "writtenAt", file)));
        } catch (RuntimeException e) {
            if (e instanceof ReplayException replayException) {
                throw replayException;
            }
            throw new ReplayException("replay checkpoint " + file + " is invalid: " + e.getMessage()
                    + "; delete it to replay from the start", e);
        }
    }

    /**
     * Writes this checkpoint atomically: to a temporary file in the same directory, forced to disk, then
     * moved over {@code file}, so a reader sees the old or the new checkpoint and never a partial one.
     *
     * @throws UncheckedIOException when the directory is not writable
     */
    public void write(Path file) {
        Properties props = new Properties();
        props.setProperty("formatVersion", FORMAT_VERSION);
        props.setProperty("topic", topic);
        props.setProperty("platformId", platformId);
        props.setProperty("podListFile", podListFile);
        props.setProperty("eventsDelivered", Long.toString(eventsDelivered));
        props.setProperty("partition", Integer.toString(partition));
        props.setProperty("offset", Long.toString(offset));
        props.setProperty("lastEventId", lastEventId);
        props.setProperty("writtenAt", writtenAt.toString());
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            Files.createDirectories(absolute.getParent());
            try (OutputStream out = Files.newOutputStream(temporary)) {
                props.store(out, "PipeTwin trace replay checkpoint");
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write replay checkpoint " + absolute
                    + "; check that its directory is writable", e);
        }
    }

    private static String required(Properties props, String key, Path file) {
        String value = props.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new ReplayException("replay checkpoint " + file + " has no " + key + "; delete it to replay from"
                    + " the start");
        }
        return value;
    }
}

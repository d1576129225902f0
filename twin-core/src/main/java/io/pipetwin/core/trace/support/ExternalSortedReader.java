package io.pipetwin.core.trace.support;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pipetwin.core.trace.TraceReader;
import io.pipetwin.core.trace.TraceTask;

/**
 * Puts the tasks of an unsorted trace into submit order with bounded memory, by an external merge sort.
 * The constructor drains the source reader, which validates rows and applies its error policy, so errors
 * name the original file and line. It sorts every {@code chunkRows} tasks by (submit time, position in the
 * source) and spills each sorted run to a temporary file. Reading then merges the runs with a heap of one
 * task per run. Memory is one chunk while spilling and one task per run while merging; tasks
 * with equal submit times keep their source order. The temporary files are deleted on {@link #close()}.
 */
public final class ExternalSortedReader implements TraceReader<TraceTask> {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalSortedReader.class);

    /** Tasks sorted in memory before a run is spilled; a few tens of MB of heap. */
    public static final int DEFAULT_CHUNK_ROWS = 100_000;

    private record Sequenced(TraceTask task, long sequence) {
    }

    private record Head(Sequenced entry, int run) {
    }

    private static final Comparator<Sequenced> ORDER = Comparator
            .comparingLong((Sequenced s) -> s.task.submitTimeSeconds())
            .thenComparingLong(Sequenced::sequence);

    private final Path spillDirectory;
    private final List<Path> runs = new ArrayList<>();
    private final List<BufferedReader> runReaders = new ArrayList<>();
    private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.entry, b.entry));
    private long rowsRead;
    private long rowsSkipped;

    /** Sorts {@code source} with {@link #DEFAULT_CHUNK_ROWS}; closes the source. */
    public ExternalSortedReader(TraceReader<TraceTask> source) {
        this(source, DEFAULT_CHUNK_ROWS);
    }

    /**
     * Sorts {@code source} into runs now and closes it.
     *
     * @param chunkRows tasks per sorted run, at least 1
     */
    public ExternalSortedReader(TraceReader<TraceTask> source, int chunkRows) {
        if (chunkRows < 1) {
            source.close();
            throw new IllegalArgumentException("chunkRows " + chunkRows + " is below 1");
        }
        try {
            this.spillDirectory = Files.createTempDirectory("pipetwin-trace-sort");
        } catch (IOException e) {
            source.close();
            throw new UncheckedIOException("cannot create a temporary directory for sorting a trace", e);
        }
        try (source) {
            List<Sequenced> chunk = new ArrayList<>();
            long sequence = 0;
            while (source.hasNext()) {
                chunk.add(new Sequenced(source.next(), sequence++));
                if (chunk.size() == chunkRows) {
                    spill(chunk);
                }
            }
            if (!chunk.isEmpty()) {
                spill(chunk);
            }
            this.rowsRead = source.rowsRead();
            this.rowsSkipped = source.rowsSkipped();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        openRuns();
        LOG.info("Sorted {} trace rows by submit time into {} run(s) of at most {}", rowsRead, runs.size(),
                chunkRows);
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public TraceTask next() {
        Head head = heads.poll();
        if (head == null) {
            throw new NoSuchElementException("no more tasks in the sorted trace");
        }
        Sequenced following = readRun(head.run);
        if (following != null) {
            heads.add(new Head(following, head.run));
        }
        return head.entry.task;
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public long rowsSkipped() {
        return rowsSkipped;
    }

    /** Returns the number of sorted runs spilled to disk. */
    public int runCount() {
        return runs.size();
    }

    @Override
    public void close() {
        for (BufferedReader reader : runReaders) {
            try {
                reader.close();
            } catch (IOException e) {
                LOG.warn("Closing a sorted run failed: {}", e.toString());
            }
        }
        runReaders.clear();
        heads.clear();
        for (Path run : runs) {
            deleteQuietly(run);
        }
        runs.clear();
        deleteQuietly(spillDirectory);
    }

    private void spill(List<Sequenced> chunk) {
        chunk.sort(ORDER);
        Path run = spillDirectory.resolve("run-" + runs.size() + ".tsv");
        try (BufferedWriter out = Files.newBufferedWriter(run, StandardCharsets.UTF_8)) {
            for (Sequenced entry : chunk) {
                out.write(entry.sequence + "\t" + TaskLineCodec.encode(entry.task));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sorted run " + run, e);
        }
        runs.add(run);
        chunk.clear();
    }

    private void openRuns() {
        for (int i = 0; i < runs.size(); i++) {
            try {
                runReaders.add(Files.newBufferedReader(runs.get(i), StandardCharsets.UTF_8));
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("cannot open sorted run " + runs.get(i), e);
            }
            Sequenced first = readRun(i);
            if (first != null) {
                heads.add(new Head(first, i));
            }
        }
    }

    private Sequenced readRun(int run) {
        try {
            String line = runReaders.get(run).readLine();
            if (line == null) {
                return null;
            }
            int tab = line.indexOf('\t');
            return new Sequenced(TaskLineCodec.decode(line.substring(tab + 1)), Long.parseLong(line.substring(0, tab)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sorted run " + runs.get(run), e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Deleting temporary file {} failed: {}", path, e.toString());
        }
    }
}

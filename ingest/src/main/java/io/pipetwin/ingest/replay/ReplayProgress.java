package io.pipetwin.ingest.replay;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a replay: a bar redrawn in place on stderr when it is a terminal, or a log line every
 * 10 seconds otherwise. Redraws are limited to 5 per second, so calling {@link #update} per event is cheap.
 */
final class ReplayProgress {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayProgress.class);

    private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final int BAR_WIDTH = 30;

    private final String platformId;
    private final long totalEvents;
    private final PrintStream terminal;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;
    private boolean drawn;

    /**
     * @param totalEvents expected number of events, or 0 when unknown (an unbounded event source)
     * @param terminal    stream to draw the bar on, or {@code null} to log instead
     */
    ReplayProgress(String platformId, long totalEvents, PrintStream terminal) {
        this.platformId = platformId;
        this.totalEvents = Math.max(totalEvents, 0);
        this.terminal = terminal;
        this.lastDrawNanos = startNanos;
    }

    /**
     * Returns stderr when the bar is requested and the process runs in a terminal, otherwise {@code null}.
     * NOTE: Java 17 cannot ask whether stderr alone is a terminal; {@code System.console()} is non-null only
     * when stdin and stdout are, so a bar is drawn on a redirected stderr when stdout is still a terminal.
     */
    static PrintStream terminalOrNull(boolean progressBar) {
        String term = System.getenv("TERM");
        boolean interactive = System.console() != null && !"dumb".equals(term);
        return progressBar && interactive ? System.err : null;
    }

    void update(long eventsSent, Instant simulatedTime) {
        long now = System.nanoTime();
        long interval = terminal != null ? REDRAW_INTERVAL_NANOS : LOG_INTERVAL_NANOS;
        if (now - lastDrawNanos < interval) {
            return;
        }
        lastDrawNanos = now;
        draw(eventsSent, simulatedTime, now);
    }

    /** Draws the final state and ends the bar's line. */
    void finish(long eventsSent, Instant simulatedTime) {
        draw(eventsSent, simulatedTime, System.nanoTime());
        if (terminal != null && drawn) {
            terminal.println();
            terminal.flush();
        }
    }

    private void draw(long eventsSent, Instant simulatedTime, long now) {
        double seconds = Math.max((now - startNanos) / 1e9, 1e-9);
        long rate = Math.round(eventsSent / seconds);
        if (totalEvents == 0) {
            if (terminal == null) {
                LOG.info("Replay of platform {}: {} events, simulated time {}, {} events/s", platformId, eventsSent,
                        simulatedTime, rate);
            } else {
                terminal.print(String.format(Locale.ROOT, "\r%,d events  sim %s  %,d ev/s ", eventsSent,
                        simulatedTime, rate));
                terminal.flush();
                drawn = true;
            }
            return;
        }
        double fraction = Math.min(1.0, (double) eventsSent / totalEvents);
        if (terminal == null) {
            LOG.info("Replay of platform {}: {}/{} events ({}%), simulated time {}, {} events/s",
                    platformId, eventsSent, totalEvents, Math.round(fraction * 100), simulatedTime, rate);
            return;
        }
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
        terminal.print(String.format(Locale.ROOT, "\r[%s] %3d%% %,d/%,d events  sim %s  %,d ev/s ",
                bar, Math.round(fraction * 100), eventsSent, totalEvents, simulatedTime, rate));
        terminal.flush();
        drawn = true;
    }
}

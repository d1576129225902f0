package io.pipetwin.core.experiment;

import java.io.PrintStream;

/** A one-line progress bar redrawn in place with a carriage return; safe to call from several threads. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int total;
    private final long startNanos = System.nanoTime();
    private int done;

    ProgressBar(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    synchronized void step() {
        done++;
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf("\r[%s%s] %d/%d runs, %.0f s", "#".repeat(filled), " ".repeat(WIDTH - filled), done, total,
                elapsedSeconds);
        if (done == total) {
            out.println();
        }
        out.flush();
    }
}

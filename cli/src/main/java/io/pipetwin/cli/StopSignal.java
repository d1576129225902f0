package io.pipetwin.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits for the end of a long-running command: a wall-time limit, Ctrl-C (SIGINT or SIGTERM), or an
 * explicit {@link #stop()}. On Ctrl-C the JVM waits, up to 60 seconds, until the command reports its
 * cleanup as finished, so brokers and stream threads shut down cleanly.
 */
final class StopSignal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
    private static final long CLEANUP_WAIT_SECONDS = 60;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;

    StopSignal(String commandName) {
        hook = new Thread(() -> {
            LOG.info("Interrupt received; stopping {}", commandName);
            stopRequested.countDown();
            try {
                if (!cleanedUp.await(CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("{} did not finish its cleanup within {} s; exiting anyway", commandName, CLEANUP_WAIT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pipetwin-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Requests a stop, as Ctrl-C does. */
    void stop() {
        stopRequested.countDown();
    }

    /**
     * Blocks until a stop is requested or {@code limit} has passed.
     *
     * @param limit wall time to run, or null to run until a stop is requested
     */
    void await(Duration limit) throws InterruptedException {
        if (limit == null) {
            stopRequested.await();
        } else if (!stopRequested.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.info("Run time of {} reached; stopping", limit);
        }
    }

    /** Reports the cleanup as finished and removes the Ctrl-C hook unless the JVM is already exiting. */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            LOG.debug("JVM is shutting down; the hook stays registered");
        }
    }
}

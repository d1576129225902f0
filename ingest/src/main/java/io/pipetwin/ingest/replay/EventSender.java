package io.pipetwin.ingest.replay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.pipetwin.schemas.avro.PlatformEvent;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a replay's events through one producer and tracks their acknowledgements.
 *
 * <p>Backpressure: at most {@link TraceReplayConfig#maxUnacknowledgedEvents()} events wait for an
 * acknowledgement. That keeps the producer's buffer from filling while the broker is away, so
 * {@code send()} never blocks on memory and the producer's own retries, bounded by {@code delivery.timeout.ms},
 * decide when a send fails. Stalls of {@value #STALL_LOG_SECONDS} s and more are logged.
 *
 * <p>Transactional mode (a checkpoint file is set): events go in transactions of at most
 * {@link TraceReplayConfig#checkpointEveryEvents()} events or {@link TraceReplayConfig#checkpointInterval()};
 * after each commit the checkpoint file gets the number of committed events.
 */
final class EventSender {

    private static final Logger LOG = LoggerFactory.getLogger(EventSender.class);

    private static final long STALL_LOG_SECONDS = 10;
    private static final long STALL_LOG_NANOS = STALL_LOG_SECONDS * 1_000_000_000L;
    private static final Duration BACKPRESSURE_SLEEP = Duration.ofMillis(5);
    private static final Duration COMMIT_RETRY_BACKOFF = Duration.ofSeconds(1);

    private final TraceReplayConfig config;
    private final Producer<String, PlatformEvent> producer;
    private final boolean transactional;
    private final long eventsBefore;

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicReference<String> failedEventId = new AtomicReference<>();
    private final AtomicLong lastOffset = new AtomicLong(-1);
    private volatile int partition = -1;
    private volatile long lastAckNanos = System.nanoTime();
    private long lastStallLogNanos;
    private boolean stalled;

    private long sent;
    private long committed;
    private long eventsInTransaction;
    private long transactionStartNanos;
    private String lastSentEventId = "";
    private String lastCommittedEventId;
    private boolean transactionOpen;

    /**
     * @param delivered the events an earlier run committed, which a resumed replay skips; {@link
     *                  DeliveredPrefix#NONE} for a fresh one
     */
    EventSender(TraceReplayConfig config, Producer<String, PlatformEvent> producer, boolean transactional,
                DeliveredPrefix delivered) {
        this.config = config;
        this.producer = producer;
        this.transactional = transactional;
        this.eventsBefore = delivered.events();
        this.partition = delivered.partition();
        this.lastOffset.set(delivered.offset());
        this.lastCommittedEventId = delivered.lastEventId();
    }

    /** Sends one event; in transactional mode it commits first when the transaction is full or old enough. */
    void send(PlatformEvent event) {
        awaitCapacity();
        checkFailure();
        if (transactional) {
            commitIfDue();
            if (!transactionOpen) {
                producer.beginTransaction();
                transactionOpen = true;
                transactionStartNanos = System.nanoTime();
            }
        }

        String eventId = event.getEventId();
        ProducerRecord<String, PlatformEvent> record = new ProducerRecord<>(config.topic(), config.platformId(), event);
        record.headers().add(DeliveredPrefix.EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, exception) -> {
            if (exception == null) {
                acknowledged.incrementAndGet();
                lastAckNanos = System.nanoTime();
                partition = metadata.partition();
                lastOffset.accumulateAndGet(metadata.offset(), Math::max);
            } else if (firstFailure.compareAndSet(null, exception)) {
                failedEventId.set(eventId);
            }
        });
        sent++;
        eventsInTransaction++;
        lastSentEventId = eventId;
    }

    /** Waits for every acknowledgement (commits the open transaction) and raises the first send failure. */
    void finish() {
        if (transactional) {
            if (transactionOpen) {
                commitAndCheckpoint();
            } else if (sent == 0) {
                writeCheckpoint();
            }
        } else {
            producer.flush();
        }
        checkFailure();
        if (acknowledged.get() != sent) {
            throw new ReplayException("replay of platform " + config.platformId() + " sent " + sent
                    + " events but only " + acknowledged.get() + " were acknowledged; rerun the replay");
        }
    }

    /** Returns the events acknowledged in this run. */
    long acknowledged() {
        return acknowledged.get();
    }

    /** Returns the events committed so far, counting the resumed prefix; transactional mode only. */
    long committedEvents() {
        return eventsBefore + committed;
    }

    /** Commits the open transaction when it is full or older than the checkpoint interval; else does nothing. */
    void commitIfDue() {
        if (!transactionOpen) {
            return;
        }
        boolean full = eventsInTransaction >= config.checkpointEveryEvents();
        boolean old = System.nanoTime() - transactionStartNanos >= config.checkpointInterval().toNanos();
        if (full || old) {
            commitAndCheckpoint();
        }
    }

    /**
     * Commits the open transaction, retrying a commit that timed out (the producer allows that) until the
     * delivery timeout, then writes the checkpoint.
     */
    private void commitAndCheckpoint() {
        long deadlineNanos = System.nanoTime() + config.deliveryTimeout().toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                break;
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadlineNanos) {
                    throw abortAfter(e);
                }
                LOG.warn("Commit of a transaction of platform {} timed out (attempt {}): {}; retrying, {} events"
                                + " committed so far", config.platformId(), attempt, e.getMessage(), committedEvents());
                sleep(COMMIT_RETRY_BACKOFF);
            } catch (KafkaException e) {
                throw abortAfter(e);
            }
        }
        transactionOpen = false;
        checkFailure();
        committed = sent;
        lastCommittedEventId = lastSentEventId;
        eventsInTransaction = 0;
        writeCheckpoint();
    }

    private void writeCheckpoint() {
        new ReplayCheckpoint(config.topic(), config.platformId(), config.inputName(),
                committedEvents(), partition, lastOffset.get(), lastCommittedEventId, Instant.now())
                .write(config.checkpointFile());
    }

    private ReplayException abortAfter(KafkaException cause) {
        Exception failure = firstFailure.get() != null ? firstFailure.get() : cause;
        if (transactionOpen) {
            transactionOpen = false;
            try {
                producer.abortTransaction();
            } catch (KafkaException abortError) {
                LOG.warn("Aborting the transaction of platform {} failed too: {}", config.platformId(),
                        abortError.toString());
            }
        }
        LOG.error("Transaction of platform {} failed; {} events are committed", config.platformId(), committedEvents(),
                failure);
        return new ReplayException("replay of platform " + config.platformId() + " failed after " + committedEvents()
                + " committed events: " + failure + "; rerun with resume to continue after them", failure);
    }

    /** Waits while too many events are unacknowledged, logging stalls of the broker. */
    private void awaitCapacity() {
        while (true) {
            long unacknowledged = sent - acknowledged.get();
            logStall(unacknowledged);
            if (unacknowledged < config.maxUnacknowledgedEvents() || firstFailure.get() != null) {
                return;
            }
            sleep(BACKPRESSURE_SLEEP);
        }
    }

    private void logStall(long unacknowledged) {
        long now = System.nanoTime();
        long sinceAck = now - lastAckNanos;
        if (unacknowledged > 0 && sinceAck >= STALL_LOG_NANOS && now - lastStallLogNanos >= STALL_LOG_NANOS) {
            lastStallLogNanos = now;
            stalled = true;
            LOG.warn("No acknowledgement from topic {} for {} s ({} events of platform {} unacknowledged); the producer"
                            + " retries until delivery.timeout.ms={}", config.topic(), sinceAck / 1_000_000_000L,
                    unacknowledged, config.platformId(), config.deliveryTimeout().toMillis());
        } else if (stalled && sinceAck < STALL_LOG_NANOS) {
            stalled = false;
            LOG.info("Acknowledgements from topic {} resumed for platform {}", config.topic(), config.platformId());
        }
    }

    private void checkFailure() {
        Exception failure = firstFailure.get();
        if (failure == null) {
            return;
        }
        if (transactional) {
            LOG.error("Send of event {} to topic {} failed; aborting the open transaction of platform {}",
                    failedEventId.get(), config.topic(), config.platformId());
            throw abortAfter(failure instanceof KafkaException kafka ? kafka : new KafkaException(failure));
        }
        LOG.error("Send of event {} to topic {} failed; stopping the replay of platform {}",
                failedEventId.get(), config.topic(), config.platformId(), failure);
        throw new ReplayException("sending event " + failedEventId.get() + " to topic " + config.topic()
                + " failed: " + failure + "; check the broker and rerun the replay (event ids are"
                + " deterministic, so consumers can drop duplicates)", failure);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayException("replay interrupted while waiting for acknowledgements", e);
        }
    }
}

package io.pipetwin.ingest.replay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number of a platform's events that are committed to the topic: the checkpoint's count plus the
 * platform's records that a {@code read_committed} consumer finds after the checkpoint's offset. Those
 * records come from transactions that committed after the checkpoint was last written, for example when
 * the replay was killed between a commit and the checkpoint write.
 *
 * @param events      events 0 .. events-1 of the trace are committed
 * @param lastEventId id of event {@code events-1}, or empty when none is committed
 * @param partition   partition of the last committed event, or -1 when none is committed
 * @param offset      offset of the last committed event, or -1 when none is committed
 */
record DeliveredPrefix(long events, String lastEventId, int partition, long offset) {

    /** The prefix of a replay that starts at the first event. */
    static final DeliveredPrefix NONE = new DeliveredPrefix(0, "", -1, -1);

    private static final Logger LOG = LoggerFactory.getLogger(DeliveredPrefix.class);

    /** Record header with the event id, so this scan needs no value deserializer. */
    static final String EVENT_ID_HEADER = "pipetwin.event-id";

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    /**
     * Reads the topic tail. Call it only after {@code initTransactions()} of this replay's transactional id,
     * which aborts a transaction a killed run left open, so no write of an earlier run is still pending.
     *
     * @param checkpoint the last checkpoint, or {@code null} to scan every partition from the beginning; a
     *                   checkpoint without a committed event (offset -1) is scanned the same way
     */
    static DeliveredPrefix find(TraceReplayConfig config, ReplayCheckpoint checkpoint) {
        long startNanos = System.nanoTime();
        Map<String, Object> consumerConfig = new HashMap<>(config.clientProperties());
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "pipetwin-trace-replay-resume-" + config.platformId());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A checkpoint offset that retention already deleted must fail, not silently rescan from elsewhere.
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");

        boolean scanAll = checkpoint == null || checkpoint.offset() < 0;
        long events = checkpoint == null ? 0 : checkpoint.eventsDelivered();
        String lastEventId = scanAll ? "" : checkpoint.lastEventId();
        int lastPartition = scanAll ? -1 : checkpoint.partition();
        long lastOffset = scanAll ? -1 : checkpoint.offset();
        long tailRecords = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = scanAll
                    ? consumer.partitionsFor(config.topic()).stream()
                            .map(info -> new TopicPartition(config.topic(), info.partition())).toList()
                    : List.of(new TopicPartition(config.topic(), checkpoint.partition()));
            consumer.assign(partitions);
            if (scanAll) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seek(partitions.get(0), checkpoint.offset() + 1);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    if (!config.platformId().equals(record.key())) {
                        continue;
                    }
                    tailRecords++;
                    lastEventId = eventId(record);
                    lastPartition = record.partition();
                    lastOffset = record.offset();
                }
            }
        }
        events += tailRecords;
        LOG.info("Replay of platform {} resumes after {} committed events ({} from the checkpoint, {} found after it"
                        + " in topic {}) in {} ms", config.platformId(), events, events - tailRecords, tailRecords,
                config.topic(), (System.nanoTime() - startNanos) / 1_000_000);
        return new DeliveredPrefix(events, lastEventId, lastPartition, lastOffset);
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(EVENT_ID_HEADER);
        if (header == null) {
            throw new ReplayException("record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " of platform " + record.key() + " has no " + EVENT_ID_HEADER + " header, so it was not written"
                    + " by a resumable replay; resume only into a topic that resumable replays of this platform wrote");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}

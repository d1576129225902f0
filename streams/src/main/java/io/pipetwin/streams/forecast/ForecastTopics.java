package io.pipetwin.streams.forecast;

import io.pipetwin.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configurations the twin's topics are created with (also listed in the architecture document's topic
 * table). The scenarios topic is compacted, because the twin reads it as a table and a tombstone deletes a
 * scenario; the event and forecast topics are time-retained streams.
 */
public final class ForecastTopics {

    /** Retention of the event and forecast topics: 7 days. */
    public static final long RETENTION_MILLIS = 7L * 24 * 3600 * 1000;

    private ForecastTopics() {
    }

    /** Returns the configuration of {@code topic}. */
    public static Map<String, String> configOf(String topic) {
        if (Topics.SCENARIOS.equals(topic)) {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0");
        }
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION_MILLIS));
    }

    /**
     * Returns every topic of {@link Topics#ALL} with its configuration. The scenarios topic always has one
     * partition: every twin instance reads all of it into a global store.
     */
    public static List<NewTopic> newTopics(int partitions, short replicationFactor) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.ALL) {
            int count = Topics.SCENARIOS.equals(name) ? 1 : partitions;
            topics.add(new NewTopic(name, count, replicationFactor).configs(configOf(name)));
        }
        return topics;
    }
}

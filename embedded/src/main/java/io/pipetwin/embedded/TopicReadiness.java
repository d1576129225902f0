package io.pipetwin.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Topic creation followed by the readiness wait, shared by both broker kinds. */
final class TopicReadiness {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReadiness.class);

    private static final Duration READINESS_INITIAL_BACKOFF = Duration.ofMillis(50);
    private static final Duration READINESS_MAX_BACKOFF = Duration.ofSeconds(1);

    private TopicReadiness() {
    }

    static List<NewTopic> singlePartitionTopics(String... names) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, 1, (short) 1));
        }
        return topics;
    }

    /**
     * Creates the given topics, accepting those that already exist, then waits until every partition
     * of every named topic responds to {@code Admin.listOffsets(latest)}. Producing before that response can
     * lose the first batch on Kafka 4.4.0 even with idempotence and {@code acks=all}.
     */
    static void createTopics(Map<String, Object> adminConfig, Collection<NewTopic> topics, Duration readinessTimeout) {
        try (Admin admin = Admin.create(adminConfig)) {
            for (Map.Entry<String, KafkaFuture<Void>> entry
                    : admin.createTopics(topics).values().entrySet()) {
                createOrAcceptExisting(entry.getKey(), entry.getValue());
            }
            List<String> names = topics.stream().map(NewTopic::name).toList();
            awaitPartitionsReady(admin, names, readinessTimeout);
        }
    }

    private static void createOrAcceptExisting(String topic, KafkaFuture<Void> future) {
        try {
            future.get();
            LOG.info("Created topic {}", topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                LOG.debug("Topic {} already exists", topic);
                return;
            }
            throw new IllegalStateException("creating topic " + topic + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    /**
     * Queries the latest offset of every partition of {@code topics} until all respond, backing off
     * exponentially on retriable errors up to the readiness timeout.
     */
    private static void awaitPartitionsReady(Admin admin, List<String> topics, Duration readinessTimeout) {
        long deadlineNanos = System.nanoTime() + readinessTimeout.toNanos();
        Duration backoff = READINESS_INITIAL_BACKOFF;
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                descriptions.values().forEach(description -> description.partitions().forEach(
                        partition -> request.put(new TopicPartition(description.name(), partition.partition()),
                                OffsetSpec.latest())));
                admin.listOffsets(request).all().get();
                LOG.info("Topics {} ready: {} partitions responded to latest-offset queries after {} attempt(s)",
                        topics, request.size(), attempt);
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof RetriableException)) {
                    throw new IllegalStateException("topics " + topics + " not ready: " + cause, cause);
                }
                if (System.nanoTime() + backoff.toNanos() > deadlineNanos) {
                    throw new IllegalStateException("topics " + topics + " not ready after " + readinessTimeout
                            + " (" + attempt + " attempts, last error " + cause + "); raise readinessTimeout", cause);
                }
                LOG.info("Topics {} not ready yet (attempt {}: {}); retrying in {} ms",
                        topics, attempt, cause.toString(), backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(READINESS_MAX_BACKOFF) > 0) {
                    backoff = READINESS_MAX_BACKOFF;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topics " + topics, e);
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}

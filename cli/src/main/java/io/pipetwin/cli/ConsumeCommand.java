package io.pipetwin.cli;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/** Prints records of a PipeTwin topic as JSON lines. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print records of a PipeTwin topic as JSON lines (Avro JSON of the record, one line each),"
                + " reading committed records only and joining no consumer group.")
final class ConsumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--topic", paramLabel = "TOPIC", required = true,
            description = "Topic to read, for example pipetwin.forecast.queue. Required.")
    String topic;

    @Option(names = "--max", paramLabel = "N", defaultValue = "10",
            description = "Records to print before exiting. Default: ${DEFAULT-VALUE}.")
    long max;

    @Option(names = "--from-beginning",
            description = "Start at the earliest offset of each partition. Default: off, so only new records print.")
    boolean fromBeginning;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Exit after this wall time without a new record, for example 10s. Default: wait until"
                    + " --max records or Ctrl-C.")
    Duration idleTimeout;

    @Override
    public Integer call() throws Exception {
        SettingsResolver resolver = connection.resolver();
        Map<String, String> clientProperties = connection.clientProperties(resolver);
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(resolver));
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Object> serdeConfig = new HashMap<>(clientProperties);
        serdeConfig.put("schema.registry.url", connection.schemaRegistryUrl(resolver));
        RecordJson json = new RecordJson(serdeConfig);
        PrintWriter out = spec.commandLine().getOut();

        try (StopSignal stop = new StopSignal("consume");
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                     new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist; pass one of the topics in"
                        + " io.pipetwin.schemas.Topics, for example pipetwin.forecast.queue");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }

            long printed = 0;
            long lastRecordNanos = System.nanoTime();
            Thread waker = new Thread(() -> {
                try {
                    stop.await(null);
                    consumer.wakeup();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "consume-stop");
            waker.setDaemon(true);
            waker.start();
            try {
                while (printed < max) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        out.println(json.render(record));
                        lastRecordNanos = System.nanoTime();
                        if (++printed >= max) {
                            break;
                        }
                    }
                    out.flush();
                    if (idleTimeout != null && System.nanoTime() - lastRecordNanos > idleTimeout.toNanos()) {
                        break;
                    }
                }
            } catch (WakeupException e) {
                out.flush();
            } finally {
                waker.interrupt();
            }
        }
        return 0;
    }
}

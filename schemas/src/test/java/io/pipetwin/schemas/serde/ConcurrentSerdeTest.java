package io.pipetwin.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pipetwin.schemas.Topics;
import io.pipetwin.schemas.avro.PlatformEvent;
import io.pipetwin.schemas.registry.EmbeddedSchemaRegistry;
import io.pipetwin.schemas.testing.TestRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One serde shared by several threads, as Kafka Streams shares a serde across its stream threads. */
class ConcurrentSerdeTest {

    private static final int THREADS = 4;
    private static final int RECORDS_PER_THREAD = 500;

    @Test
    void sharedSerdeRoundTripsOnManyThreads() throws Exception {
        List<PlatformEvent> events = TestRecords.eventOfEveryPayloadType();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry().start();
             AvroSerde<PlatformEvent> serde = PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registry.url()))) {

            Callable<Integer> roundTrips = () -> {
                int matched = 0;
                for (int i = 0; i < RECORDS_PER_THREAD; i++) {
                    PlatformEvent event = events.get(i % events.size());
                    byte[] payload = serde.serializer().serialize(Topics.PLATFORM_EVENTS, event);
                    if (event.equals(serde.deserializer().deserialize(Topics.PLATFORM_EVENTS, payload))) {
                        matched++;
                    }
                }
                return matched;
            };
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                results.add(pool.submit(roundTrips));
            }

            for (Future<Integer> result : results) {
                assertEquals(RECORDS_PER_THREAD, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

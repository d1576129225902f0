package io.pipetwin.http;

import io.pipetwin.ingest.replay.ReplaySummary;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.ingest.replay.TraceReplayer;
import io.pipetwin.ingest.synthetic.SyntheticAlibabaTrace;
import io.pipetwin.schemas.serde.PipeTwinSerdes;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Replays of the synthetic trace and waits shared by the HTTP tests. */
final class Replays {

    /** Upper bound of every wait; a twin that stalls fails the test then instead of hanging the build. */
    static final Duration MAX_WAIT = Duration.ofMinutes(10);

    static final HttpClient HTTP = HttpClient.newHttpClient();

    private Replays() {
    }

    /** Writes a synthetic trace of {@code pods} pods and replays it as fast as possible under the platform id. */
    static ReplaySummary replay(String bootstrapServers, String registryUrl, Path dir, String platformId, int pods,
                                long seed) {
        Path traceDir = dir.resolve("trace-" + platformId);
        SyntheticAlibabaTrace.write(traceDir, pods, seed);
        return new TraceReplayer(config(bootstrapServers, registryUrl, traceDir, platformId).speed(0),
                PipeTwinSerdes.platformEvent(Map.of("schema.registry.url", registryUrl)).serializer()).run();
    }

    static TraceReplayConfig config(String bootstrapServers, String registryUrl, Path traceDir, String platformId) {
        return new TraceReplayConfig()
                .bootstrapServers(bootstrapServers)
                .schemaRegistryUrl(registryUrl)
                .traceDirectory(traceDir)
                .platformId(platformId)
                .progressBar(false);
    }

    static long processed(MirrorCounters counters) {
        return counters.count(MirrorCounter.EVENTS_APPLIED) + counters.count(MirrorCounter.EVENTS_REJECTED);
    }

    /** Waits until one of the twins has applied or rejected {@code total} events of the platform. */
    static MirrorCounters awaitProcessed(String platformId, long total, TwinApplication... twins)
            throws InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (TwinApplication twin : twins) {
                Optional<MirrorCounters> counters = twin.counters(platformId);
                if (counters.isPresent() && processed(counters.get()) >= total) {
                    return counters.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("platform " + platformId + " did not reach " + total + " processed events within "
                + MAX_WAIT);
    }

    static void await(String description, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(description + " did not happen within " + MAX_WAIT);
    }

    static HttpResponse<String> get(URI base, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + base.resolve(path) + " failed", e);
        }
    }
}

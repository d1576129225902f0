package io.pipetwin.http;

import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Server-Sent Events of one platform: a {@code forecast} event per new forecast record and a
 * {@code state} event with the mirrored state every {@link #STATE_INTERVAL_MILLIS}. The connection's
 * cache listener is removed when the client disconnects or the server stops.
 */
final class EventStream {

    static final long STATE_INTERVAL_MILLIS = 5_000;
    /** Forecasts buffered per client; a client that falls further behind loses the oldest ones. */
    static final int BUFFER_RECORDS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final ForecastCache cache;
    private final BiFunction<String, Boolean, PlatformApi.Answer> stateSource;
    private final AtomicInteger clients = new AtomicInteger();
    private volatile boolean closed;

    EventStream(ForecastCache cache, BiFunction<String, Boolean, PlatformApi.Answer> stateSource) {
        this.cache = cache;
        this.stateSource = stateSource;
    }

    /** Streams events to the client until it disconnects or the server stops; runs on the request thread. */
    void stream(HttpExchange exchange, String platformId) throws IOException {
        BlockingQueue<ForecastEntry> pending = new ArrayBlockingQueue<>(BUFFER_RECORDS);
        Consumer<ForecastEntry> listener = entry -> {
            if (entry.platformId().equals(platformId)) {
                while (!pending.offer(entry)) {
                    pending.poll();
                }
            }
        };
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        cache.addListener(listener);
        int connected = clients.incrementAndGet();
        LOG.info("Event stream of platform {} opened for {} ({} clients)", platformId, exchange.getRemoteAddress(), connected);
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, "retry: 2000\n\n");
            sendState(out, platformId);
            long nextStateMillis = System.currentTimeMillis() + STATE_INTERVAL_MILLIS;
            while (!closed) {
                ForecastEntry entry = pending.poll(500, TimeUnit.MILLISECONDS);
                if (entry != null) {
                    write(out, "event: forecast\ndata: " + Exchanges.MAPPER.writeValueAsString(java.util.Map.of(
                            "series", entry.series(), "key", entry.key(), "publishedAt", entry.publishedAtMillis(),
                            "value", entry.value())) + "\n\n");
                }
                if (System.currentTimeMillis() >= nextStateMillis) {
                    sendState(out, platformId);
                    nextStateMillis = System.currentTimeMillis() + STATE_INTERVAL_MILLIS;
                }
            }
        } catch (IOException e) {
            LOG.debug("Event stream of platform {} for {} ended: {}", platformId, exchange.getRemoteAddress(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            cache.removeListener(listener);
            int remaining = clients.decrementAndGet();
            LOG.info("Event stream of platform {} closed for {} ({} clients)", platformId, exchange.getRemoteAddress(), remaining);
        }
    }

    private void sendState(OutputStream out, String platformId) throws IOException {
        PlatformApi.Answer answer = stateSource.apply(platformId, false);
        if (answer.status() == 200) {
            write(out, "event: state\ndata: " + Exchanges.MAPPER.writeValueAsString(answer.body()) + "\n\n");
        } else {
            // A comment line keeps proxies from closing an idle connection and lets the server notice a disconnect.
            write(out, ": state unavailable (" + answer.status() + ")\n\n");
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    int clients() {
        return clients.get();
    }

    void close() {
        closed = true;
    }
}

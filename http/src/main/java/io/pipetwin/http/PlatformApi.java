package io.pipetwin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.pipetwin.streams.mirror.MirrorCounters;
import io.pipetwin.streams.mirror.MirrorStores;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code /api/platforms} endpoints: the platform list; mirrored state, fitted workload parameters and
 * what-if scenarios (read from this instance's stores or forwarded to the instance that owns the platform);
 * and the latest and recent forecasts from the {@link ForecastCache}.
 */
final class PlatformApi implements HttpHandler {

    /** Header set on a forwarded request, so the receiving instance serves it from its own stores and never forwards again. */
    static final String FORWARDED_HEADER = "X-PipeTwin-Forwarded";

    private static final Logger LOG = LoggerFactory.getLogger(PlatformApi.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
    /** Seconds a client should wait before it retries a 503, an estimate of how long a rebalance of the twin takes. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final PlatformState state;
    private final WorkloadParameters parameters;
    private final PlatformScenarios scenarios;
    private final ForecastCache cache;
    private final EventStream events;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(FORWARD_TIMEOUT).build();

    PlatformApi(KafkaStreams streams, HostInfo self, ForecastCache cache) {
        this.streams = streams;
        this.self = self;
        this.state = new PlatformState(streams);
        this.parameters = new WorkloadParameters(streams);
        this.scenarios = new PlatformScenarios(streams);
        this.cache = cache;
        this.events = new EventStream(cache, this::stateJson);
    }

    /** A status code and JSON body. */
    record Answer(int status, Object body) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                Exchanges.sendError(exchange, 405, "method " + exchange.getRequestMethod() + " is not allowed; use GET");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            List<String> parts = Arrays.stream(path.split("/")).filter(part -> !part.isEmpty()).toList();
            // parts: api, platforms, {id}, then state | parameters | scenarios | events | forecasts/latest | forecasts/history
            if (parts.size() == 2) {
                Exchanges.sendJson(exchange, 200, platforms());
                return;
            }
            String platformId = parts.get(2);
            String rest = String.join("/", parts.subList(3, parts.size()));
            boolean forwarded = exchange.getRequestHeaders().containsKey(FORWARDED_HEADER);
            switch (rest) {
                case "state" -> send(exchange, stateJson(platformId, forwarded));
                case "parameters" -> send(exchange, routed(platformId, rest, forwarded, this::localParameters));
                case "scenarios" -> send(exchange, routed(platformId, rest, forwarded, this::localScenarios));
                case "forecasts/latest" -> Exchanges.sendJson(exchange, 200, latest(platformId));
                case "forecasts/history" -> history(exchange, platformId);
                case "events" -> events.stream(exchange, platformId);
                default -> Exchanges.sendError(exchange, 404, "no endpoint " + path + "; use /api/platforms or"
                        + " /api/platforms/{id}/ followed by state, parameters, scenarios, forecasts/latest,"
                        + " forecasts/history or events");
            }
        } catch (RuntimeException e) {
            LOG.error("Request {} failed", exchange.getRequestURI(), e);
            Exchanges.sendError(exchange, 500, "request failed: " + e);
        }
    }

    private ObjectNode platforms() {
        Set<String> ids = new TreeSet<>(cache.platformIds());
        ids.addAll(localPlatformIds());
        ObjectNode result = JSON.objectNode();
        result.put("instance", self.host() + ":" + self.port());
        ArrayNode list = result.putArray("platforms");
        for (String id : ids) {
            HostInfo host = owner(id);
            ObjectNode entry = list.addObject().put("platformId", id);
            if (host != null) {
                entry.put("host", host.host() + ":" + host.port());
                entry.put("local", host.equals(self));
            } else {
                entry.putNull("host");
                entry.put("local", false);
            }
        }
        ArrayNode instances = result.putArray("instances");
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            ObjectNode instance = instances.addObject();
            instance.put("host", metadata.hostInfo().host() + ":" + metadata.hostInfo().port());
            ArrayNode partitions = instance.putArray("partitions");
            metadata.topicPartitions().forEach(partition -> partitions.add(partition.toString()));
        }
        return result;
    }

    private Set<String> localPlatformIds() {
        Set<String> ids = new TreeSet<>();
        try (var iterator = streams.store(StoreQueryParameters.fromNameAndType(
                MirrorStores.PLATFORMS, QueryableStoreTypes.<String, byte[]>keyValueStore()))
                .all()) {
            iterator.forEachRemaining(entry -> ids.add(entry.key));
        } catch (InvalidStateStoreException e) {
            LOG.debug("Platform store not queryable while listing platforms: {}", e.getMessage());
        }
        return ids;
    }

    /** Returns the instance that owns the platform's partition, or null while metadata is unavailable. */
    private HostInfo owner(String platformId) {
        try {
            KeyQueryMetadata metadata = streams.queryMetadataForKey(MirrorStores.PLATFORMS, platformId, new StringSerializer());
            if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                return null;
            }
            return metadata.activeHost();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // Kafka Streams throws these before it starts and after it stops.
            return null;
        }
    }

    /** Returns the state of one platform, read from the local stores or fetched from the instance that owns it. */
    Answer stateJson(String platformId, boolean forwarded) {
        return routed(platformId, "state", forwarded, this::localState);
    }

    /**
     * Serves a per-platform endpoint from the instance that owns the platform's partition. This instance reads
     * its own stores when it owns the platform, when no owner is known yet, or when the request was already
     * forwarded once. Otherwise it forwards {@code /api/platforms/{id}/endpoint} to the owner. A store that is
     * not queryable gives 503.
     */
    private Answer routed(String platformId, String endpoint, boolean forwarded, LocalQuery local) {
        HostInfo owner = owner(platformId);
        if (owner != null && !owner.equals(self) && !forwarded) {
            return forward(owner, platformId, endpoint);
        }
        try {
            Answer answer = local.answer(platformId, owner);
            if (answer.status() == 200 && answer.body() instanceof ObjectNode body) {
                body.put("servedBy", self.host() + ":" + self.port());
            }
            return answer;
        } catch (InvalidStateStoreException e) {
            LOG.debug("Stores not queryable for {} of platform {}: {}", endpoint, platformId, e.getMessage());
            return new Answer(503, Map.of("error", "state stores are not queryable now (" + e.getMessage()
                    + "); retry after the rebalance or restoration ends"));
        }
    }

    /**
     * Query of this instance's stores for one platform. It throws {@link InvalidStateStoreException} while
     * they are not queryable.
     */
    @FunctionalInterface
    private interface LocalQuery {
        /** @param owner the instance holding the platform's partition, or null while unknown */
        Answer answer(String platformId, HostInfo owner);
    }

    private Answer localState(String platformId, HostInfo owner) {
        Optional<ObjectNode> summary = state.summary(platformId);
        return summary.isPresent() ? new Answer(200, summary.get()) : notMirrored(platformId, owner);
    }

    private Answer localParameters(String platformId, HostInfo owner) {
        Optional<ObjectNode> fitted = parameters.json(platformId);
        if (fitted.isPresent()) {
            return new Answer(200, fitted.get());
        }
        Optional<MirrorCounters> counters = mirrorCounters(platformId);
        if (counters.isEmpty()) {
            return notMirrored(platformId, owner);
        }
        return new Answer(404, Map.of("error", "platform " + platformId + " has no fitted workload parameters yet;"
                + " the twin stores them at each forecast boundary, the next at event time "
                + Instant.ofEpochMilli(counters.get().nextBoundaryMillis()) + "; retry once an event reaches it"));
    }

    private Answer localScenarios(String platformId, HostInfo owner) {
        ObjectNode result = JSON.objectNode();
        result.put("platformId", platformId);
        int stored = scenarios.addTo(result.putArray("scenarios"), platformId);
        if (stored == 0 && mirrorCounters(platformId).isEmpty()) {
            return notMirrored(platformId, owner);
        }
        return new Answer(200, result);
    }

    private Optional<MirrorCounters> mirrorCounters(String platformId) {
        byte[] summary = streams.store(StoreQueryParameters.fromNameAndType(MirrorStores.PLATFORMS,
                QueryableStoreTypes.<String, byte[]>keyValueStore())).get(platformId);
        return summary == null ? Optional.empty() : Optional.of(MirrorStores.decodeCounters(summary));
    }

    private static Answer notMirrored(String platformId, HostInfo owner) {
        return new Answer(404, Map.of("error", "platform " + platformId + " is not mirrored here"
                + (owner == null ? " and no instance holds it yet; check the id in /api/platforms" : "")));
    }

    private Answer forward(HostInfo owner, String platformId, String endpoint) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/api/platforms/"
                + URLEncoder.encode(platformId, StandardCharsets.UTF_8).replace("+", "%20") + "/" + endpoint);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).header(FORWARDED_HEADER, "1").GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), Exchanges.MAPPER.readTree(response.body()));
        } catch (IOException e) {
            LOG.warn("Forwarding {} of platform {} to {} failed", endpoint, platformId, uri, e);
            return new Answer(502, Map.of("error", "instance " + owner.host() + ":" + owner.port() + " holding platform "
                    + platformId + " did not answer: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, Map.of("error", "interrupted while forwarding to " + uri));
        }
    }

    /** Sends the status and body. A 503 carries {@code Retry-After}, because a rebalance or restoration ends by itself. */
    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        Exchanges.sendJson(exchange, answer.status(), answer.body());
    }

    private ObjectNode latest(String platformId) {
        ObjectNode result = JSON.objectNode();
        result.put("platformId", platformId);
        ObjectNode bySeries = result.putObject("series");
        for (ForecastEntry entry : cache.latest(platformId)) {
            ArrayNode records = bySeries.has(entry.series()) ? (ArrayNode) bySeries.get(entry.series())
                    : bySeries.putArray(entry.series());
            records.addObject().put("key", entry.key()).put("publishedAt", entry.publishedAtMillis())
                    .set("value", entry.value());
        }
        return result;
    }

    private void history(HttpExchange exchange, String platformId) throws IOException {
        Map<String, String> query = Exchanges.query(exchange);
        Set<String> series = new TreeSet<>();
        String seriesParameter = query.getOrDefault("series", "");
        for (String name : seriesParameter.split(",")) {
            if (!name.isBlank()) {
                series.add(name.trim());
            }
        }
        long sinceMillis;
        try {
            sinceMillis = parseSince(query.get("since"));
        } catch (IllegalArgumentException e) {
            Exchanges.sendError(exchange, 400, e.getMessage());
            return;
        }
        ObjectNode result = JSON.objectNode();
        result.put("platformId", platformId);
        ArrayNode records = result.putArray("records");
        for (ForecastEntry entry : cache.history(platformId, series, sinceMillis)) {
            records.addObject().put("series", entry.series()).put("key", entry.key())
                    .put("publishedAt", entry.publishedAtMillis()).set("value", entry.value());
        }
        Exchanges.sendJson(exchange, 200, result);
    }

    /** Parses {@code since}: epoch milliseconds or an ISO-8601 instant; absent means everything kept. */
    static long parseSince(String since) {
        if (since == null || since.isBlank()) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(since.trim());
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(since.trim()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("since " + since + " is invalid; pass epoch milliseconds or an"
                        + " ISO-8601 instant such as 2026-12-04T10:00:00Z");
            }
        }
    }

    void close() {
        events.close();
    }
}

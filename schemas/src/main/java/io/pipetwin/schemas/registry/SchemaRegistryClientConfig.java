package io.pipetwin.schemas.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link SchemaRegistryClient}. {@link #fromMap} reads them from a Kafka-style config
 * map with the key names of Confluent's schema registry client; the constants below list the keys.
 *
 * @param baseUrls           registry base URLs, tried in this order
 * @param userInfo           {@code user:password} for HTTP basic authentication, if any
 * @param connectTimeout     time to establish a connection
 * @param requestTimeout     time from sending a request until its response arrives
 * @param maxRetries         retries after the first attempt; each attempt tries every base URL once
 * @param retryInitialWait   wait before the first retry; doubled before each further retry
 * @param retryMaxWait       upper bound of the wait between retries
 */
public record SchemaRegistryClientConfig(
        List<URI> baseUrls,
        Optional<String> userInfo,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryInitialWait,
        Duration retryMaxWait) {

    /** Comma-separated registry base URLs; required. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Source of the basic-auth credentials; only {@code USER_INFO} is supported. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** {@code user:password} for HTTP basic authentication; unset means no authentication. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Connect timeout in milliseconds; default {@value #DEFAULT_CONNECT_TIMEOUT_MS}. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    /** Request (response) timeout in milliseconds; default {@value #DEFAULT_REQUEST_TIMEOUT_MS}. */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    /** Retries after the first attempt; default {@value #DEFAULT_MAX_RETRIES}. */
    public static final String MAX_RETRIES = "max.retries";
    /** Wait before the first retry in milliseconds; default {@value #DEFAULT_RETRIES_WAIT_MS}. */
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    /** Upper bound of the wait between retries in milliseconds; default {@value #DEFAULT_RETRIES_MAX_WAIT_MS}. */
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";

    public static final String USER_INFO_SOURCE = "USER_INFO";
    public static final long DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final long DEFAULT_RETRIES_WAIT_MS = 1_000;
    public static final long DEFAULT_RETRIES_MAX_WAIT_MS = 20_000;

    public SchemaRegistryClientConfig {
        Objects.requireNonNull(baseUrls, "baseUrls");
        Objects.requireNonNull(userInfo, "userInfo");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryInitialWait, "retryInitialWait");
        Objects.requireNonNull(retryMaxWait, "retryMaxWait");
        baseUrls = List.copyOf(baseUrls);
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("no schema registry URL given; set " + SCHEMA_REGISTRY_URL
                    + " to one or more comma-separated URLs such as http://127.0.0.1:8081");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " is " + maxRetries + "; use 0 or more");
        }
        requirePositive(HTTP_CONNECT_TIMEOUT_MS, connectTimeout);
        requirePositive(HTTP_READ_TIMEOUT_MS, requestTimeout);
        if (retryInitialWait.isNegative() || retryMaxWait.isNegative()) {
            throw new IllegalArgumentException(RETRIES_WAIT_MS + " and " + RETRIES_MAX_WAIT_MS
                    + " must not be negative; got " + retryInitialWait.toMillis() + " and " + retryMaxWait.toMillis());
        }
    }

    /** Config for the given comma-separated URLs with every other setting at its default. */
    public static SchemaRegistryClientConfig of(String urls) {
        return fromMap(Map.of(SCHEMA_REGISTRY_URL, urls));
    }

    /**
     * Reads the settings from a Kafka-style config map. Values may be strings or the natural Java
     * type (numbers, lists of URLs).
     *
     * @throws IllegalArgumentException naming the key, the invalid value and the expected form
     */
    public static SchemaRegistryClientConfig fromMap(Map<String, ?> config) {
        List<URI> urls = parseUrls(config.get(SCHEMA_REGISTRY_URL));

        Object source = config.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        if (source != null && !USER_INFO_SOURCE.equalsIgnoreCase(source.toString().trim())) {
            throw new IllegalArgumentException(BASIC_AUTH_CREDENTIALS_SOURCE + " is '" + source
                    + "', which this client does not support; use " + USER_INFO_SOURCE + " and set " + BASIC_AUTH_USER_INFO);
        }
        Optional<String> userInfo = Optional.ofNullable(config.get(BASIC_AUTH_USER_INFO))
                .map(Object::toString)
                .filter(value -> !value.isEmpty());
        if (userInfo.isPresent() && userInfo.get().indexOf(':') < 0) {
            // The value is a secret, so the message must not repeat it.
            throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " has no ':'; write it as user:password");
        }

        return new SchemaRegistryClientConfig(
                urls,
                userInfo,
                Duration.ofMillis(longValue(config, HTTP_CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS)),
                Duration.ofMillis(longValue(config, HTTP_READ_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS)),
                (int) longValue(config, MAX_RETRIES, DEFAULT_MAX_RETRIES),
                Duration.ofMillis(longValue(config, RETRIES_WAIT_MS, DEFAULT_RETRIES_WAIT_MS)),
                Duration.ofMillis(longValue(config, RETRIES_MAX_WAIT_MS, DEFAULT_RETRIES_MAX_WAIT_MS)));
    }

    /** Returns a copy with other retry settings, for callers that build the config in code. */
    public SchemaRegistryClientConfig withRetries(int newMaxRetries, Duration newInitialWait, Duration newMaxWait) {
        return new SchemaRegistryClientConfig(baseUrls, userInfo, connectTimeout, requestTimeout,
                newMaxRetries, newInitialWait, newMaxWait);
    }

    /** Returns a copy with HTTP basic authentication as {@code user:password}. */
    public SchemaRegistryClientConfig withUserInfo(String newUserInfo) {
        return new SchemaRegistryClientConfig(baseUrls, Optional.of(newUserInfo), connectTimeout, requestTimeout,
                maxRetries, retryInitialWait, retryMaxWait);
    }

    private static List<URI> parseUrls(Object value) {
        if (value == null) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL
                    + " is missing; set it to one or more comma-separated URLs such as http://127.0.0.1:8081");
        }
        List<String> parts = new ArrayList<>();
        if (value instanceof Collection<?> collection) {
            collection.forEach(item -> parts.add(String.valueOf(item)));
        } else {
            parts.addAll(List.of(value.toString().split(",")));
        }

        List<URI> urls = new ArrayList<>();
        for (String part : parts) {
            String text = part.trim();
            if (text.isEmpty()) {
                continue;
            }
            urls.add(parseUrl(text));
        }
        return urls;
    }

    private static URI parseUrl(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (uri.getUserInfo() != null) {
                throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " entry for host " + uri.getHost()
                        + " contains credentials; put them in " + BASIC_AUTH_USER_INFO + " instead");
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " entry '" + text
                        + "' is not an http or https URL; write it as http://host:port");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " entry '" + text + "' is not a valid URL: "
                    + e.getReason(), e);
        }
    }

    private static long longValue(Map<String, ?> config, String key, long defaultValue) {
        Object value = config.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is '" + value + "', which is not a whole number", e);
        }
    }

    private static void requirePositive(String key, Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(key + " is " + duration.toMillis() + " ms; use a positive value");
        }
    }

    @Override
    public String toString() {
        // Never print the credentials.
        return "SchemaRegistryClientConfig[baseUrls=" + baseUrls + ", basicAuth=" + userInfo.isPresent()
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", retryInitialWait=" + retryInitialWait
                + ", retryMaxWait=" + retryMaxWait + "]";
    }
}

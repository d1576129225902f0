package io.pipetwin.http;

/**
 * Address of the HTTP server.
 *
 * @param host interface to bind; the default 127.0.0.1 keeps the server off other hosts' reach
 * @param port TCP port; 0 picks a free ephemeral port
 */
public record HttpSettings(String host, int port) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("HTTP host is missing; pass an interface address such as " + DEFAULT_HOST);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("HTTP port " + port + " is invalid; use 0 (ephemeral) to 65535");
        }
    }

    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_HOST, DEFAULT_PORT);
    }
}

package io.pipetwin.cli;

import io.pipetwin.http.HttpSettings;
import picocli.CommandLine.Option;

/** Address of the HTTP server that serves the API, the metrics and the dashboard. */
final class HttpOptions {

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Interface the HTTP server binds. Env PIPETWIN_HTTP_HOST, key http.host. Default: "
                    + HttpSettings.DEFAULT_HOST + ".")
    String host;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "TCP port of the HTTP server; 0 picks a free one. Env PIPETWIN_HTTP_PORT, key http.port."
                    + " Default: " + HttpSettings.DEFAULT_PORT + ".")
    String port;

    HttpSettings settings(SettingsResolver resolver) {
        String portValue = resolver.resolve(Setting.HTTP_PORT, port);
        int portNumber;
        try {
            portNumber = Integer.parseInt(portValue.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("HTTP port " + portValue + " is not a number; pass --http-port with"
                    + " 0 to 65535");
        }
        return new HttpSettings(resolver.resolve(Setting.HTTP_HOST, host), portNumber);
    }
}

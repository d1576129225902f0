package io.pipetwin.http;

/** The HTTP port is taken by another process. */
public final class PortInUseException extends RuntimeException {

    public PortInUseException(String host, int port, Throwable cause) {
        super("HTTP port " + port + " on " + host + " is already in use; stop the process that holds it, or pass"
                + " --http-port with a free port (0 picks an ephemeral one)", cause);
    }
}

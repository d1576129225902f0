package io.pipetwin.ingest.replay;

/** A replay stopped before every event was acknowledged. */
public class ReplayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.pipetwin.streams.mirror;

/**
 * Outcome of applying one event to a mirror.
 *
 * @param reason why the event was rejected, or null when it was applied
 * @param detail the ids involved, for logs and the dead-letter topic; empty when applied
 */
public record ApplyResult(RejectReason reason, String detail) {

    public static final ApplyResult APPLIED = new ApplyResult(null, "");

    static ApplyResult rejected(RejectReason reason, String detail) {
        return new ApplyResult(reason, detail);
    }

    public boolean applied() {
        return reason == null;
    }
}

package io.pipetwin.streams.forecast;

import io.pipetwin.core.scheduling.HeadOfLineRule;

import java.util.Locale;

/** The head-of-line rule the twin's baseline forecasts assume for every platform. */
public enum HeadOfLineSetting {
    /**
     * The rule each platform is seen to follow: backfill once queued tasks have overtaken earlier waiting ones
     * of their pool, strict FIFO when enough queue starts never did, and backfill until then.
     */
    AUTO,
    /** Strict FIFO: a waiting task that fits no node holds back every task behind it in its pool. */
    STRICT,
    /** Backfill: any waiting task that fits starts, whatever waits ahead of it. */
    BACKFILL;

    /** Parses {@code auto}, {@code strict} or {@code backfill}, in any case. */
    public static HeadOfLineSetting parse(String text) {
        String value = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (HeadOfLineSetting setting : values()) {
            if (setting.name().equals(value)) {
                return setting;
            }
        }
        throw new IllegalArgumentException("head-of-line rule '" + text + "' is invalid; use auto, strict or backfill");
    }

    /** Returns the fixed rule of this setting, or null for {@link #AUTO}. */
    public HeadOfLineRule fixedRule() {
        return switch (this) {
            case AUTO -> null;
            case STRICT -> HeadOfLineRule.STRICT;
            case BACKFILL -> HeadOfLineRule.BACKFILL;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.pipetwin.core.trace.support;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.pipetwin.core.trace.CsvRow;

/**
 * Converts wall-clock timestamps of a trace ({@code YYYY-MM-DD HH:MM:SS}, no time zone) to seconds from a
 * fixed origin. Traces that give no zone are read as UTC; only differences and the hour of the week
 * matter to the model, and those do not depend on the zone as long as every timestamp uses the same one.
 *
 * <p>The origin should be a Monday 00:00, because the workload model's hour-of-week profile takes
 * simulation time 0 as Monday 00:00.
 */
public final class TraceClock {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final LocalDateTime origin;
    private final long originEpochSeconds;

    public TraceClock(LocalDateTime origin) {
        this.origin = origin;
        this.originEpochSeconds = origin.toEpochSecond(ZoneOffset.UTC);
    }

    public LocalDateTime origin() {
        return origin;
    }

    /** Returns the seconds from the origin to {@code text}, or throws naming the row and column. */
    public long secondsFromOrigin(CsvRow row, String column, String text) {
        try {
            return LocalDateTime.parse(text, FORMAT).toEpochSecond(ZoneOffset.UTC) - originEpochSeconds;
        } catch (DateTimeParseException e) {
            throw row.error(column, text, "'" + text + "' is not a timestamp of the form YYYY-MM-DD HH:MM:SS");
        }
    }

    /** Returns the seconds from the origin to {@code text}, or throws {@link DateTimeParseException}. */
    public long secondsFromOrigin(String text) {
        return LocalDateTime.parse(text.trim(), FORMAT).toEpochSecond(ZoneOffset.UTC) - originEpochSeconds;
    }
}

package io.pipetwin.core.output;

import java.util.Locale;

/** File format of the streamed outputs (task trace, pipelines, time series); summaries stay CSV. */
public enum OutputFormat {
    CSV,
    PARQUET,
    BOTH;

    /** Returns whether CSV files are written. */
    public boolean csv() {
        return this != PARQUET;
    }

    /** Returns whether Parquet files are written. */
    public boolean parquet() {
        return this != CSV;
    }

    /** Parses {@code csv}, {@code parquet} or {@code both}, ignoring case. */
    public static OutputFormat parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "parquet" -> PARQUET;
            case "both" -> BOTH;
            default -> throw new IllegalArgumentException("output format '" + text
                    + "' is invalid; use csv, parquet or both");
        };
    }
}

package io.pipetwin.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One forecast-topic record as the cache holds it.
 *
 * @param series           topic name without the {@code pipetwin.forecast.} prefix, for example {@code queue}
 * @param key              series plus the record's string and enum fields other than the platform id, for
 *                         example {@code queue/baseline/gpu}; the latest record per key is kept
 * @param platformId       the record's {@code platformId} field
 * @param publishedAtMillis Kafka timestamp of the record, epoch millis (the twin sets it to the publish time)
 * @param value            the record as JSON
 */
public record ForecastEntry(String series, String key, String platformId, long publishedAtMillis, ObjectNode value) {
}

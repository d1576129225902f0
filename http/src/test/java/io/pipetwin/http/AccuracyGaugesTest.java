package io.pipetwin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccuracyGaugesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MicrometerTwinMetrics metrics = new MicrometerTwinMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    private static ForecastEntry accuracy(String platform, String series, int step, double mae) {
        ObjectNode value = JSON.createObjectNode();
        value.put("platformId", platform);
        value.put("scenario", "baseline");
        value.put("series", series);
        value.put("step", step);
        value.put("offsetSeconds", 300.0 * (step + 1));
        value.put("windowSeconds", 86_400.0);
        value.put("count", 12L);
        value.put("meanAbsoluteError", mae);
        value.put("meanAbsolutePercentageError", 4.5);
        value.put("percentageCount", 10L);
        value.put("intervalCoverage", 0.8);
        value.put("persistenceMeanAbsoluteError", 2.0);
        value.put("relativeMeanAbsoluteError", mae / 2.0);
        String key = "accuracy/baseline/" + series + "/" + step;
        return new ForecastEntry("accuracy", key, platform, 0L, value);
    }

    private List<String> accuracyLines() {
        return Arrays.stream(metrics.scrape().split("\n"))
                .filter(line -> line.startsWith("pipetwin_forecast_accuracy{"))
                .toList();
    }

    @Test
    void firstAndLastStepsExported() {
        for (int step = 0; step < 12; step++) {
            metrics.recordAccuracy(accuracy("p1", "queue-length/gpu", step, step + 1.0));
        }

        List<String> lines = accuracyLines();

        assertEquals(2 * MicrometerTwinMetrics.ACCURACY_SCORES.size(), lines.size(), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.contains("horizon_seconds=\"300\"")
                && line.contains("score=\"meanAbsoluteError\"") && line.endsWith(" 1.0")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.contains("horizon_seconds=\"3600\"")
                && line.contains("score=\"meanAbsoluteError\"") && line.endsWith(" 12.0")), String.join("\n", lines));
    }

    @Test
    void nonScoreFieldsNotExported() {
        metrics.recordAccuracy(accuracy("p1", "utilisation/all/GPU", 0, 0.01));

        String scrape = metrics.scrape();

        assertFalse(scrape.contains("score=\"offsetSeconds\""));
        assertFalse(scrape.contains("score=\"windowSeconds\""));
        assertTrue(scrape.contains("score=\"intervalCoverage\""));
    }

    @Test
    void largerStepReplacesPreviousLast() {
        metrics.recordAccuracy(accuracy("p1", "queue-length/gpu", 5, 6.0));
        metrics.recordAccuracy(accuracy("p1", "queue-length/gpu", 11, 12.0));
        metrics.recordAccuracy(accuracy("p1", "queue-length/gpu", 5, 7.0));

        List<String> lines = accuracyLines();

        assertEquals(MicrometerTwinMetrics.ACCURACY_SCORES.size(), lines.size(), String.join("\n", lines));
        assertTrue(lines.stream().allMatch(line -> line.contains("horizon_seconds=\"3600\"")), String.join("\n", lines));
    }

    @Test
    void seriesOfEachPlatformKept() {
        metrics.recordAccuracy(accuracy("p1", "queue-length/gpu", 11, 1.0));
        metrics.recordAccuracy(accuracy("p2", "queue-length/gpu", 11, 2.0));

        List<String> lines = accuracyLines();

        assertEquals(2 * MicrometerTwinMetrics.ACCURACY_SCORES.size(), lines.size(), String.join("\n", lines));
    }
}

package io.pipetwin.cli;

import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.HeadOfLineSetting;
import io.pipetwin.streams.forecast.WorkloadSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastOptionsTest {

    @TempDir
    Path dir;

    private static ForecastOptions parse(String... args) {
        ForecastOptions options = new ForecastOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    private SettingsResolver resolver(Map<String, String> environment, String fileLines) throws IOException {
        Path file = dir.resolve("pipetwin.properties");
        Files.writeString(file, fileLines);
        return new SettingsResolver(file, environment);
    }

    @Test
    void forecastsAreEnabledByDefault() throws IOException {
        ForecastSettings settings = parse().settings(resolver(Map.of(), ""));

        assertTrue(settings.enabled());
    }

    @Test
    void flagDisablesForecasts() throws IOException {
        ForecastSettings settings = parse("--forecasts", "false").settings(resolver(Map.of(), "forecast.enabled=true\n"));

        assertFalse(settings.enabled());
    }

    @Test
    void environmentAndFileDisableForecasts() throws IOException {
        assertFalse(parse().settings(resolver(Map.of("PIPETWIN_FORECAST_ENABLED", "FALSE"), "")).enabled());
        assertFalse(parse().settings(resolver(Map.of(), "forecast.enabled=false\n")).enabled());
    }

    @Test
    void invalidValueIsRejected() throws IOException {
        SettingsResolver resolver = resolver(Map.of(), "");
        ForecastOptions options = parse("--forecasts", "no");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> options.settings(resolver));

        assertTrue(error.getMessage().contains("'no'"), error.getMessage());
        assertTrue(error.getMessage().contains("true or false"), error.getMessage());
    }

    @Test
    void headOfLineFromEachSource() throws IOException {
        assertEquals(HeadOfLineSetting.AUTO, parse().settings(resolver(Map.of(), "")).headOfLine());
        assertEquals(HeadOfLineSetting.STRICT, parse().settings(resolver(Map.of(),
                "forecast.head-of-line=strict\n")).headOfLine());
        assertEquals(HeadOfLineSetting.BACKFILL, parse().settings(resolver(
                Map.of("PIPETWIN_FORECAST_HEAD_OF_LINE", "backfill"), "forecast.head-of-line=strict\n")).headOfLine());
        assertEquals(HeadOfLineSetting.STRICT, parse("--head-of-line", "strict").settings(resolver(
                Map.of("PIPETWIN_FORECAST_HEAD_OF_LINE", "backfill"), "")).headOfLine());
    }

    @Test
    void invalidHeadOfLineIsRejected() throws IOException {
        SettingsResolver resolver = resolver(Map.of(), "");
        ForecastOptions options = parse("--head-of-line", "fifo");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> options.settings(resolver));

        assertTrue(error.getMessage().contains("'fifo'"), error.getMessage());
    }

    @Test
    void workloadSourceDefaultsToWindows() throws IOException {
        ForecastSettings settings = parse().settings(resolver(Map.of(), ""));

        assertEquals(WorkloadSource.MIRROR_WINDOWS, settings.workloadSource());
    }

    @Test
    void workloadSourceFromFlagEnvironmentAndFile() throws IOException {
        assertEquals(WorkloadSource.ONLINE_MODEL,
                parse("--workload", "online").settings(resolver(Map.of(), "forecast.workload=windows\n")).workloadSource());
        assertEquals(WorkloadSource.ONLINE_MODEL,
                parse().settings(resolver(Map.of("PIPETWIN_FORECAST_WORKLOAD", " Online "), "")).workloadSource());
        assertEquals(WorkloadSource.ONLINE_MODEL,
                parse().settings(resolver(Map.of(), "forecast.workload=online\n")).workloadSource());
    }

    @Test
    void invalidWorkloadSourceIsRejected() throws IOException {
        SettingsResolver resolver = resolver(Map.of(), "");
        ForecastOptions options = parse("--workload", "model");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> options.settings(resolver));

        assertTrue(error.getMessage().contains("'model'"), error.getMessage());
        assertTrue(error.getMessage().contains("online, windows"), error.getMessage());
    }
}

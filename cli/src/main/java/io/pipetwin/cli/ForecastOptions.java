package io.pipetwin.cli;

import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.HeadOfLineSetting;
import io.pipetwin.streams.forecast.WorkloadSource;
import picocli.CommandLine.Option;

/** Options of the twin's forecasts. */
final class ForecastOptions {

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Event-time cadence of the forecasts, for example 5m. Env PIPETWIN_FORECAST_INTERVAL,"
                    + " key forecast.interval. Default: 5m.")
    String interval;

    @Option(names = "--horizon", paramLabel = "DURATION",
            description = "How far each forecast looks ahead. Env PIPETWIN_FORECAST_HORIZON, key forecast.horizon."
                    + " Default: 1h.")
    String horizon;

    @Option(names = "--step", paramLabel = "DURATION",
            description = "Spacing of the forecast's horizon points. Env PIPETWIN_FORECAST_STEP, key forecast.step."
                    + " Default: 5m.")
    String step;

    @Option(names = "--replications", paramLabel = "N",
            description = "Monte Carlo replications per forecast. Env PIPETWIN_FORECAST_REPLICATIONS, key"
                    + " forecast.replications. Default: " + ForecastSettings.DEFAULT_REPLICATIONS + ".")
    String replications;

    @Option(names = "--forecasts", paramLabel = "true|false",
            description = "Whether the twin forecasts at each cadence boundary; false only mirrors the platforms (the"
                    + " cadence and the workload model still advance). Env PIPETWIN_FORECAST_ENABLED, key"
                    + " forecast.enabled. Default: true.")
    String enabled;

    @Option(names = "--head-of-line", paramLabel = "auto|strict|backfill",
            description = "Head-of-line rule the forecasts assume. auto follows each platform's queue: backfill once"
                    + " queued tasks overtook earlier waiting ones, strict FIFO after 50 queue starts without that."
                    + " Env PIPETWIN_FORECAST_HEAD_OF_LINE, key forecast.head-of-line. Default: auto.")
    String headOfLine;

    @Option(names = "--workload", paramLabel = "online|windows",
            description = "Source of each forecast's future arrivals, durations and request mix: online (the"
                    + " platform's online workload model: hour-of-week arrival rates, up to 5,000 durations per task"
                    + " class over the whole history, the last 500 arrivals) or windows (the arrival rate of the"
                    + " last hour and the last 256 durations per class and arrivals). Env PIPETWIN_FORECAST_WORKLOAD,"
                    + " key forecast.workload. Default: windows.")
    String workload;

    ForecastSettings settings(SettingsResolver resolver) {
        String enabledText = resolver.resolve(Setting.FORECAST_ENABLED, enabled).trim();
        if (!enabledText.equalsIgnoreCase("true") && !enabledText.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("forecasts '" + enabledText + "' is invalid; use true or false");
        }
        String replicationsText = resolver.resolve(Setting.FORECAST_REPLICATIONS, replications);
        int replicationCount;
        try {
            replicationCount = Integer.parseInt(replicationsText.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("replications '" + replicationsText + "' is invalid; use a whole number such as 50");
        }
        return ForecastSettings.defaults()
                .withInterval(DurationConverter.parse(resolver.resolve(Setting.FORECAST_INTERVAL, interval)))
                .withHorizon(DurationConverter.parse(resolver.resolve(Setting.FORECAST_HORIZON, horizon)),
                        DurationConverter.parse(resolver.resolve(Setting.FORECAST_STEP, step)))
                .withReplications(replicationCount)
                .withEnabled(Boolean.parseBoolean(enabledText))
                .withHeadOfLine(HeadOfLineSetting.parse(resolver.resolve(Setting.FORECAST_HEAD_OF_LINE, headOfLine)))
                .withWorkloadSource(WorkloadSource.parse(resolver.resolve(Setting.FORECAST_WORKLOAD, workload)));
    }
}

package io.pipetwin.cli;

import io.pipetwin.http.HttpSettings;
import io.pipetwin.ingest.replay.TraceReplayConfig;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;

/**
 * Every setting the launcher reads from more than one place, with its properties-file key, its
 * environment variable and its default. Precedence: command-line flag, then environment variable,
 * then the properties file given with {@code --config}, then the default.
 */
enum Setting {
    BOOTSTRAP_SERVERS("bootstrap.servers", null),
    SCHEMA_REGISTRY_URL("schema.registry.url", null),
    CLIENT_CONFIG("client.config", null),
    APPLICATION_ID("application.id", TwinConfig.DEFAULT_APPLICATION_ID),
    STATE_DIR("state.dir", TwinConfig.DEFAULT_STATE_DIR.toString()),
    FORECAST_INTERVAL("forecast.interval", "5m"),
    FORECAST_HORIZON("forecast.horizon", "1h"),
    FORECAST_STEP("forecast.step", "5m"),
    FORECAST_REPLICATIONS("forecast.replications", Integer.toString(ForecastSettings.DEFAULT_REPLICATIONS)),
    FORECAST_ENABLED("forecast.enabled", "true"),
    FORECAST_HEAD_OF_LINE("forecast.head-of-line", "auto"),
    FORECAST_WORKLOAD("forecast.workload", ForecastSettings.DEFAULT_WORKLOAD_SOURCE.label()),
    TRACE_DIR("trace.dir", null),
    PLATFORM_ID("platform.id", TraceReplayConfig.DEFAULT_PLATFORM_ID),
    REPLAY_SPEED("replay.speed", null),
    HTTP_HOST("http.host", HttpSettings.DEFAULT_HOST),
    HTTP_PORT("http.port", Integer.toString(HttpSettings.DEFAULT_PORT));

    private final String key;
    private final String defaultValue;

    Setting(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** Returns the key in a {@code --config} properties file, for example {@code bootstrap.servers}. */
    String key() {
        return key;
    }

    /** Returns the environment variable, for example {@code PIPETWIN_BOOTSTRAP_SERVERS}. */
    String environmentVariable() {
        return "PIPETWIN_" + name();
    }

    /** Returns the default, or null when the setting has none. */
    String defaultValue() {
        return defaultValue;
    }
}

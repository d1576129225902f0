package io.pipetwin.streams.reliability;

import io.pipetwin.schemas.config.KafkaClientProperties;
import io.pipetwin.streams.app.TwinApplication;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.forecast.ForecastSettings;
import io.pipetwin.streams.forecast.WorkloadSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one twin instance in its own JVM, for tests that kill it. Arguments are {@code key=value}:
 * {@code bootstrap}, {@code registry}, {@code application-id}, {@code state-dir}, {@code replications},
 * and optionally {@code client-config} (a properties file read by {@link KafkaClientProperties}) and
 * {@code property.<kafka key>=<value>} for single client settings. Prints {@code RUNNING} once the
 * twin reaches that state and runs until the process is ended; SIGTERM closes the twin.
 */
public final class TwinChildMain {

    private TwinChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        Map<String, String> overrides = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("argument " + arg + " is not key=value");
            }
            String key = arg.substring(0, equals);
            String value = arg.substring(equals + 1);
            if (key.startsWith("property.")) {
                overrides.put(key.substring("property.".length()), value);
            } else {
                options.put(key, value);
            }
        }
        Path clientConfig = options.containsKey("client-config") ? Path.of(options.get("client-config")) : null;
        KafkaClientProperties client = KafkaClientProperties.load(clientConfig, System.getenv(), overrides);
        TwinConfig config = TwinConfig.of(options.get("bootstrap"), options.get("registry"))
                .withApplicationId(options.get("application-id"))
                .withStateDir(Path.of(options.get("state-dir")))
                .withForecast(ForecastSettings.defaults().withReplications(Integer.parseInt(options.get("replications")))
                        .withWorkloadSource(WorkloadSource.ONLINE_MODEL))
                .withClientProperties(client.asMap());
        TwinApplication twin = TwinApplication.create(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            twin.close();
            stopped.countDown();
        }, "twin-child-shutdown"));
        twin.start();
        if (twin.awaitRunning(Duration.ofMinutes(5))) {
            System.out.println("RUNNING");
            System.out.flush();
        }
        stopped.await();
    }
}

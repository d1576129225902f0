package io.pipetwin.cli;

import io.pipetwin.core.workload.WorkloadProfile;
import io.pipetwin.http.ServedTwin;
import io.pipetwin.streams.app.TwinConfig;
import io.pipetwin.streams.mirror.MirrorCounter;
import io.pipetwin.streams.mirror.MirrorCounters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import io.pipetwin.streams.mirror.MirrorLimits;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** Runs the twin against an external Kafka and schema registry. */
@Command(name = "twin", mixinStandardHelpOptions = true,
        description = "Run the twin against an external Kafka cluster and schema registry until Ctrl-C: mirror every"
                + " platform on pipetwin.platform-events and publish queue and resource forecasts.")
final class TwinCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ForecastOptions forecastOptions;

    @Mixin
    HttpOptions httpOptions;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application id; instances with the same id share the platforms. Env"
                    + " PIPETWIN_APPLICATION_ID, key application.id. Default: " + TwinConfig.DEFAULT_APPLICATION_ID + ".")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Folder of the local state stores. Env PIPETWIN_STATE_DIR, key state.dir. Default: "
                    + ".pipetwin/state.")
    String stateDir;

    @Option(names = "--allowed-lateness", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Event time an event may lie behind its platform's latest event; older events go to the"
                    + " dead-letter topic with reason too-late. Default: 10m.")
    Duration allowedLateness;

    @Option(names = "--task-retention", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Event time after which a task that was submitted but never queued or started is evicted"
                    + " from the mirror. Default: 24h.")
    Duration taskRetention;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Workload profile JSON whose hour-of-week arrival rates are the prior of each platform's"
                    + " online workload model, for example twin-core/src/main/resources/profiles/alibaba-gpu-2023.json"
                    + " or a file written by ./pipetwin calibrate. Forecasts read the model only with --workload"
                    + " online. Default: none, so the model starts from the observed events alone.")
    Path profile;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wall time after which the twin stops cleanly, for example 10m. Default: run until Ctrl-C.")
    Duration runFor;

    @Override
    public Integer call() throws Exception {
        WorkloadProfile workloadProfile = ProfileFiles.load(spec.commandLine(), profile);
        SettingsResolver resolver = connection.resolver();
        TwinConfig config = TwinConfig.of(connection.bootstrapServers(resolver), connection.schemaRegistryUrl(resolver))
                .withApplicationId(resolver.resolve(Setting.APPLICATION_ID, applicationId))
                .withStateDir(Path.of(resolver.resolve(Setting.STATE_DIR, stateDir)))
                .withForecast(forecastOptions.settings(resolver))
                .withClientProperties(connection.clientProperties(resolver))
                .withProfile(workloadProfile);
        MirrorLimits limits = config.limits();
        if (allowedLateness != null) {
            limits = limits.withAllowedLateness(allowedLateness);
        }
        if (taskRetention != null) {
            limits = limits.withSubmittedTaskRetention(taskRetention);
        }
        config = config.withLimits(limits);

        Map<String, MirrorCounters> counters;
        try (StopSignal stop = new StopSignal("twin"); ServedTwin served = ServedTwin.start(config, httpOptions.settings(resolver))) {
            spec.commandLine().getOut().printf("Dashboard: %s%n", served.url());
            spec.commandLine().getOut().flush();
            stop.await(runFor);
            counters = served.twin().allCounters();
        }
        PrintWriter out = spec.commandLine().getOut();
        counters.forEach((platformId, c) -> out.printf("%s: %d events applied, %d rejected, %d forecasts, %d nodes,"
                        + " %d waiting, %d running%n", platformId, c.count(MirrorCounter.EVENTS_APPLIED),
                c.count(MirrorCounter.EVENTS_REJECTED), c.count(MirrorCounter.FORECASTS_PUBLISHED), c.nodesInService(),
                c.tasksWaiting(), c.tasksRunning()));
        return 0;
    }
}

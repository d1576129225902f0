package io.pipetwin.ingest.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs one replay in its own JVM so a test can kill it with SIGKILL. Arguments are {@code key=value}
 * pairs: bootstrap, registry, topic, platform, pods, nodes, checkpoint, speed, every (events per
 * transaction). Exits 0 when the replay finishes and 2 when it fails.
 */
public final class ReplayChildMain {

    private ReplayChildMain() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        TraceReplayConfig config = new TraceReplayConfig()
                .bootstrapServers(options.get("bootstrap"))
                .schemaRegistryUrl(options.get("registry"))
                .topic(options.get("topic"))
                .platformId(options.get("platform"))
                .podListFile(Path.of(options.get("pods")))
                .nodeListFile(Path.of(options.get("nodes")))
                .checkpointFile(Path.of(options.get("checkpoint")))
                .resume(true)
                .speed(Double.parseDouble(options.get("speed")))
                .checkpointEveryEvents(Integer.parseInt(options.get("every")))
                .checkpointInterval(Duration.ofMillis(500))
                .progressBar(false);
        try {
            ReplaySummary summary = new TraceReplayer(config).run();
            System.out.println("REPLAY-FINISHED sent=" + summary.eventsSent() + " resumedAfter="
                    + summary.eventsResumedAfter());
            System.exit(0);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(2);
        }
    }
}

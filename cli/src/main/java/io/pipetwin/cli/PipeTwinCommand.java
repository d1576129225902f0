package io.pipetwin.cli;

import io.pipetwin.core.cli.BenchCommand;
import io.pipetwin.core.cli.CalibrateCommand;
import io.pipetwin.core.cli.ExperimentCommand;
import io.pipetwin.core.cli.SimulateCommand;
import io.pipetwin.core.cli.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

/** The {@code pipetwin} launcher: the root command and its entry point. */
@Command(name = "pipetwin", mixinStandardHelpOptions = true, versionProvider = PipeTwinCommand.Version.class,
        description = "PipeTwin: a Kafka-native streaming digital twin of an AI operations platform.",
        subcommands = {DemoCommand.class, ReplayCommand.class, TwinCommand.class, ConsumeCommand.class,
                ScenarioCommand.class, SimulateCommand.class, ExperimentCommand.class, CalibrateCommand.class,
                ValidateCommand.class, BenchCommand.class})
public final class PipeTwinCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * Builds the command line with the settings footer and two error handlers. Invalid input prints its
     * message and a pointer to {@code --help}, not the whole usage, and exits 2. A failed command prints its
     * message (with the stack trace only at debug level) and exits 1.
     */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new PipeTwinCommand());
        // bench lives in twin-core, which has no Kafka, so its Kafka subcommand is added here.
        commandLine.getSubcommands().get("bench").addSubcommand("replay", new BenchReplayCommand());
        commandLine.getCommandSpec().usageMessage().footer(settingsFooter());
        commandLine.setParameterExceptionHandler(PipeTwinCommand::reportInvalidInput);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            failed.getErr().println("pipetwin " + failed.getCommandName() + ": " + exception.getMessage());
            org.slf4j.LoggerFactory.getLogger(PipeTwinCommand.class).debug("Command failed", exception);
            return 1;
        });
        return commandLine;
    }

    private static int reportInvalidInput(CommandLine.ParameterException exception, String[] args) {
        CommandLine failed = exception.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("pipetwin " + failed.getCommandName() + ": " + exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
        err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options and settings.");
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Describes, once, where settings come from and in which order. */
    static String[] settingsFooter() {
        StringBuilder table = new StringBuilder();
        for (Setting setting : Setting.values()) {
            table.append(String.format("  %-24s %-34s %s%n", setting.key(), setting.environmentVariable(),
                    setting.defaultValue() == null ? "-" : setting.defaultValue()));
        }
        return new String[]{
                "",
                "Settings: a command-line flag wins over an environment variable, which wins over the properties file"
                        + " given with --config, which wins over the default.",
                String.format("  %-24s %-34s %s", "key in --config file", "environment variable", "default"),
                table.toString()};
    }

    /** Reads the version that the build writes into {@code pipetwin-version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = PipeTwinCommand.class.getResourceAsStream("/pipetwin-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[]{"pipetwin " + properties.getProperty("version", "(version unknown: not built by Maven)"),
                    "Java " + System.getProperty("java.version")};
        }
    }
}

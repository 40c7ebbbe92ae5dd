package io.contourcore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code contour} command. Subcommands return exit codes: 0 ok, 1 findings, 2 bad input or usage,
 * 3 an internal error (our output broke Envoy's rules). This class holds the only {@code System.exit}.
 */
@Command(
        name = "contour",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Turns Kubernetes objects into Envoy configuration, as upstream Contour does.",
        footer = {
            "",
            "Exit codes (every command):",
            "  0  ok",
            "  1  findings: an invalid or orphaned object with --strict, a failed route test, a difference",
            "     (diff), a finding of validate, an object status reports as not valid",
            "  2  bad input or usage: unreadable or invalid input, unknown flags; nothing is written",
            "  3  internal error: contour-core produced configuration Envoy would refuse (a bug)",
            "",
            "Run 'contour COMMAND --help' for a command's flags and an example.",
            "Example: contour render testdata/examples/quickstart.yaml --strict -o json --output-file envoy.json"
        },
        subcommands = {
            RenderCommand.class,
            StatusCommand.class,
            RouteCommand.class,
            ValidateCommand.class,
            ConvertCommand.class,
            BootstrapCommand.class,
            ServeCommand.class,
            GenerateCommand.class,
            DiffCommand.class,
            CompletionCommand.class,
            VersionCommand.class,
        })
public final class ContourCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code contour} with no command is a usage error: print the usage and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return 2;
    }

    /** Columns of help text when the terminal's width is unknown (a pipe, CI). */
    static final int HELP_WIDTH = 100;

    /** A command line whose usage errors exit 2, as bad input does. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new ContourCommand());
        // 100 columns rather than picocli's 80, which cut the longer descriptions mid-phrase; main() widens it to
        // the terminal's.
        cl.setUsageHelpWidth(HELP_WIDTH);
        cl.setExitCodeExceptionMapper(e -> 3);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("contour: " + ex.getMessage());
            cmd.getErr().println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("contour: internal error: " + ex);
            return 3;
        });
        return cl;
    }

    public static void main(String[] args) {
        CommandLine cl = newCommandLine();
        if (System.console() != null) {
            // At a terminal, help fills its width (picocli asks it); in a pipe or CI it stays HELP_WIDTH wide.
            cl.setUsageHelpAutoWidth(true);
        }
        int code = cl.execute(args);
        System.exit(code);
    }
}

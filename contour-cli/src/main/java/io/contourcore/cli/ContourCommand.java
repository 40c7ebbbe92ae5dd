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
        subcommands = {
            RenderCommand.class,
            StatusCommand.class,
            RouteCommand.class,
            ValidateCommand.class,
            ConvertCommand.class,
            BootstrapCommand.class,
            ServeCommand.class,
            GenerateCommand.class,
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

    /** A command line whose usage errors exit 2, as bad input does. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new ContourCommand());
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
        int code = newCommandLine().execute(args);
        System.exit(code);
    }
}

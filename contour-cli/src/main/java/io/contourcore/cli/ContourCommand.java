package io.contourcore.cli;

import io.contourcore.xds.EnvoyTypes;
import io.contourcore.xds.validate.EnvoyValidator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
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
        })
public final class ContourCommand implements java.util.concurrent.Callable<Integer> {

    /**
     * The subcommands in the order {@code contour --help} lists them. They are added by hand rather than through
     * {@code @Command(subcommands = ...)}: picocli builds the model of every subcommand it is given (reflection over
     * their annotations, all of it cold code), which was a fifth of a cold 100-object render, so a run builds only
     * the one it runs. Made by a switch rather than from a table of constructor references: each reference is a
     * lambda the JVM links when the table is built (~0.2 ms apiece on a cold JVM), for ten commands that do not run.
     */
    static final List<String> SUBCOMMANDS = List.of("render", "status", "route", "validate", "convert", "bootstrap",
            "serve", "generate", "diff", "completion", "version");

    /** A new instance of the subcommand {@code name}, or null when there is none of that name. */
    static Object subcommand(String name) {
        switch (name) {
            case "render": return new RenderCommand();
            case "status": return new StatusCommand();
            case "route": return new RouteCommand();
            case "validate": return new ValidateCommand();
            case "convert": return new ConvertCommand();
            case "bootstrap": return new BootstrapCommand();
            case "serve": return new ServeCommand();
            case "generate": return new GenerateCommand();
            case "diff": return new DiffCommand();
            case "completion": return new CompletionCommand();
            case "version": return new VersionCommand();
            default: return null;
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code contour} with no command is a usage error: print the usage and exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return 2;
    }

    /**
     * What a translating command's main thread would otherwise do first when it gets there. A class rather than a
     * method reference: the first lambda of a run links the JVM's lambda machinery, ~5 ms this thread need not pay
     * before it starts.
     */
    private static final class EnvoyAhead implements Runnable {
        @Override
        public void run() {
            EnvoyValidator.prepare(EnvoyTypes.initialize());
        }
    }

    /** The commands that translate Envoy configuration or read it, and so need Envoy's proto descriptors. */
    private static final Set<String> TRANSLATING =
            Set.of("render", "route", "status", "diff", "convert", "validate", "serve");

    /** Columns of help text when the terminal's width is unknown (a pipe, CI). */
    static final int HELP_WIDTH = 100;

    /** A command line with every subcommand, whose usage errors exit 2, as bad input does. */
    public static CommandLine newCommandLine() {
        return newCommandLine(new String[0]);
    }

    /**
     * A command line for {@code argv}: when they start with a subcommand's name, it is the only subcommand built;
     * anything else ({@code --help}, a mistyped name, nothing) gets all of them, so usage and errors are unchanged.
     *
     * <pre>{@code
     * ContourCommand.newCommandLine(args).execute(args);   // "render x.yaml": builds render's model only
     * }</pre>
     */
    public static CommandLine newCommandLine(String[] argv) {
        String first = argv.length > 0 ? argv[0] : "";
        if (first.equals("render")) {
            // The command a user runs most, from its model as code (CommandModels): no annotations to read.
            CommandLine cl = CommandModels.contour(new ContourCommand());
            cl.addSubcommand("render", CommandModels.render(new RenderCommand()));
            return configure(cl);
        }
        CommandLine cl = new CommandLine(new ContourCommand());
        Object only = subcommand(first);
        if (only != null) {
            cl.addSubcommand(only);
        } else {
            for (String name : SUBCOMMANDS) {
                cl.addSubcommand(subcommand(name));
            }
        }
        return configure(cl);
    }

    /** What every command line gets once its subcommands are added: help width, exit codes, error handlers. */
    static CommandLine configure(CommandLine cl) {
        // 100 columns rather than picocli's 80, which cut the longer descriptions mid-phrase; main() widens it to
        // the terminal's. Set after the subcommands are added: picocli passes it on only to those it has.
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

    /**
     * Two lookups picocli makes at every start for what no contour command uses, turned off through its own
     * properties unless the user set them: the java.time and java.sql converters (loading those classes initialises
     * java.time's formatters) and Groovy closures (a class looked up in the whole jar, and not found). Together
     * 19 ms of the main thread of a cold 100-object render on JDK 17, a third of picocli's start.
     */
    static void quietPicocliStart() {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.(time|sql)\\..*");
        }
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
    }

    public static void main(String[] args) {
        // `java -jar contour.jar render ...` has the JVM's defaults (G1, C2): a batch command runs in a child JVM
        // with ./contour's options instead, and this one ends with its exit code.
        OptionalInt relaunched = Relaunch.inChild(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        if (args.length > 0 && TRANSLATING.contains(args[0])) {
            // Envoy's descriptors are built, and their validation rules compiled, on the other core while this
            // thread sets up picocli and reads the input, rather than on this one when first needed (EnvoyTypes).
            Thread types = new Thread(new EnvoyAhead(), "contour-envoy-types");
            types.setDaemon(true);
            types.start();
        }
        quietPicocliStart();
        CommandLine cl = newCommandLine(args);
        if (System.console() != null) {
            // At a terminal, help fills its width (picocli asks it); in a pipe or CI it stays HELP_WIDTH wide.
            cl.setUsageHelpAutoWidth(true);
        }
        int code = cl.execute(args);
        // A child of `java -jar` listing its classes for an archive trains it further once the user's command is done.
        ArchiveTraining.afterCommand(code, System.getProperty(ArchiveTraining.PROPERTY));
        System.exit(code);
    }
}

package io.contourcore.cli;

import io.contourcore.xds.EnvoyTypes;
import io.contourcore.xds.validate.EnvoyValidator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
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
     * the one it runs. In a holder class, so that a {@code java -jar} run that goes on in a child JVM
     * ({@link Relaunch}) does not link these eleven lambdas first.
     */
    private static final class Subcommands {
        static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

        static {
            ALL.put("render", RenderCommand::new);
            ALL.put("status", StatusCommand::new);
            ALL.put("route", RouteCommand::new);
            ALL.put("validate", ValidateCommand::new);
            ALL.put("convert", ConvertCommand::new);
            ALL.put("bootstrap", BootstrapCommand::new);
            ALL.put("serve", ServeCommand::new);
            ALL.put("generate", GenerateCommand::new);
            ALL.put("diff", DiffCommand::new);
            ALL.put("completion", CompletionCommand::new);
            ALL.put("version", VersionCommand::new);
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
        CommandLine cl = new CommandLine(new ContourCommand());
        Supplier<Object> only = argv.length > 0 ? Subcommands.ALL.get(argv[0]) : null;
        if (only != null) {
            cl.addSubcommand(only.get());
        } else {
            Subcommands.ALL.values().forEach(s -> cl.addSubcommand(s.get()));
        }
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
        System.exit(code);
    }
}

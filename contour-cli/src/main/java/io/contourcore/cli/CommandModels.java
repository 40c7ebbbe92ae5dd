package io.contourcore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The picocli models of {@code contour} and {@code contour render}, as code: written by the tests'
 * {@code CommandModelGenerator} from the commands' annotations, which stay the one place their options are
 * declared ({@code CommandModelsTest} fails when this file is not what they say). Do not edit it by hand.
 *
 * <p>Why: picocli reads annotations through the JVM, which makes a proxy class for each annotation type at
 * first use, something JDK 17's class-data archive cannot hold: building render's model took ~40 ms of the
 * main thread from annotations, ~12 ms from code (a harness, 5 runs). Options are bound through one class
 * ({@link Binding}) rather than a lambda each, which the JVM would link one by one.
 *
 * <pre>{@code
 * CommandLine cl = CommandModels.contour(new ContourCommand());
 * cl.addSubcommand("render", CommandModels.render(new RenderCommand()));
 * }</pre>
 */
final class CommandModels {

    private CommandModels() {
    }

    /** {@code contour}, bound to {@code c}. */
    static CommandLine contour(ContourCommand c) {
        CommandSpec s = CommandSpec.wrapWithoutInspection(c);
        s.name("contour");
        s.usageMessage().description("Turns Kubernetes objects into Envoy configuration, as upstream Contour does.")
                .footer(
                        "",
                        "Exit codes (every command):",
                        "  0  ok",
                        "  1  findings: an invalid or orphaned object with --strict, a failed route test, a difference",
                        "     (diff), a finding of validate, an object status reports as not valid",
                        "  2  bad input or usage: unreadable or invalid input, unknown flags; nothing is written",
                        "  3  internal error: contour-core produced configuration Envoy would refuse (a bug)",
                        "",
                        "Run 'contour COMMAND --help' for a command's flags and an example.",
                        "Example: contour render testdata/examples/quickstart.yaml --strict -o json --output-file envoy.json");
        s.versionProvider(new VersionCommand.Provider());
        standardHelpOptions(s);
        c.spec = s;
        return new CommandLine(s);
    }

    /** {@code render}, bound to {@code c}. */
    static CommandLine render(RenderCommand c) {
        CommandSpec s = CommandSpec.wrapWithoutInspection(c);
        s.name("render");
        s.usageMessage().description(
                        "Render the Envoy configuration upstream Contour would program for these objects.",
                        "",
                        "  --format static  one Envoy v3 Bootstrap that `envoy -c FILE` runs with no control plane",
                        "  --format xds     the resources `contour serve` sends: listeners, routes,",
                        "                   clusters, endpoints, secrets",
                        "  --format dag     Contour's DAG before translation: listeners, virtual hosts,",
                        "                   routes, clusters, secrets, each with the object it came",
                        "                   from. Secret data shows only as length and sha256. Not",
                        "                   Envoy config, so never validated; its keys follow the DAG",
                        "                   and may change between versions (contour-cli/RENDER.md).",
                        "",
                        "Gateway API: the Gateway named by --gateway or gateway.gatewayRef (default: the only one in the input) with its listeners (http-80 on port 8080, https-443 on 8443, tcp-5432 on 13432, ...) and its HTTPRoutes, GRPCRoutes, TLSRoutes and TCPRoutes; objects of other Gateways or GatewayClass controllers are listed on stderr as not ours. A BackendTLSPolicy makes an HTTPRoute backend's cluster TLS, verified against its ConfigMap or Secret CA for its hostname.",
                        "",
                        "With -o json, load problems, warnings and --strict findings go to stderr as one JSON document (README \"Machine-readable problems\").",
                        "",
                        "Exit: 0 rendered, 1 with --strict when an object is invalid, orphaned, not ours or not translated, 2 bad input (also: several Gateways and none named), 3 internal error.",
                        "Example: contour render testdata/examples/quickstart.yaml --format xds -o json",
                        "         contour render testdata/examples/quickstart.yaml --output-file envoy.yaml",
                        "         contour render testdata/examples/quickstart.yaml --format dag");
        s.addOption(bound(OptionSpec.builder(
                        "-f",
                        "--filename").paramLabel("PATH").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(java.util.List.class).auxiliaryTypes(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Another input path (repeatable).")
                .initialValue(c.input.files), c.input, 0).build());
        s.addOption(bound(OptionSpec.builder(
                        "-R",
                        "--recursive").paramLabel("<recursive>").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(boolean.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Descend into directories.")
                .initialValue(c.input.recursive), c.input, 1).build());
        s.addOption(bound(OptionSpec.builder(
                        "-n",
                        "--namespace").paramLabel("NS").descriptionKey("").defaultValue("default").splitRegex("").splitRegexSynopsisLabel("")
                .type(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
                .initialValue(c.input.namespace), c.input, 2).build());
        s.addOption(bound(OptionSpec.builder(
                        "-c",
                        "--config").paramLabel("FILE").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(java.nio.file.Path.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Upstream Contour configuration file (contour.yaml keys).")
                .initialValue(c.input.configFile), c.input, 3).build());
        s.addOption(bound(OptionSpec.builder("--ingress-class-name").paramLabel("NAME").descriptionKey("").splitRegex(",").splitRegexSynopsisLabel(",")
                .type(java.util.List.class).auxiliaryTypes(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Ingress classes to handle (default: objects with no class or class 'contour').")
                .initialValue(c.input.ingressClassNames), c.input, 4).build());
        s.addOption(bound(OptionSpec.builder("--root-namespaces").paramLabel("NS").descriptionKey("").splitRegex(",").splitRegexSynopsisLabel(",")
                .type(java.util.List.class).auxiliaryTypes(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Namespaces where root HTTPProxies may be defined (default: all).")
                .initialValue(c.input.rootNamespaces), c.input, 5).build());
        s.addOption(bound(OptionSpec.builder("--gateway").paramLabel("NS/NAME").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("The Gateway to program (as gateway.gatewayRef in the config file, which it overrides; default: the only Gateway in the input).")
                .initialValue(c.input.gateway), c.input, 6).build());
        s.addOption(bound(OptionSpec.builder("--gateway-controller-name").paramLabel("NAME").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("The controllerName of the GatewayClasses handled (default: projectcontour.io/gateway-controller).")
                .initialValue(c.input.gatewayControllerName), c.input, 7).build());
        s.addOption(bound(OptionSpec.builder("--cluster-domain").paramLabel("DOMAIN").descriptionKey("").defaultValue("cluster.local").splitRegex("").splitRegexSynopsisLabel("")
                .type(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Cluster DNS domain for Services with no endpoints in static output (default: ${DEFAULT-VALUE}).")
                .initialValue(c.input.clusterDomain), c.input, 8).build());
        s.addOption(bound(OptionSpec.builder("--validate")
                .fallbackValue("strict").arity("0..1").paramLabel("MODE").descriptionKey("").defaultValue("strict").splitRegex("").splitRegexSynopsisLabel("")
                .type(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("What a field the kind's API schema does not have does, as kubectl's --validate: strict (default: bad input, exit 2), warn (a warning; --strict fails), ignore (dropped, as the API server prunes it). kubectl's true and false mean strict and ignore.")
                .initialValue(c.input.validate), c.input, 9).build());
        s.addOption(bound(OptionSpec.builder("--exclude").paramLabel("GLOB").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(java.util.List.class).auxiliaryTypes(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Leave out files and directories found in a directory whose name or path below it matches GLOB (repeatable), e.g. --exclude 'values*.yaml' --exclude 'ci/**'.")
                .initialValue(c.input.exclude), c.input, 10).build());
        s.addOption(bound(OptionSpec.builder("--format").paramLabel("static|xds|dag").descriptionKey("").defaultValue("static").splitRegex("").splitRegexSynopsisLabel("")
                .type(RenderCommand.Format.class).converters(new RenderCommand.FormatConverter()).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Output shape (default: ${DEFAULT-VALUE}).")
                .initialValue(c.format), c, 11).build());
        s.addOption(bound(OptionSpec.builder("--output-file").paramLabel("FILE").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(java.nio.file.Path.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Write to FILE (atomically; the replaced file's mode, 0644 when new) instead of standard output.")
                .hasInitialValue(false), c.outputFlag, 12).build());
        s.addOption(bound(OptionSpec.builder("--strict").paramLabel("<strict>").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(boolean.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Exit 1 when any object is invalid, orphaned, not ours (Gateway API) or read but not translated.")
                .initialValue(c.strict), c, 13).build());
        s.addOption(bound(OptionSpec.builder("--no-validate").paramLabel("<noValidate>").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(boolean.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Skip the check of the output against Envoy's own rules (static and xds; dag is never checked).")
                .initialValue(c.noValidate), c, 14).build());
        s.addOption(bound(OptionSpec.builder("--threads").paramLabel("N").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(Integer.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Threads to use for a large input (default: the machine's processors; 1 = one thread). The output is the same for any N.")
                .initialValue(c.threads), c, 15).build());
        s.addOption(bound(OptionSpec.builder(
                        "-o",
                        "--output").paramLabel("yaml|json").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Output format (default: yaml).")
                .hasInitialValue(false), c, 16).build());
        standardHelpOptions(s);
        s.addPositional(bound(PositionalParamSpec.builder().index("*").arity("0..*").paramLabel("PATH").descriptionKey("").splitRegex("").splitRegexSynopsisLabel("")
                .type(java.util.List.class).auxiliaryTypes(String.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("YAML or JSON files, directories (their *.yaml, *.yml, *.json) or - for standard input.")
                .initialValue(c.input.positional), c.input, 17).build());
        c.spec = s;
        return new CommandLine(s);
    }

    /** picocli's {@code -h/--help} and {@code -V/--version}, as {@code mixinStandardHelpOptions} adds them. */
    private static void standardHelpOptions(CommandSpec s) {
        s.addOption(OptionSpec.builder(
                        "${picocli.help.name.0:--h}",
                        "${picocli.help.name.1:---help}").usageHelp(true).paramLabel("<helpRequested>").descriptionKey("mixinStandardHelpOptions.help").splitRegex("").splitRegexSynopsisLabel("")
                .type(boolean.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Show this help message and exit.").initialValue(false).build());
        s.addOption(OptionSpec.builder(
                        "${picocli.version.name.0:--V}",
                        "${picocli.version.name.1:---version}").versionHelp(true).paramLabel("<versionRequested>").descriptionKey("mixinStandardHelpOptions.version").splitRegex("").splitRegexSynopsisLabel("")
                .type(boolean.class).showDefaultValue(CommandLine.Help.Visibility.ON_DEMAND)
                .description("Print version information and exit.").initialValue(false).build());
    }

    /** {@code b} bound to member {@code member} of {@code target}: one {@link Binding} reads and writes it. */
    private static OptionSpec.Builder bound(OptionSpec.Builder b, Object target, int member) {
        Binding binding = new Binding(target, member);
        return b.getter(binding).setter(binding);
    }

    /** {@code b} bound to member {@code member} of {@code target}, as above. */
    private static PositionalParamSpec.Builder bound(PositionalParamSpec.Builder b, Object target, int member) {
        Binding binding = new Binding(target, member);
        return b.getter(binding).setter(binding);
    }

    /** Reads and writes the field, or calls the method, of option or parameter {@code member} on {@code target}. */
    private static final class Binding implements CommandLine.Model.IGetter, CommandLine.Model.ISetter {
        private final Object target;
        private final int member;
        /** For a method: the last value given, as picocli's own binding of a method keeps it. */
        private Object value;

        Binding(Object target, int member) {
            this.target = target;
            this.member = member;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            switch (member) {
                case 0: return (T) (Object) ((InputOptions) target).files;
                case 1: return (T) (Object) ((InputOptions) target).recursive;
                case 2: return (T) (Object) ((InputOptions) target).namespace;
                case 3: return (T) (Object) ((InputOptions) target).configFile;
                case 4: return (T) (Object) ((InputOptions) target).ingressClassNames;
                case 5: return (T) (Object) ((InputOptions) target).rootNamespaces;
                case 6: return (T) (Object) ((InputOptions) target).gateway;
                case 7: return (T) (Object) ((InputOptions) target).gatewayControllerName;
                case 8: return (T) (Object) ((InputOptions) target).clusterDomain;
                case 9: return (T) (Object) ((InputOptions) target).validate;
                case 10: return (T) (Object) ((InputOptions) target).exclude;
                case 11: return (T) (Object) ((RenderCommand) target).format;
                case 13: return (T) (Object) ((RenderCommand) target).strict;
                case 14: return (T) (Object) ((RenderCommand) target).noValidate;
                case 15: return (T) (Object) ((RenderCommand) target).threads;
                case 17: return (T) (Object) ((InputOptions) target).positional;
                default: return (T) value;
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T v) {
            T old = get();
            switch (member) {
                case 0: ((InputOptions) target).files = (java.util.List<String>) v; break;
                case 1: ((InputOptions) target).recursive = (Boolean) v; break;
                case 2: ((InputOptions) target).namespace = (String) v; break;
                case 3: ((InputOptions) target).configFile = (java.nio.file.Path) v; break;
                case 4: ((InputOptions) target).ingressClassNames = (java.util.List<String>) v; break;
                case 5: ((InputOptions) target).rootNamespaces = (java.util.List<String>) v; break;
                case 6: ((InputOptions) target).gateway = (String) v; break;
                case 7: ((InputOptions) target).gatewayControllerName = (String) v; break;
                case 8: ((InputOptions) target).clusterDomain = (String) v; break;
                case 9: ((InputOptions) target).validate = (String) v; break;
                case 10: ((InputOptions) target).exclude = (java.util.List<String>) v; break;
                case 11: ((RenderCommand) target).format = (RenderCommand.Format) v; break;
                case 12: ((OutputFlag) target).outputFile((java.nio.file.Path) v); value = v; break;
                case 13: ((RenderCommand) target).strict = (Boolean) v; break;
                case 14: ((RenderCommand) target).noValidate = (Boolean) v; break;
                case 15: ((RenderCommand) target).threads = (Integer) v; break;
                case 16: ((RenderCommand) target).output((String) v); value = v; break;
                case 17: ((InputOptions) target).positional = (java.util.List<String>) v; break;
                default: throw new IllegalStateException("no member " + member);
            }
            return old;
        }
    }
}

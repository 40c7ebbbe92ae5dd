package io.contourcore.cli;

import io.contourcore.model.ContourConfiguration;
import io.contourcore.model.Kind;
import io.contourcore.model.Parallel;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.ContourConfigLoader;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.model.yaml.Problem;
import io.contourcore.model.yaml.ReadOptions;
import io.contourcore.model.yaml.Validation;
import io.contourcore.xds.Engine;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What every command that reads Kubernetes objects accepts (CONTRACT.md "Input"), and the settings that change
 * translation: a {@code --config} file in upstream's format plus upstream's serve flags that touch it.
 */
public final class InputOptions {

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "YAML or JSON files, directories (their *.yaml, *.yml, *.json) or - for standard input.")
    List<String> positional = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH", description = "Another input path (repeatable).")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"}, description = "Descend into directories.")
    boolean recursive;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default",
            description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Upstream Contour configuration file (contour.yaml keys).")
    Path configFile;

    @Option(names = "--ingress-class-name", paramLabel = "NAME", split = ",", splitSynopsisLabel = ",",
            description = "Ingress classes to handle (default: objects with no class or class 'contour').")
    List<String> ingressClassNames = new ArrayList<>();

    @Option(names = "--root-namespaces", paramLabel = "NS", split = ",", splitSynopsisLabel = ",",
            description = "Namespaces where root HTTPProxies may be defined (default: all).")
    List<String> rootNamespaces = new ArrayList<>();

    @Option(names = "--gateway", paramLabel = "NS/NAME",
            description = "The Gateway to program (as gateway.gatewayRef in the config file, which it overrides; "
                    + "default: the only Gateway in the input).")
    String gateway;

    @Option(names = "--gateway-controller-name", paramLabel = "NAME",
            description = "The controllerName of the GatewayClasses handled (default: projectcontour.io/gateway-controller).")
    String gatewayControllerName;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = "cluster.local",
            description = "Cluster DNS domain for Services with no endpoints in static output (default: ${DEFAULT-VALUE}).")
    String clusterDomain;

    // Reading: what an unknown field does, and what a directory walk leaves out (CONTRACT.md "Input").

    @Option(names = "--validate", paramLabel = "MODE", defaultValue = "strict", arity = "0..1", fallbackValue = "strict",
            description = "What a field the kind's API schema does not have does, as kubectl's --validate: strict "
                    + "(default: bad input, exit 2), warn (a warning; --strict fails), ignore (dropped, as the API "
                    + "server prunes it). kubectl's true and false mean strict and ignore.")
    String validate;

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Leave out files and directories found in a directory whose name or path below it matches "
                    + "GLOB (repeatable), e.g. --exclude 'values*.yaml' --exclude 'ci/**'.")
    List<String> exclude = new ArrayList<>();

    /** How to read, from {@code --validate} and {@code --exclude}; a bad value throws with a message for the user. */
    ReadOptions readOptions() {
        return new ReadOptions(Validation.parse(validate), exclude);
    }

    /**
     * Most load problems printed (and, apart from them, warnings): a broken generator's million documents would
     * otherwise print millions of lines. The summary line after them counts the rest.
     */
    static final int MAX_PRINTED = 100;

    /** The first {@link #MAX_PRINTED} problems, one line each. */
    static List<String> problemLines(List<Problem> problems) {
        return problems.stream().limit(MAX_PRINTED).map(Problem::toString).toList();
    }

    /**
     * {@code N problems in the input}, and how many of them were not printed when there were more than
     * {@link #MAX_PRINTED}.
     */
    static String problemSummary(List<Problem> problems) {
        int n = problems.size();
        String count = n + (n == 1 ? " problem" : " problems") + " in the input";
        return n > MAX_PRINTED ? count + " (" + (n - MAX_PRINTED) + " more not shown)" : count;
    }

    /**
     * Prints the first {@link #MAX_PRINTED} of {@code lines}, each after {@code prefix}, then how many were left out:
     * the one cap for warnings and status lines, which grow with the input as load problems do.
     */
    static void printCapped(PrintWriter err, String prefix, List<String> lines, String noun) {
        lines.stream().limit(MAX_PRINTED).forEach(l -> err.println(prefix + l));
        if (lines.size() > MAX_PRINTED) {
            int more = lines.size() - MAX_PRINTED;
            err.println(prefix + more + " more " + noun + (more == 1 ? "" : "s") + " not shown");
        }
    }

    /** Every input path, positional first, in the order given. */
    List<String> paths() {
        List<String> all = new ArrayList<>(positional);
        all.addAll(files);
        return all;
    }

    /** The settings, or empty after printing the config file's problems. */
    Optional<ContourConfig> config(PrintWriter err) {
        ContourConfig c = ContourConfig.DEFAULTS;
        if (configFile != null) {
            var r = ContourConfigLoader.read(configFile);
            if (!r.errors().isEmpty()) {
                r.errors().forEach(p -> err.println(p));
                err.flush();
                return Optional.empty();
            }
            c = r.config();
        }
        String flagError = gatewayFlagError();
        if (flagError != null) {
            err.println("contour: " + flagError);
            err.flush();
            return Optional.empty();
        }
        return Optional.of(withFlags(c));
    }

    /** What is wrong with {@code --gateway} or {@code --gateway-controller-name}, or null. */
    private String gatewayFlagError() {
        if (gateway != null) {
            int slash = gateway.indexOf('/');
            if (slash <= 0 || slash == gateway.length() - 1 || gateway.indexOf('/', slash + 1) >= 0) {
                return "--gateway: expected NAMESPACE/NAME, got '" + gateway + "'";
            }
        }
        if (gatewayControllerName != null && gatewayControllerName.isBlank()) {
            return "--gateway-controller-name: must not be empty";
        }
        return null;
    }

    /** {@code c} with the flags that override settings applied. */
    private ContourConfig withFlags(ContourConfig c) {
        ContourConfig.Builder b = c.toBuilder();
        if (!ingressClassNames.isEmpty()) {
            b.ingressClassNames(ingressClassNames.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        if (!rootNamespaces.isEmpty()) {
            b.rootNamespaces(rootNamespaces.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        if (!"cluster.local".equals(clusterDomain)) {
            b.clusterDomain(clusterDomain);
        }
        ContourConfig.GatewaySettings gw = c.gateway();
        if (gateway != null) {
            int slash = gateway.indexOf('/');
            gw = gw.withGatewayRef(new ContourConfig.NamespacedName(gateway.substring(0, slash), gateway.substring(slash + 1)));
        }
        if (gatewayControllerName != null) {
            gw = gw.withControllerName(gatewayControllerName.trim());
        }
        b.gateway(gw);
        return b.build();
    }

    /**
     * The settings for these objects: {@code fromFlags} (what {@link #config(PrintWriter)} gave), or, when the input
     * holds a ContourConfiguration and no {@code --config} is given, the object's settings with the same flags
     * applied, as upstream's {@code contour serve --contour-config-name} reads them. With both, they must give the
     * same settings; two ContourConfigurations are refused too. Empty after printing why: bad input, exit 2.
     */
    Optional<ContourConfig> config(ContourConfig fromFlags, LoadResult loaded, PrintWriter err) {
        List<ContourConfiguration> objects = loaded.resources().all(Kind.CONTOUR_CONFIGURATION, ContourConfiguration.class);
        if (objects.isEmpty()) {
            return Optional.of(fromFlags);
        }
        if (objects.size() > 1) {
            err.println("contour: " + objects.size() + " ContourConfiguration objects in the input ("
                    + String.join(", ", objects.stream().map(o -> o.ref() + " at " + o.metadata().location()).toList())
                    + "); upstream reads one: give one");
            err.flush();
            return Optional.empty();
        }
        ContourConfiguration object = objects.get(0);
        ContourConfig fromObject = withFlags(object.config());
        if (configFile != null && !fromObject.equals(fromFlags)) {
            err.println("contour: " + object.metadata().location() + ": " + object.ref() + " and --config " + configFile
                    + " give different settings; give one of them (or make them agree)");
            err.flush();
            return Optional.empty();
        }
        return Optional.of(fromObject);
    }

    /**
     * Whether the settings apply to these objects; if not (upstream's {@code contour serve} would not start, e.g.
     * tracing names an ExtensionService that is not in the input, or the input holds several Gateways and none is
     * named) prints why and answers false: bad input, exit 2. When they apply, prints one warning per Gateway API
     * object that is not ours (another Gateway's or class's) and a count, so none is left out in silence.
     */
    boolean settingsApply(Engine.Result result, PrintWriter err) {
        List<String> errors = settingsErrors(result);
        if (errors.isEmpty()) {
            List<Problem> notOurs = result.build().notOurs();
            notOurs.stream().limit(MAX_PRINTED).forEach(w -> err.println("warning: " + w));
            if (!notOurs.isEmpty()) {
                err.println("contour: " + notOurs.size() + (notOurs.size() == 1 ? " Gateway API object" : " Gateway API objects")
                        + " not ours (another Gateway's or controller's), not rendered");
            }
            List<Problem> notApplied = result.build().notApplied();
            printCapped(err, "warning: ", notApplied.stream().map(Problem::toString).toList(), "warning");
            if (!notApplied.isEmpty()) {
                err.println("contour: " + notApplied.size() + (notApplied.size() == 1 ? " object" : " objects")
                        + " read but not applied (see the warnings above)");
            }
            return true;
        }
        errors.forEach(err::println);
        err.println("contour: the configuration does not apply to the input; nothing was rendered");
        err.flush();
        return false;
    }

    /** The build's setting errors, each naming the configuration file. */
    List<String> settingsErrors(Engine.Result result) {
        String file = configFile == null ? "contour" : configFile.toString();
        return result.build().configErrors().stream().map(e -> file + ": " + e).toList();
    }

    /** What the last {@link #load} read, even when it failed: {@code -o json} reports it as a whole. */
    LoadResult lastLoad;

    /** The objects, or empty after printing every load problem. Warnings are printed either way. */
    Optional<LoadResult> load(InputStream stdin, PrintWriter err) {
        return load(stdin, err, Parallel.SEQUENTIAL);
    }

    /** As {@link #load(InputStream, PrintWriter)}, reading large YAML inputs in chunks on {@code executor}. */
    Optional<LoadResult> load(InputStream stdin, PrintWriter err, Executor executor) {
        List<String> paths = paths();
        if (paths.isEmpty()) {
            err.println("contour: no input: give one or more PATHs, -f PATH, or - for standard input");
            err.flush();
            return Optional.empty();
        }
        ReadOptions options;
        try {
            options = readOptions();
        } catch (IllegalArgumentException e) {
            err.println("contour: " + e.getMessage());
            err.flush();
            return Optional.empty();
        }
        LoadResult r = ManifestLoader.read(paths, recursive, namespace, stdin, executor, options);
        lastLoad = r;
        List<Problem> warnings = r.warnings();
        printCapped(err, "warning: ", warnings.stream().map(Problem::toString).toList(), "warning");
        if (r.ok()) {
            if (r.skippedObjects() > 0) {
                err.println("contour: " + r.skippedObjects() + (r.skippedObjects() == 1 ? " object or field" : " objects or fields")
                        + " of kinds contour reads skipped (see the warnings above)");
            }
        }
        if (!r.ok()) {
            problemLines(r.errors()).forEach(err::println);
            err.println("contour: " + problemSummary(r.errors()) + "; nothing was rendered");
            err.flush();
            return Optional.empty();
        }
        err.flush();
        return Optional.of(r);
    }

}

package io.contourcore.cli;

import io.contourcore.dag.DagDocument;
import io.contourcore.dag.status.Status;
import io.contourcore.model.Parallel;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.xds.Engine;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.render.XdsDocument;
import io.contourcore.xds.validate.EnvoyValidator;
import io.contourcore.xds.validate.Violation;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code contour render}: Kubernetes objects in, the Envoy configuration upstream Contour would program out. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
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
            "Gateway API: the Gateway named by --gateway or gateway.gatewayRef (default: the only one in the "
                    + "input) with its listeners (http-80 on port 8080, https-443 on 8443, tcp-5432 on 13432, ...) and "
                    + "its HTTPRoutes, GRPCRoutes, TLSRoutes and TCPRoutes; objects of other Gateways or GatewayClass "
                    + "controllers are listed on stderr as not ours. A BackendTLSPolicy makes an HTTPRoute backend's "
                    + "cluster TLS, verified against its ConfigMap or Secret CA for its hostname.",
            "",
            "With -o json, load problems, warnings and --strict findings go to stderr as one JSON document "
                    + "(README \"Machine-readable problems\").",
            "",
            "Exit: 0 rendered, 1 with --strict when an object is invalid, orphaned, not ours or not translated, "
                    + "2 bad input (also: several Gateways and none named), 3 internal error.",
            "Example: contour render testdata/examples/quickstart.yaml --format xds -o json",
            "         contour render testdata/examples/quickstart.yaml --output-file envoy.yaml",
            "         contour render testdata/examples/quickstart.yaml --format dag"
        })
public final class RenderCommand implements Callable<Integer> {

    enum Format { STATIC, XDS, DAG }

    enum Output { YAML, JSON }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input = new InputOptions();

    @Option(names = "--format", paramLabel = "static|xds|dag", defaultValue = "static",
            description = "Output shape (default: ${DEFAULT-VALUE}).", converter = FormatConverter.class)
    Format format;

    /** -o/--output (the format) and --output-file (the mixin's); read into {@link #output} and {@link #outputFile}. */
    @Mixin
    OutputFlag outputFlag = OutputFlag.withFile("render", "yaml", "json");

    Output output = Output.YAML;

    Path outputFile;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json", description = "Output format (default: yaml).")
    void output(String value) {
        outputFlag.output(spec, value);
    }

    @Option(names = "--strict", description = "Exit 1 when any object is invalid, orphaned, not ours (Gateway API) or read but not translated.")
    boolean strict;

    @Option(names = "--no-validate", description = "Skip the check of the output against Envoy's own rules "
            + "(static and xds; dag is never checked).")
    boolean noValidate;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads to use for a large input (default: the machine's processors; 1 = one thread). "
                    + "The output is the same for any N.")
    Integer threads;

    InputStream stdin = System.in;

    @Override
    public Integer call() {
        outputFlag.printNotes(spec.commandLine().getErr());
        output = outputFlag.format().equals("json") ? Output.JSON : Output.YAML;
        outputFile = outputFlag.file(spec).orElse(null);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, got " + n);
        }
        try (Workers workers = Workers.of(n)) {
            return render(workers.executor());
        }
    }

    private int render(Executor executor) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // With -o json the problems go to stderr as one JSON document, made once the run is over.
        ProblemJson.Run report = output == Output.JSON ? new ProblemJson.Run(input, err) : null;
        PrintWriter diag = report != null ? report.quiet() : err;
        Optional<ContourConfig> config = input.config(diag);
        if (config.isEmpty()) {
            return report != null ? report.configFailed() : 2;
        }
        Optional<LoadResult> loaded = input.load(stdin, diag, executor);
        if (report != null) {
            report.loaded();
        }
        if (loaded.isEmpty()) {
            return report != null ? report.finish(2) : 2;
        }
        config = input.config(config.get(), loaded.get(), err);
        if (config.isEmpty()) {
            return 2;
        }
        Engine.Result result = Engine.run(loaded.get().resources(), config.get(), executor);
        if (!input.settingsApply(result, diag)) {
            return report != null ? report.settingsFailed(result) : 2;
        }
        if (report != null) {
            report.built(result);
        }
        List<Status> problems = result.status().problems();
        if (report != null) {
            report.statuses(problems, loaded.get());
        }
        // Each error once, with where in the object it is and what exists nearby: made beside the check and the
        // text below (each hint searches the objects), printed before anything they print.
        StatusHints hints = new StatusHints(loaded.get().resources());
        Parallel.Task<List<String>> described = Parallel.task(() -> report != null ? List.of()
                : problems.stream().map(hints::describe).toList());
        XdsDocument.Encoding enc = output == Output.JSON ? XdsDocument.Encoding.JSON : XdsDocument.Encoding.YAML;
        // The check and the text only read the resources: on a large input they run at the same time. Output to a file
        // is written to a temporary file beside it as it is made (a large document is never held whole as text) and
        // put in place only once the check has passed.
        Executor both = result.resources().size() >= Engine.PARALLEL_MIN_OBJECTS ? executor : Parallel.SEQUENTIAL;
        boolean stage = outputFile != null && parentExists(outputFile);
        Supplier<List<Violation>> check;
        Supplier<String> emit;
        AtomicFiles.Contents contents;
        if (format == Format.DAG) {
            // The DAG is not Envoy configuration: there is nothing of Envoy's to check it against.
            check = List::of;
            emit = () -> XdsDocument.text(ProtoText.JSON.valueToTree(DagDocument.tree(result.dag())), enc);
            contents = tmp -> Files.writeString(tmp, emit.get(), StandardCharsets.UTF_8);
        } else if (format == Format.XDS) {
            XdsResources xds = result.xds();
            check = () -> noValidate ? List.of() : EnvoyValidator.validate(xds, executor);
            // The text is cut into pieces that both threads write, beside the check's own tasks.
            emit = () -> XdsDocument.text(xds, enc, both);
            contents = tmp -> XdsDocument.write(xds, enc, tmp, both);
        } else {
            Bootstrap b = Engine.staticBootstrap(result);
            check = () -> noValidate ? List.of() : EnvoyValidator.validateBootstrap(b);
            emit = () -> XdsDocument.text(b, enc);
            contents = tmp -> XdsDocument.write(b, enc, tmp);
        }
        Parallel.Task<List<Violation>> checked = Parallel.task(check);
        // The text, or it staged beside the output, or why staging failed.
        Parallel.Task<Object> emitted = Parallel.task(() -> {
            if (!stage) {
                return emit.get();
            }
            try {
                return AtomicFiles.stage(outputFile, contents);
            } catch (IOException e) {
                return e;
            }
        });
        try {
            Parallel.run(both, List.of(checked, emitted, described));
        } finally {
            // Also when the check or the text failed (an internal error follows): the objects' errors come first.
            if (report == null && described.hasResult()) {
                InputOptions.printCapped(err, "", described.result(), "invalid object");
            }
        }
        List<Violation> violations = checked.result();
        Object written = emitted.result();
        if (!violations.isEmpty()) {
            if (written instanceof AtomicFiles.Staged staged) {
                staged.discard();
            }
            if (report != null) {
                violations.forEach(v -> report.report.line("error", ProblemJson.Code.INTERNAL_ERROR,
                        "the rendered configuration breaks Envoy's rules (this is a contour-core bug): " + v));
                return report.finish(3);
            }
            err.println("contour: internal error: the rendered configuration breaks Envoy's rules (this is a contour-core bug):");
            violations.forEach(v -> err.println("  " + v));
            err.flush();
            return 3;
        }
        if (outputFile != null) {
            try {
                if (written instanceof IOException e) {
                    throw e;
                } else if (written instanceof AtomicFiles.Staged staged) {
                    staged.commit();
                } else {
                    AtomicFiles.write(outputFile, (String) written);
                }
            } catch (IOException e) {
                if (report != null) {
                    report.report.line("error", ProblemJson.Code.CANNOT_WRITE, "cannot write " + outputFile + ": " + e.getMessage());
                    return report.finish(2);
                }
                err.println("contour: cannot write " + outputFile + ": " + e.getMessage());
                err.flush();
                return 2;
            }
        } else {
            out.print((String) written);
            out.flush();
        }
        err.flush();
        // Objects read but not translated are problems too: --strict promises nothing was left out.
        int code = strict && (!problems.isEmpty() || loaded.get().hasUntranslated() || !result.build().notOurs().isEmpty()
                || !result.build().notApplied().isEmpty()) ? 1 : 0;
        return report != null ? report.finish(code) : code;
    }

    /** Whether the output file's directory is already there: staging early must not create directories. */
    private static boolean parentExists(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null && Files.isDirectory(parent);
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value) {
                case "static" -> Format.STATIC;
                case "xds" -> Format.XDS;
                case "dag" -> Format.DAG;
                default -> throw new CommandLine.TypeConversionException("expected static, xds or dag, got '" + value + "'");
            };
        }
    }
}

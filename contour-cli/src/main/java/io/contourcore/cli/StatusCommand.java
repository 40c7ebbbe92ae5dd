package io.contourcore.cli;

import io.contourcore.dag.status.StatusSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.xds.Engine;
import io.contourcore.xds.render.ProtoText;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code contour status}: the status upstream Contour would write on each object, without a cluster. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Print the status upstream Contour would give each object.",
            "",
            "Each HTTPProxy (and, beyond upstream, each Ingress), and each GatewayClass, Gateway, route and "
                    + "BackendTLSPolicy a route reaches. The table lists each error of an invalid object once, with the "
                    + "route or include it is about. With -o json, load problems and warnings also go to stderr as one "
                    + "JSON document (README \"Machine-readable problems\").",
            "",
            "Exit: 0 every object valid, 1 any invalid or orphaned (or, for Gateway API objects, not accepted, "
                    + "not programmed or with unresolved references, not ours, or read but not translated yet), 2 bad input.",
            "Example: contour status testdata/examples/quickstart.yaml -o json"
        })
public final class StatusCommand implements Callable<Integer> {

    enum Output { TABLE, JSON, YAML }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input = new InputOptions();

    final OutputFlag outputFlag = OutputFlag.printing("status", "table", "json", "yaml");

    Output output = Output.TABLE;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json|yaml", description = "Output format (default: table).")
    void output(String value) {
        outputFlag.output(spec, value);
    }

    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        output = new OutputConverter().convert(outputFlag.format());
        // With -o json the problems go to stderr as one JSON document, made once the run is over.
        ProblemJson.Run report = output == Output.JSON ? new ProblemJson.Run(input, err) : null;
        PrintWriter diag = report != null ? report.quiet() : err;
        Optional<ContourConfig> config = input.config(diag);
        if (config.isEmpty()) {
            return report != null ? report.configFailed() : 2;
        }
        Optional<LoadResult> loaded = input.load(stdin, diag);
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
        Engine.Result result = Engine.run(loaded.get().resources(), config.get());
        if (!input.settingsApply(result, diag)) {
            return report != null ? report.settingsFailed(result) : 2;
        }
        if (report != null) {
            report.built(result);
        }
        StatusSet status = result.status();
        if (report != null) {
            report.statuses(status.problems(), loaded.get());
        }
        switch (output) {
            case TABLE -> {
                out.print(StatusView.table(status.statuses()));
                errorList(status.problems(), new StatusHints(loaded.get().resources()), out);
            }
            case JSON -> out.print(ProtoText.jsonText(StatusView.tree(status.statuses())));
            case YAML -> out.print(ProtoText.toYaml(StatusView.tree(status.statuses())));
        }
        out.flush();
        err.flush();
        // A Gateway API object not ours or not translated has no status of ours yet: not accepted, so not a success.
        int code = status.problems().isEmpty() && !loaded.get().hasUntranslated() && result.build().notOurs().isEmpty()
                && result.build().notApplied().isEmpty() ? 0 : 1;
        return report != null ? report.finish(code) : code;
    }

    /**
     * Below the table, what is wrong with each object that is not valid: each error once, with the route or include
     * it is about and a hint ({@code -o json|yaml} keep upstream's status as it is, repeats included).
     */
    private static void errorList(java.util.List<io.contourcore.dag.status.Status> problems, StatusHints hints,
            PrintWriter out) {
        if (problems.isEmpty()) {
            return;
        }
        out.println();
        for (io.contourcore.dag.status.Status s : problems) {
            java.util.List<StatusHints.Error> errors = hints.errors(s);
            if (errors.isEmpty()) {
                out.println(StatusView.describe(s));
                continue;
            }
            out.println(s.ref() + ": " + s.currentStatus());
            errors.forEach(e -> out.println("  - " + e));
        }
    }

    static final class OutputConverter implements CommandLine.ITypeConverter<Output> {
        @Override
        public Output convert(String value) {
            return switch (value) {
                case "table" -> Output.TABLE;
                case "json" -> Output.JSON;
                case "yaml" -> Output.YAML;
                default -> throw new CommandLine.TypeConversionException("expected table, json or yaml, got '" + value + "'");
            };
        }
    }
}

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
            "Print the status upstream Contour would give each HTTPProxy (and, beyond upstream, each Ingress),",
            "and each GatewayClass, Gateway and route.",
            "",
            "Exit: 0 every object valid, 1 any invalid or orphaned (or, for Gateway API objects, not accepted,",
            "not programmed or with unresolved references, not ours, or read but not translated yet), 2 bad input.",
            "Example: contour status manifests/ -R -o table"
        })
public final class StatusCommand implements Callable<Integer> {

    enum Output { TABLE, JSON, YAML }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input = new InputOptions();

    @Option(names = "-o", paramLabel = "table|json|yaml", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).", converter = OutputConverter.class)
    Output output;

    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ContourConfig> config = input.config(err);
        if (config.isEmpty()) {
            return 2;
        }
        Optional<LoadResult> loaded = input.load(stdin, err);
        if (loaded.isEmpty()) {
            return 2;
        }
        Engine.Result result = Engine.run(loaded.get().resources(), config.get());
        if (!input.settingsApply(result, err)) {
            return 2;
        }
        StatusSet status = result.status();
        switch (output) {
            case TABLE -> out.print(StatusView.table(status.statuses()));
            case JSON -> out.print(ProtoText.jsonText(StatusView.tree(status.statuses())));
            case YAML -> out.print(ProtoText.toYaml(StatusView.tree(status.statuses())));
        }
        out.flush();
        err.flush();
        // A Gateway API object not ours or not translated has no status of ours: not accepted, so not a success.
        return status.problems().isEmpty() && !loaded.get().hasUntranslated() && result.build().notOurs().isEmpty() ? 0 : 1;
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

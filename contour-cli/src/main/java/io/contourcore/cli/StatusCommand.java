package io.contourcore.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.dag.status.Condition;
import io.contourcore.dag.status.ObjectStatus;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.dag.status.SubCondition;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.xds.Engine;
import io.contourcore.xds.render.ProtoText;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
            "Print the status upstream Contour would give each HTTPProxy (and, beyond upstream, each Ingress).",
            "",
            "Exit: 0 every object valid, 1 any invalid or orphaned, 2 bad input.",
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
        Optional<LoadResult> loaded = input.load(stdin, err, config.get());
        if (loaded.isEmpty()) {
            return 2;
        }
        StatusSet status = Engine.run(loaded.get().resources(), config.get()).status();
        switch (output) {
            case TABLE -> out.print(table(status.all()));
            case JSON -> out.print(ProtoText.jsonText(tree(status.all())));
            case YAML -> out.print(ProtoText.toYaml(tree(status.all())));
        }
        out.flush();
        err.flush();
        return status.problems().isEmpty() ? 0 : 1;
    }

    /** The JSON shape CONTRACT.md gives, one entry per object in kind/namespace/name order. */
    static ArrayNode tree(List<ObjectStatus> statuses) {
        ArrayNode arr = ProtoText.JSON.createArrayNode();
        for (ObjectStatus s : statuses) {
            ObjectNode o = arr.addObject();
            o.put("kind", s.ref().kind().kindName());
            o.put("namespace", s.ref().namespace());
            o.put("name", s.ref().name());
            o.put("status", s.currentStatus());
            o.put("description", s.description());
            ArrayNode conds = o.putArray("conditions");
            for (Condition c : s.conditions()) {
                ObjectNode cn = conds.addObject();
                cn.put("type", c.type());
                cn.put("status", c.status());
                cn.put("reason", c.reason());
                cn.put("message", c.message());
                if (!c.errors().isEmpty()) {
                    sub(cn.putArray("errors"), c.errors());
                }
                if (!c.warnings().isEmpty()) {
                    sub(cn.putArray("warnings"), c.warnings());
                }
            }
        }
        return arr;
    }

    private static void sub(ArrayNode arr, List<SubCondition> subs) {
        for (SubCondition sc : subs) {
            ObjectNode e = arr.addObject();
            e.put("type", sc.type());
            e.put("reason", sc.reason());
            e.put("message", sc.message());
        }
    }

    /** Like {@code kubectl get httpproxy}; NAME becomes kind/name when several kinds are listed, as kubectl does. */
    static String table(List<ObjectStatus> statuses) {
        boolean manyKinds = statuses.stream().map(s -> s.ref().kind()).distinct().count() > 1;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAMESPACE", "NAME", "FQDN", "TLS SECRET", "STATUS", "STATUS DESCRIPTION"});
        for (ObjectStatus s : statuses) {
            String name = manyKinds ? s.ref().kind().kindName().toLowerCase(java.util.Locale.ROOT) + "/" + s.ref().name() : s.ref().name();
            rows.add(new String[] {s.ref().namespace(), name, s.fqdn(), s.tlsSecret(), s.currentStatus(), s.description()});
        }
        int[] width = new int[6];
        for (String[] r : rows) {
            for (int i = 0; i < 6; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                line.append(r[i]);
                if (i < 5) {
                    line.append(" ".repeat(width[i] - r[i].length() + 3));
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        if (statuses.isEmpty()) {
            b.append("(no HTTPProxy or Ingress objects)\n");
        }
        return b.toString();
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

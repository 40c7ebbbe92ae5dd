package io.contourcore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.xds.render.ProtoText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code contour version}: our version and the upstream Contour and Envoy versions whose behaviour we follow. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = {
            "Print the version.",
            "",
            "Ours, and the upstream Contour and Envoy versions whose behaviour we follow.",
            "",
            "-o json prints {\"version\", \"upstreamContour\", \"envoy\", \"envoyApi\", \"java\"}.",
            "Exit: 0.",
            "Example: contour version -o json"
        })
public final class VersionCommand implements Callable<Integer> {

    /** The upstream Contour release whose output we reproduce. */
    public static final String UPSTREAM_CONTOUR = "v1.33.6";
    /** The Envoy release that upstream release is tested with. */
    public static final String ENVOY = "1.38.3";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    final OutputFlag outputFlag = OutputFlag.printing("version", "text", "json");

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", description = "Output format (default: text).")
    void output(String value) {
        outputFlag.output(spec, value);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (outputFlag.format().equals("json")) {
            ObjectNode o = ProtoText.JSON.createObjectNode();
            o.put("version", ourVersion());
            o.put("upstreamContour", UPSTREAM_CONTOUR);
            o.put("envoy", ENVOY);
            o.put("envoyApi", "v3");
            o.put("java", System.getProperty("java.version"));
            out.print(ProtoText.jsonText(o));
            out.flush();
            return 0;
        }
        for (String line : new Provider().getVersion()) {
            out.println(line);
        }
        out.flush();
        return 0;
    }

    static String ourVersion() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Shared with {@code contour --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "contour-core " + ourVersion(),
                "upstream Contour " + UPSTREAM_CONTOUR + " (behaviour), Envoy " + ENVOY + " (API v3)",
                "Java " + System.getProperty("java.version"),
            };
        }
    }
}

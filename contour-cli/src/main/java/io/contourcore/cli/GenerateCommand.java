package io.contourcore.cli;

import io.contourcore.cli.generate.GatewayApiWorkload;
import io.contourcore.cli.generate.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code contour generate}: a seeded benchmark workload of realistic objects. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Write a seeded, realistic benchmark workload.",
            "",
            "Services, EndpointSlices, HTTPProxies, Ingresses and TLS Secrets over 100 namespaces.",
            "--tls: instead, every HTTPProxy serves HTTPS with a TLS Secret of its own (Service, EndpointSlice, Secret, HTTPProxy per unit).",
            "With --workload gateway-api: one Gateway (HTTP 80, HTTPS 443, HTTP 81) and per route an HTTPRoute with its own "
                    + "hostname, Service and EndpointSlice, shaped like Envoy Gateway's translator benchmarks ('large' is --routes 500).",
            "",
            "The same arguments always give the same output.",
            "Example: contour generate --objects 10000 --output-file 10k.yaml",
            "         contour generate --objects 10000 --tls --output-file 10k-tls.yaml",
            "         contour generate --workload gateway-api --routes 500 --output-file eg-large.yaml"
        })
public final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--objects", paramLabel = "N", defaultValue = "1000", description = "About how many objects (default: ${DEFAULT-VALUE}).")
    int objects;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tls", description = "The TLS-heavy shape: every HTTPProxy with a TLS Secret of its own.")
    boolean tls;

    @Mixin
    OutputFlag outputFlag = OutputFlag.withFile("generate", "yaml", "json");

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json", description = "Output format (default: yaml).")
    void output(String value) {
        outputFlag.output(spec, value);
    }

    @Option(names = "--workload", paramLabel = "contour|gateway-api", defaultValue = "contour",
            description = "Which workload (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--routes", paramLabel = "N", description = "gateway-api: HTTPRoutes (default: about --objects / 3).")
    Integer routes;

    @Option(names = "--hostnames", paramLabel = "N", description = "gateway-api: hostnames the routes share (default: one per route).")
    Integer hostnames;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        outputFlag.printNotes(err);
        String encoding = outputFlag.format();
        Path outputFile = outputFlag.file(spec).orElse(null);
        if (objects < 4) {
            err.println("contour: --objects must be at least 4");
            err.flush();
            return 2;
        }
        if (!workload.equals("contour") && !workload.equals("gateway-api")) {
            err.println("contour: --workload must be contour or gateway-api");
            err.flush();
            return 2;
        }
        if (workload.equals("contour") && (routes != null || hostnames != null)) {
            err.println("contour: --routes and --hostnames apply to --workload gateway-api");
            err.flush();
            return 2;
        }
        if (workload.equals("gateway-api") && tls) {
            err.println("contour: --tls applies to --workload contour");
            err.flush();
            return 2;
        }
        String text;
        int count;
        if (workload.equals("gateway-api")) {
            int r = routes != null ? routes : GatewayApiWorkload.routesForObjects(objects);
            int h = hostnames != null ? hostnames : r;
            if (r < 1 || h < 1 || h > r) {
                err.println("contour: need 1 <= --hostnames <= --routes, got " + h + " hostnames for " + r + " routes");
                err.flush();
                return 2;
            }
            GatewayApiWorkload w = GatewayApiWorkload.of(r, h);
            text = encoding.equals("json") ? w.json() : w.yaml();
            count = w.objectCount();
        } else {
            Workload w = tls ? Workload.tlsHeavy(objects, seed) : Workload.forObjects(objects, seed);
            text = encoding.equals("json") ? w.json() : w.yaml();
            count = w.objectCount();
        }
        if (outputFile == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                AtomicFiles.write(outputFile, text);
            } catch (IOException e) {
                err.println("contour: cannot write " + outputFile + ": " + e.getMessage());
                err.flush();
                return 2;
            }
            err.println("wrote " + count + " objects to " + outputFile);
            err.flush();
        }
        return 0;
    }
}

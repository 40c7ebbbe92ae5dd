package io.contourcore.cli;

import io.contourcore.cli.generate.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code contour generate}: a seeded benchmark workload of realistic objects. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Write a seeded, realistic benchmark workload: Services, EndpointSlices, HTTPProxies, Ingresses and TLS Secrets over 100 namespaces.",
            "",
            "--tls: instead, every HTTPProxy serves HTTPS with a TLS Secret of its own (Service, EndpointSlice, Secret, HTTPProxy per unit).",
            "",
            "The same --seed and --objects (and --tls) always give the same output.",
            "Example: contour generate --objects 10000 --output /tmp/10k.yaml",
            "         contour generate --objects 10000 --tls --output /tmp/10k-tls.yaml"
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

    @Option(names = "-o", paramLabel = "yaml|json", defaultValue = "yaml", description = "Encoding (default: ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path outputFile;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (objects < 4) {
            err.println("contour: --objects must be at least 4");
            err.flush();
            return 2;
        }
        if (!encoding.equals("yaml") && !encoding.equals("json")) {
            err.println("contour: -o must be yaml or json");
            err.flush();
            return 2;
        }
        Workload w = tls ? Workload.tlsHeavy(objects, seed) : Workload.forObjects(objects, seed);
        String text = encoding.equals("json") ? w.json() : w.yaml();
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
            err.println("wrote " + w.objectCount() + " objects to " + outputFile);
            err.flush();
        }
        return 0;
    }
}

package io.contourcore.cli;

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
            "",
            "The same --seed and --objects always give the same output.",
            "Example: contour generate --objects 10000 --output-file 10k.yaml"
        })
public final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--objects", paramLabel = "N", defaultValue = "1000", description = "About how many objects (default: ${DEFAULT-VALUE}).")
    int objects;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutputFlag outputFlag = OutputFlag.withFile("generate", "yaml", "json");

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json", description = "Output format (default: yaml).")
    void output(String value) {
        outputFlag.output(spec, value);
    }

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
        Workload w = Workload.forObjects(objects, seed);
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

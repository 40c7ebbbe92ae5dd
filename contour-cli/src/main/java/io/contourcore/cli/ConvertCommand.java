package io.contourcore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contourcore.cli.convert.IngressRouteConverter;
import io.contourcore.cli.convert.Manifests;
import io.contourcore.cli.convert.Sources;
import io.contourcore.model.Kind;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.model.yaml.Problem;
import io.contourcore.xds.Engine;
import io.contourcore.xds.simulate.RouteEquivalence;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code contour convert}: IngressRoute to HTTPProxy (and the legacy TLSCertificateDelegation to the current one),
 * every other object unchanged, proven by rendering both and comparing where each request goes.
 */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Convert IngressRoute (contour.heptio.com/v1beta1) to HTTPProxy, as ir2proxy does.",
            "",
            "Writes every input object in input order, converted ones replaced, others as they are.",
            "What is not converted exactly: FILE:LINE:COLUMN: IngressRoute NS/NAME: why (stderr).",
            "Unless --no-check, the input and the result are both rendered and every virtual host and route is tried "
                    + "with requests; each one routed differently is printed as a line.",
            "",
            "Exit: 0 converted (and checked), 1 a request is routed differently, 2 bad input, 3 internal error.",
            "Example: contour convert testdata/cases/convert/basic/input.yaml --output-file httpproxies.yaml"
        })
public final class ConvertCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    OutputFlag outputFlag = OutputFlag.withFile("convert", "yaml", "json");

    RenderCommand.Output output = RenderCommand.Output.YAML;

    Path outputFile;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json",
            description = "Output format: a multi-document YAML stream or a JSON List (default: yaml).")
    void output(String value) {
        outputFlag.output(spec, value);
    }

    @Option(names = "--no-check", description = "Do not render both sides and compare the routes.")
    boolean noCheck;

    InputStream stdin = System.in;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        outputFlag.printNotes(err);
        output = outputFlag.format().equals("json") ? RenderCommand.Output.JSON : RenderCommand.Output.YAML;
        outputFile = outputFlag.file(spec).orElse(null);
        try {
            return convert(out, err);
        } finally {
            err.flush();
        }
    }

    private int convert(PrintWriter out, PrintWriter err) {
        Optional<ContourConfig> config = input.config(err);
        if (config.isEmpty()) {
            return 2;
        }
        // Standard input is read once and handed to both the loader and the converter.
        byte[] stdinBytes;
        try {
            stdinBytes = input.paths().contains(ManifestLoader.STDIN) && stdin != null ? stdin.readAllBytes() : new byte[0];
        } catch (IOException e) {
            err.println("-: cannot read: " + e.getMessage());
            return 2;
        }
        Optional<LoadResult> loaded = input.load(new ByteArrayInputStream(stdinBytes), err);
        if (loaded.isEmpty()) {
            return 2;
        }
        config = input.config(config.get(), loaded.get(), err);
        if (config.isEmpty()) {
            return 2;
        }
        List<Manifests.Doc> docs = new ArrayList<>();
        try {
            for (Sources.Source s : Sources.read(input.paths(), input.recursive, stdinBytes)) {
                docs.addAll(Manifests.documents(s.name(), s.text()));
            }
        } catch (IOException | YAMLException e) {
            err.println("contour: cannot read the input for conversion: " + e.getMessage());
            return 2;
        }
        IngressRouteConverter.Result converted = IngressRouteConverter.convert(docs, input.namespace);
        converted.warnings().forEach(w -> err.println(w.line()));
        List<ObjectNode> objects = converted.objects();
        String text = output == RenderCommand.Output.JSON ? Manifests.jsonList(objects) : Manifests.yamlStream(objects);
        int exit = noCheck ? 0 : check(docs, loaded.get(), Manifests.yamlStream(objects), config.get(), err);
        if (exit >= 2) {
            return exit;
        }
        if (outputFile != null) {
            try {
                AtomicFiles.write(outputFile, text);
            } catch (IOException e) {
                err.println("contour: cannot write " + outputFile + ": " + e.getMessage());
                return 2;
            }
        } else {
            out.print(text);
            out.flush();
        }
        return exit;
    }

    /** Renders the input and the converted objects, and compares them request for request: 0 alike, 1 not. */
    private int check(List<Manifests.Doc> docs, LoadResult original, String convertedYaml, ContourConfig config, PrintWriter err) {
        LoadResult after = ManifestLoader.parse("converted", convertedYaml, input.namespace);
        if (!after.ok()) {
            boolean clash = after.errors().stream().anyMatch(p -> p.message().startsWith("duplicate object"));
            err.println(clash
                    ? "contour: the converted objects clash with objects of the input (an HTTPProxy of the same name):"
                    : "contour: internal error: the converted objects are not valid input (this is a contour-core bug):");
            for (Problem p : after.errors()) {
                err.println("  " + p);
            }
            return clash ? 2 : 3;
        }
        Engine.Result before = Engine.run(original.resources(), config);
        if (!input.settingsApply(before, err)) {
            return 2;
        }
        Engine.Result now = Engine.run(after.resources(), config);
        List<RouteEquivalence.Difference> diffs = RouteEquivalence.compare(before.translation(), now.translation());
        for (RouteEquivalence.Difference d : diffs) {
            err.println(d.line());
        }
        if (!diffs.isEmpty()) {
            long requests = diffs.stream().map(RouteEquivalence.Difference::request).distinct().count();
            err.println("contour: the conversion is not equivalent: " + requests
                    + (requests == 1 ? " request is" : " requests are") + " routed differently");
            return 1;
        }
        return 0;
    }
}

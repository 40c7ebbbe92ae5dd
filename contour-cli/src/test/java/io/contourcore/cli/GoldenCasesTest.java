package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.ContourConfigLoader;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.render.ProtoTypes;
import io.contourcore.xds.render.XdsDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One test per folder under {@code testdata/cases/<area>/<case>/}: {@code input.yaml} (plain Kubernetes YAML),
 * optional {@code config.yaml} (upstream's contour.yaml keys) and {@code args} (more render flags, one per line),
 * and {@code expected/}: {@code status.yaml} plus one file per xDS resource type, or {@code error.txt} for input that
 * must be rejected. A case that has {@code expected/dag.yaml} also pins what {@code render --format dag} prints; the
 * file is opt-in (create it empty, then update), so {@code -Dgolden.update=true} rewrites it where it exists and
 * never adds it to other cases. {@code -Dgolden.update=true} rewrites the expected files and then fails on purpose.
 */
class GoldenCasesTest {

    static final List<String> FILES = List.of("listeners.yaml", "routes.yaml", "clusters.yaml", "endpoints.yaml",
            "secrets.yaml", "status.yaml");
    /** Opt-in: compared (and rewritten by an update run) only in the cases that have it. */
    static final String DAG = "dag.yaml";
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    static Path root() {
        return Path.of(System.getProperty("contour.root", "..")).toAbsolutePath().normalize();
    }

    static Path casesDir() {
        return root().resolve("testdata/cases");
    }

    static List<Path> cases() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(casesDir())) {
            // testdata/cases/convert holds conversion cases (ConvertCasesTest), not rendering ones.
            s.filter(p -> Files.isRegularFile(p.resolve("input.yaml")) && !p.startsWith(casesDir().resolve("convert")))
                    .sorted().forEach(out::add);
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseRendersAsExpected() throws IOException {
        List<String> updated = new ArrayList<>();
        Stream<DynamicTest> tests = cases().stream().map(dir -> DynamicTest.dynamicTest(
                casesDir().relativize(dir).toString(), () -> check(dir, updated)));
        if (!UPDATE) {
            return tests;
        }
        return Stream.concat(tests, Stream.of(DynamicTest.dynamicTest("golden files were rewritten", () -> {
            List<String> cases = updated.stream().map(f -> f.substring(0, f.lastIndexOf('/'))).distinct().toList();
            fail("-Dgolden.update=true rewrote " + updated.size() + " file(s) in " + cases.size()
                    + " case(s); read the diff (git diff testdata/), then run again without it: " + cases);
        })));
    }

    /** The command line a golden case stands for: {@code base}, its input, its config and its {@code args} file. */
    static List<String> args(Path dir, String... base) throws IOException {
        List<String> a = new ArrayList<>(List.of(base));
        a.add(dir.resolve("input.yaml").toString());
        if (Files.exists(dir.resolve("config.yaml"))) {
            a.add("--config");
            a.add(dir.resolve("config.yaml").toString());
        }
        if (Files.exists(dir.resolve("args"))) {
            for (String line : Files.readAllLines(dir.resolve("args"))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    a.add(line.trim());
                }
            }
        }
        return a;
    }

    static Map<String, String> produce(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        Cli.Run xds = Cli.run(args(dir, "render", "--format", "xds", "-o", "json").toArray(String[]::new));
        if (xds.exit() == 2) {
            // error.txt holds the text a user reads; with -o json the same problems are a JSON document
            Cli.Run text = Cli.run(args(dir, "render", "--format", "xds").toArray(String[]::new));
            files.put("error.txt", text.err().replace(dir.toString() + "/", ""));
            return files;
        }
        assertThat(xds.exit()).as("render exit code; stderr:%n%s", xds.err()).isIn(0, 1);
        JsonNode doc = ProtoText.JSON.readTree(xds.out());
        for (String section : XdsDocument.SECTIONS) {
            files.put(section + ".yaml", ProtoText.toYaml(doc.get(section)));
        }
        Cli.Run status = Cli.run(args(dir, "status", "-o", "yaml").toArray(String[]::new));
        assertThat(status.exit()).as("status exit code; stderr:%n%s", status.err()).isIn(0, 1);
        files.put("status.yaml", status.out());
        if (Files.exists(dir.resolve("expected").resolve(DAG))) {
            files.put(DAG, dag(args(dir, "render", "--format", "dag", "-o", "yaml")));
        }
        return files;
    }

    /** What {@code render --format dag} prints for these arguments, exactly as a user sees it. */
    private static String dag(List<String> args) {
        Cli.Run dag = Cli.run(args.toArray(String[]::new));
        assertThat(dag.exit()).as("render --format dag exit code; stderr:%n%s", dag.err()).isIn(0, 1);
        return dag.out();
    }

    private static void check(Path dir, List<String> updated) throws IOException {
        Map<String, String> produced = produce(dir);
        if (!expectFiles(dir, produced, updated)) {
            return;
        }
        if (!produced.containsKey("error.txt")) {
            staticBootstrapRendersAndRoundTrips(dir);
            shuffledInputRendersTheSameBytes(dir, produced);
        }
    }

    /**
     * Compares {@code produced} (file name to text) with the case's {@code expected/} folder, failing with a unified
     * diff per file; with {@code -Dgolden.update=true} rewrites the folder instead (recording each file changed in
     * {@code updated}) and answers false. Answers true when the files were compared and matched.
     */
    static boolean expectFiles(Path dir, Map<String, String> produced, List<String> updated) throws IOException {
        Path expected = dir.resolve("expected");
        if (UPDATE) {
            Files.createDirectories(expected);
            try (Stream<Path> old = Files.list(expected)) {
                for (Path p : old.toList()) {
                    if (!produced.containsKey(p.getFileName().toString())) {
                        Files.delete(p);
                    }
                }
            }
            for (Map.Entry<String, String> e : produced.entrySet()) {
                Path f = expected.resolve(e.getKey());
                if (!Files.exists(f) || !Files.readString(f).equals(e.getValue())) {
                    Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
                    updated.add(casesDir().relativize(dir) + "/" + e.getKey());
                }
            }
            return false;
        }
        StringBuilder diffs = new StringBuilder();
        try (Stream<Path> present = Files.list(expected)) {
            for (Path p : present.toList()) {
                if (!produced.containsKey(p.getFileName().toString())) {
                    diffs.append("expected/").append(p.getFileName()).append(" exists but is no longer produced\n");
                }
            }
        }
        for (Map.Entry<String, String> e : produced.entrySet()) {
            Path f = expected.resolve(e.getKey());
            String want = Files.exists(f) ? Files.readString(f) : "";
            if (!want.equals(e.getValue())) {
                diffs.append(UnifiedDiff.diff("expected/" + e.getKey(), want, "actual/" + e.getKey(), e.getValue()));
            }
        }
        if (diffs.length() > 0) {
            fail("golden mismatch in " + casesDir().relativize(dir) + " (regenerate with -Dgolden.update=true if intended):\n" + diffs);
        }
        return true;
    }

    /** The objects of a case in another order give byte-identical output: order of input never leaks out. */
    private static void shuffledInputRendersTheSameBytes(Path dir, Map<String, String> produced) throws IOException {
        List<String> docs = new ArrayList<>(List.of(Files.readString(dir.resolve("input.yaml")).split("\n---\n")));
        if (docs.size() < 2) {
            return;
        }
        java.util.Collections.shuffle(docs, new java.util.Random(dir.getFileName().toString().hashCode()));
        java.util.Collections.reverse(docs.subList(0, 1 + docs.size() / 2));
        Path shuffled = Files.createTempFile("shuffled-", ".yaml");
        try {
            Files.writeString(shuffled, String.join("\n---\n", docs) + "\n");
            List<String> a = args(dir, "render", "--format", "xds", "-o", "json");
            a.set(a.indexOf(dir.resolve("input.yaml").toString()), shuffled.toString());
            Cli.Run r = Cli.run(a.toArray(String[]::new));
            JsonNode doc = ProtoText.JSON.readTree(r.out());
            for (String section : XdsDocument.SECTIONS) {
                assertThat(ProtoText.toYaml(doc.get(section))).as("%s with shuffled input", section)
                        .isEqualTo(produced.get(section + ".yaml"));
            }
            if (produced.containsKey(DAG)) {
                List<String> d = args(dir, "render", "--format", "dag", "-o", "yaml");
                d.set(d.indexOf(dir.resolve("input.yaml").toString()), shuffled.toString());
                String got = dag(d);
                if (!got.equals(produced.get(DAG))) {
                    fail("render --format dag depends on the order of the input documents in "
                            + casesDir().relativize(dir) + ":\n"
                            + UnifiedDiff.diff("expected/" + DAG, produced.get(DAG), "shuffled/" + DAG, got));
                }
            }
        } finally {
            Files.deleteIfExists(shuffled);
        }
    }

    /** The static form of every case validates, and every resource survives JSON with the full registry. */
    private static void staticBootstrapRendersAndRoundTrips(Path dir) throws IOException {
        Cli.Run st = Cli.run(args(dir, "render", "--format", "static").toArray(String[]::new));
        assertThat(st.exit()).as("static render; stderr:%n%s", st.err()).isIn(0, 1);
        ContourConfig config = Files.exists(dir.resolve("config.yaml"))
                ? ContourConfigLoader.read(dir.resolve("config.yaml")).config() : ContourConfig.DEFAULTS;
        LoadResult loaded = ManifestLoader.read(List.of(dir.resolve("input.yaml").toString()), false, "default", System.in);
        Engine.Result r = Engine.run(loaded.resources(), config);
        List<Message> all = new ArrayList<>();
        all.addAll(r.xds().listeners());
        all.addAll(r.xds().routes());
        all.addAll(r.xds().clusters());
        all.addAll(r.xds().endpoints());
        all.addAll(r.xds().secrets());
        all.add(Engine.staticBootstrap(r));
        JsonFormat.TypeRegistry full = ProtoTypes.fullRegistry();
        for (Message m : all) {
            String json = JsonFormat.printer().usingTypeRegistry(full).print(m);
            Message.Builder b = m.newBuilderForType();
            JsonFormat.parser().usingTypeRegistry(full).merge(json, b);
            assertThat(b.build()).as("round trip of %s", m.getDescriptorForType().getFullName()).isEqualTo(m);
        }
    }

    @Test
    void thereAreGoldenCasesToCheck() throws IOException {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(1);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

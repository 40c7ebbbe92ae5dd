package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contourcore.xds.render.ProtoText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o/--output} is the format on every command and {@code --output-file} the file (CONTRACT.md). */
class OutputConventionsTest {

    @TempDir
    Path tmp;

    private static String quickstart() {
        return GoldenCasesTest.root().resolve("testdata/examples/quickstart.yaml").toString();
    }

    @Test
    void renderWritesTheFileNamedByOutputFileAndTakesTheFormatFromLongOutput() throws IOException {
        Path out = tmp.resolve("envoy.json");
        Cli.Run r = Cli.run("render", quickstart(), "--output", "json", "--output-file", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(ProtoText.JSON.readTree(Files.readString(out)).has("static_resources")).isTrue();
    }

    @Test
    void theOldRenderOutputFileSpellingStillWritesTheFileWithAOneLineDeprecationNote() throws IOException {
        Path out = tmp.resolve("envoy.yaml");
        Cli.Run r = Cli.run("render", quickstart(), "--output", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out)).contains("static_resources:");
        assertThat(r.err().lines().filter(l -> l.contains("deprecated")).toList()).hasSize(1)
                .first().asString().contains("--output-file " + out);
    }

    @Test
    void anOutputValueThatIsNeitherAFormatNorAFileNameIsExplained() {
        Cli.Run r = Cli.run("render", quickstart(), "--output", "jsn");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("-o/--output is the format: expected yaml or json, got 'jsn'")
                .contains("--output-file FILE");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void outputAndOutputFileNamingTwoFilesIsBadUsage() {
        Cli.Run r = Cli.run("render", quickstart(), "--output", tmp.resolve("a.yaml").toString(),
                "--output-file", tmp.resolve("b.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("name two files");
        assertThat(tmp.resolve("a.yaml")).doesNotExist();
        assertThat(tmp.resolve("b.yaml")).doesNotExist();
    }

    @Test
    void generateWritesOutputFileAndKeepsTheOldSpellingWithANote() throws IOException {
        Path a = tmp.resolve("a.yaml");
        Cli.Run r = Cli.run("generate", "--objects", "10", "--output-file", a.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("deprecated");
        Path b = tmp.resolve("b.yaml");
        Cli.Run old = Cli.run("generate", "--objects", "10", "--output", b.toString());
        assertThat(old.exit()).as(old.err()).isZero();
        assertThat(old.err()).contains("--output " + b + " is deprecated");
        assertThat(Files.readString(b)).isEqualTo(Files.readString(a));
        Cli.Run json = Cli.run("generate", "--objects", "10", "--output", "json");
        assertThat(json.out()).startsWith("{");
    }

    @Test
    void statusTakesLongOutputAsTheFormat() {
        Cli.Run r = Cli.run("status", quickstart(), "--output", "yaml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("- kind: Ingress").doesNotContain("{");
    }

    @Test
    void validateAndBootstrapTakeLongOutputAndTheirOldOutputFormatIsAHiddenDeprecatedAlias() throws IOException {
        Path xds = tmp.resolve("xds.json");
        assertThat(Cli.run("render", quickstart(), "--format", "xds", "-o", "json", "--output-file", xds.toString()).exit())
                .isZero();
        Cli.Run v = Cli.run("validate", "--output", "json", xds.toString());
        assertThat(v.exit()).as(v.err()).isZero();
        assertThat(v.out().strip()).isEqualTo("[ ]");
        assertThat(v.err()).isEmpty();
        Cli.Run old = Cli.run("validate", "--output-format", "json", xds.toString());
        assertThat(old.exit()).isZero();
        assertThat(old.out()).isEqualTo(v.out());
        assertThat(old.err().lines().toList()).containsExactly(
                "contour validate: warning: --output-format is deprecated; use -o/--output json");
        assertThat(Cli.run("validate", "--help").out()).doesNotContain("--output-format");

        Cli.Run b = Cli.run("bootstrap", "-", "--output", "yaml");
        assertThat(b.exit()).as(b.err()).isZero();
        assertThat(b.out()).startsWith("static_resources:");
        Cli.Run bOld = Cli.run("bootstrap", "-", "--output-format", "yaml");
        assertThat(bOld.out()).isEqualTo(b.out());
        assertThat(bOld.err()).contains("--output-format is deprecated");
        assertThat(Cli.run("bootstrap", "--help").out()).doesNotContain("--output-format");
    }

    @Test
    void aCommandThatOnlyPrintsRefusesAFileNameForOutput() {
        Cli.Run r = Cli.run("status", quickstart(), "-o", "status.yaml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("expected table, json or yaml, got 'status.yaml'");
    }

    @Test
    void versionPrintsJson() throws IOException {
        Cli.Run r = Cli.run("version", "-o", "json");
        assertThat(r.exit()).isZero();
        JsonNode v = ProtoText.JSON.readTree(r.out());
        assertThat(v.get("upstreamContour").asText()).isEqualTo(VersionCommand.UPSTREAM_CONTOUR);
        assertThat(v.get("envoy").asText()).isEqualTo(VersionCommand.ENVOY);
        assertThat(v.has("version")).isTrue();
    }
}

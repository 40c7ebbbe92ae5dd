package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contourcore.xds.render.ProtoText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -o json}: load problems and {@code --strict} findings as JSON, each with a stable code. */
class ProblemJsonTest {

    @TempDir
    Path tmp;

    /** A Service default/kuard on port 80, the backend most tests here route to. */
    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: kuard
              namespace: default
            spec:
              ports:
              - port: 80
            """;

    private static final String PROXY_TO_MISSING_SERVICE = """
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata:
              name: web
              namespace: default
            spec:
              virtualhost:
                fqdn: web.example.com
              routes:
              - services:
                - name: kuarde
                  port: 80
            """;

    private Path write(String text) throws IOException {
        Path p = tmp.resolve("in.yaml");
        Files.writeString(p, text);
        return p;
    }

    private static List<JsonNode> problems(String stderr) throws IOException {
        JsonNode doc = ProtoText.JSON.readTree(stderr);
        List<JsonNode> out = new ArrayList<>();
        doc.get("problems").forEach(out::add);
        return out;
    }

    @Test
    void aLoadErrorIsAJsonProblemWithItsPlaceObjectAndCode() throws IOException {
        Path in = write(SERVICE.replace("- port: 80", "- port: eighty"));
        Cli.Run r = Cli.run("render", in.toString(), "-o", "json");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        List<JsonNode> ps = problems(r.err());
        assertThat(ps).hasSize(1);
        JsonNode p = ps.get(0);
        assertThat(p.get("severity").asText()).isEqualTo("error");
        assertThat(p.get("code").asText()).isEqualTo("wrong-type");
        assertThat(p.get("file").asText()).isEqualTo(in.toString());
        assertThat(p.get("line").asInt()).isEqualTo(8);
        assertThat(p.get("column").asInt()).isPositive();
        assertThat(p.get("kind").asText()).isEqualTo("Service");
        assertThat(p.get("namespace").asText()).isEqualTo("default");
        assertThat(p.get("name").asText()).isEqualTo("kuard");
        assertThat(p.get("message").asText()).startsWith("spec.ports[0].port: ");
        assertThat(ProtoText.JSON.readTree(r.err()).get("errors").asInt()).isEqualTo(1);
    }

    @Test
    void eachProblemClassHasItsStableCode() throws IOException {
        assertThat(code("a: [1, 2\n")).isEqualTo("syntax");
        assertThat(code(SERVICE + "---\n" + SERVICE)).isEqualTo("duplicate-object");
        assertThat(code("- 1\n- 2\n")).isEqualTo("not-an-object");
        assertThat(code(SERVICE.replace("- port: 80", "- port: 0"))).isEqualTo("invalid-value");
        assertThat(code("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: ext
                spec:
                  type: ExternalName
                """)).isEqualTo("missing-field");
        assertThat(ProblemJson.errorCode(new io.contourcore.model.yaml.Problem(
                io.contourcore.model.Location.of("x.yaml"), "HTTPProxy default/web",
                "spec.routes[0].retryPolcy: unknown field"))).isEqualTo(ProblemJson.Code.UNKNOWN_FIELD);
    }

    private String code(String text) throws IOException {
        Cli.Run r = Cli.run("render", write(text).toString(), "-o", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        return problems(r.err()).get(0).get("code").asText();
    }

    @Test
    void strictFindingsAreJsonProblemsAtTheObjectsPlace() throws IOException {
        Path in = write(SERVICE + "---\n" + PROXY_TO_MISSING_SERVICE);
        Cli.Run r = Cli.run("render", in.toString(), "-o", "json", "--strict");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(ProtoText.JSON.readTree(r.out()).has("static_resources")).isTrue();
        List<JsonNode> ps = problems(r.err());
        assertThat(ps).hasSize(1);
        JsonNode p = ps.get(0);
        assertThat(p.get("code").asText()).isEqualTo("object-invalid");
        assertThat(p.get("kind").asText()).isEqualTo("HTTPProxy");
        assertThat(p.get("name").asText()).isEqualTo("web");
        assertThat(p.get("file").asText()).isEqualTo(in.toString());
        assertThat(p.get("line").asInt()).isEqualTo(10);
        assertThat(p.get("message").asText()).contains("service \"default/kuarde\" not found");
    }

    @Test
    void statusWritesItsFindingsAsJsonOnStderrAndTheStatusesOnStdout() throws IOException {
        Path in = write(SERVICE + "---\n" + PROXY_TO_MISSING_SERVICE);
        Cli.Run r = Cli.run("status", in.toString(), "-o", "json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(ProtoText.JSON.readTree(r.out()).get(0).get("status").asText()).isEqualTo("invalid");
        assertThat(problems(r.err())).extracting(p -> p.get("code").asText()).containsExactly("object-invalid");
    }

    @Test
    void aCleanRunStillWritesAnEmptyReportSoAScriptCanAlwaysParseStderr() throws IOException {
        Path in = write(SERVICE);
        Cli.Run r = Cli.run("render", in.toString(), "-o", "json");
        assertThat(r.exit()).isZero();
        assertThat(problems(r.err())).isEmpty();
    }

    @Test
    void aBadConfigFileIsAConfigErrorProblem() throws IOException {
        Path in = write(SERVICE);
        Path config = tmp.resolve("contour.yaml");
        Files.writeString(config, "tls: [\n");
        Cli.Run r = Cli.run("status", in.toString(), "-o", "json", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(problems(r.err())).extracting(p -> p.get("code").asText()).containsOnly("config-error");
    }

    @Test
    void validateListsAnUnusableFileAmongItsFindingsWithACode() throws IOException {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "a: [1, 2\n");
        Cli.Run r = Cli.run("validate", "-o", "json", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEmpty();
        JsonNode p = ProtoText.JSON.readTree(r.out()).get(0);
        assertThat(p.get("file").asText()).isEqualTo(bad.toString());
        assertThat(p.get("code").asText()).isEqualTo("syntax");
        assertThat(p.get("line").asInt()).isPositive();
    }
}

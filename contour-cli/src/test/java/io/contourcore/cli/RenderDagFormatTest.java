package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contourcore.xds.render.ProtoText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code contour render --format dag}: the DAG as YAML or JSON, with the object each node came from. */
class RenderDagFormatTest {

    @TempDir
    Path tmp;

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: kuard
            spec:
              ports:
              - name: http
                port: 80
            """;

    private static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: kuard
            spec:
              rules:
              - host: kuard.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: kuard
                        port:
                          number: 80
            """;

    private static Path golden(String c) {
        return GoldenCasesTest.casesDir().resolve(c);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void theDagAsJsonParsesAndSaysWhichObjectEachRouteCameFrom() throws IOException {
        Path in = write("in.yaml", SERVICE + "---\n" + INGRESS);
        Cli.Run r = Cli.run("render", in.toString(), "--format", "dag", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();

        JsonNode doc = ProtoText.JSON.readTree(r.out());
        JsonNode http = doc.get("listeners").get(0);
        assertThat(http.get("name").asText()).isEqualTo("ingress_http");
        JsonNode vh = http.get("virtualHosts").get(0);
        assertThat(vh.get("name").asText()).isEqualTo("kuard.example.com");
        assertThat(vh.get("sources").get(0).asText()).isEqualTo("Ingress default/kuard");
        JsonNode route = vh.get("routes").get(0);
        assertThat(route.get("source").asText()).isEqualTo("Ingress default/kuard");
        assertThat(route.get("clusters").get(0).get("service").asText()).isEqualTo("default/kuard:80");
        assertThat(r.out()).endsWith("}\n");
    }

    @Test
    void theDagAsYamlIsWhatTheGoldenCaseHolds() throws IOException {
        Path c = golden("dag/include-weighted");
        Cli.Run r = Cli.run("render", c.resolve("input.yaml").toString(), "--format", "dag", "-o", "yaml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(c.resolve("expected/dag.yaml")));
        assertThat(Cli.run("render", c.resolve("input.yaml").toString(), "--format", "dag").out())
                .as("yaml is the default encoding").isEqualTo(r.out());
    }

    @Test
    void secretDataIsNeverPrintedOnlyItsLengthAndSha256() throws IOException {
        Path in = golden("ingress/tls-valid").resolve("input.yaml");
        for (String o : new String[] {"yaml", "json"}) {
            Cli.Run r = Cli.run("render", in.toString(), "--format", "dag", "-o", o);
            assertThat(r.exit()).as(r.err()).isZero();
            // The PEM text, and the start of the base64 the input carries it in.
            assertThat(r.out()).doesNotContain("BEGIN", "PRIVATE", "LS0tLS1CRUdJTi")
                    .contains("Secret default/kuard-tls", "sha256");
        }
    }

    @Test
    void theOutputFileAndStrictBehaveAsForTheOtherFormats() throws IOException {
        Path in = write("in.yaml", SERVICE + "---\n" + INGRESS.replace("      name: kuard", "      name: nope"));
        Path out = Files.createDirectories(tmp.resolve("out")).resolve("dag.yaml");
        Cli.Run strict = Cli.run("render", in.toString(), "--format", "dag", "--strict", "--output-file", out.toString());
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.err()).contains("Ingress default/kuard: invalid");
        assertThat(strict.out()).isEmpty();
        assertThat(Files.readString(out)).isEqualTo(Cli.run("render", in.toString(), "--format", "dag").out());
    }

    @Test
    void anUnknownFormatNamesTheThreeThereAre() {
        Cli.Run r = Cli.run("render", "x.yaml", "--format", "ir");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("expected static, xds or dag, got 'ir'");
        assertThat(Cli.run("render", "--help").out()).contains("--format=static|xds|dag", "--format dag");
    }
}

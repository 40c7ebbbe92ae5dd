package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contourcore.xds.render.ProtoText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

    private static final String PROXY = """
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata:
              name: app
              namespace: default
            spec:
              virtualhost:
                fqdn: app.example.com
              routes:
                - conditions:
                    - prefix: /
                  services:
                    - name: s1
                      port: 80
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: s1
              namespace: default
            spec:
              ports:
                - port: 80
            """;

    private static final String ROUTE = """
            apiVersion: contour.heptio.com/v1beta1
            kind: IngressRoute
            metadata:
              name: app
              namespace: default
            spec:
              virtualhost:
                fqdn: app.example.com
              routes:
                - match: /
                  services:
                    - name: s1
                      port: 80
            """;

    @TempDir
    Path tmp;

    @Test
    void writesObjectsItDoesNotConvertUnchangedAndPassesTheCheckOnThem() throws IOException {
        Path in = Files.writeString(tmp.resolve("in.yaml"), PROXY);
        Cli.Run r = Cli.run("convert", in.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo(PROXY);
    }

    @Test
    void readsStandardInputAndWritesAJsonListInInputOrder() {
        Cli.Run r = Cli.runWithStdin(ROUTE + "---\n" + PROXY.substring(PROXY.indexOf("apiVersion: v1")), "convert", "-", "-o", "json", "--no-check");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode list = ProtoText.JSON.valueToTree(r.out().isEmpty() ? null : parse(r.out()));
        assertThat(list.get("kind").asText()).isEqualTo("List");
        assertThat(list.get("items").get(0).get("kind").asText()).isEqualTo("HTTPProxy");
        assertThat(list.get("items").get(0).get("spec").get("routes").get(0).get("conditions").get(0).get("prefix").asText()).isEqualTo("/");
        assertThat(list.get("items").get(1).get("kind").asText()).isEqualTo("Service");
    }

    private static JsonNode parse(String json) {
        try {
            return ProtoText.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void writesTheOutputFileWholeAndNothingOnStandardOutput() throws IOException {
        Path in = Files.writeString(tmp.resolve("in.yaml"), ROUTE);
        Path outFile = Files.createDirectories(tmp.resolve("sub")).resolve("out.yaml");
        Cli.Run r = Cli.run("convert", in.toString(), "--no-check", "--output-file", outFile.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(outFile)).startsWith("apiVersion: projectcontour.io/v1\nkind: HTTPProxy\n");
        try (var left = Files.list(outFile.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("out.yaml");
        }
    }

    @Test
    void refusesBadInputWithItsLocationAndWritesNoOutputFile() throws IOException {
        Path in = Files.writeString(tmp.resolve("in.yaml"), PROXY.replace("port: 80\n---", "port: eighty\n---"));
        Path outFile = tmp.resolve("out.yaml");
        Cli.Run r = Cli.run("convert", in.toString(), "--output-file", outFile.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(in + ":14:");
        assertThat(outFile).doesNotExist();
    }

    @Test
    void refusesAnUnknownEncodingAsAUsageError() {
        Cli.Run r = Cli.run("convert", "x.yaml", "-o", "toml");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("expected yaml or json");
    }

    @Test
    void reportsALossyMappingAtItsLocation() throws IOException {
        String lossy = ROUTE.replace("""
                        - name: s1
                          port: 80
                """, """
                        - name: s1
                          port: 80
                          strategy: Random
                        - name: s2
                          port: 80
                          strategy: Cookie
                """);
        Path in = Files.writeString(tmp.resolve("in.yaml"), lossy);
        Cli.Run r = Cli.run("convert", in.toString(), "--no-check");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).startsWith(in + ":17:21: IngressRoute default/app: strategy \"Cookie\" of service \"s2\" cannot be applied");
    }

    /** A request routed differently exits 1 and names the request: a strategy HTTPProxy cannot keep per service. */
    @Test
    void exitsOneAndPrintsEachRequestThatWouldBeRoutedDifferently() throws IOException {
        String input = PROXY.substring(PROXY.indexOf("apiVersion: v1")) + "---\n" + ROUTE.replace("""
                        - name: s1
                          port: 80
                """, """
                        - name: s1
                          port: 80
                          strategy: Random
                        - name: s1
                          port: 80
                          strategy: Cookie
                """);
        Path in = Files.writeString(tmp.resolve("in.yaml"), input);
        Cli.Run r = Cli.run("convert", in.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).containsPattern("(?m)^GET https?://app\\.example\\.com/: [a-z ]+: original .*, converted .*$");
        assertThat(r.err()).containsPattern("(?m)^contour: the conversion is not equivalent: \\d+ requests? (is|are) routed differently$");
        assertThat(r.out()).contains("kind: HTTPProxy");
    }
}

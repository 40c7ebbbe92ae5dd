package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages that help: each error once, with the route or include it is about and what exists nearby. */
class StatusHintsTest {

    @TempDir
    Path tmp;

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: kuard, namespace: default}
            spec:
              ports: [{name: http, port: 80}]
            """;

    private static final String ROUTES_TO_MISSING = """
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata: {name: web, namespace: default}
            spec:
              virtualhost: {fqdn: web.example.com}
              includes:
              - name: blgo
              routes:
              - conditions: [{prefix: /a}]
                services: [{name: kuarde, port: 80}]
              - conditions: [{prefix: /b}]
                services: [{name: kuarde, port: 80}]
              - conditions: [{prefix: /c}]
                services: [{name: kuard, port: 8080}]
              - conditions: [{prefix: /d}]
                services: [{name: kuarde, port: 80}]
            """;

    private static final String BLOG = """
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata: {name: blog, namespace: default}
            spec:
              routes:
              - services: [{name: kuard, port: 80}]
            """;

    private Path write(String text) throws IOException {
        Path p = tmp.resolve("in.yaml");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void statusListsEachErrorOnceWithItsRoutesAndAHint() throws IOException {
        Path in = write(SERVICE + "---\n" + ROUTES_TO_MISSING + "---\n" + BLOG);
        Cli.Run r = Cli.run("status", in.toString());
        assertThat(r.exit()).isEqualTo(1);
        String notFound = "Spec.Routes unresolved service reference: service \"default/kuarde\" not found";
        assertThat(r.out()).contains("HTTPProxy default/web: invalid\n");
        // upstream's message first, then the hint, then the places
        assertThat(r.out()).contains("  - " + notFound + " (did you mean default/kuard?) "
                + "[spec.routes[0].services[0], spec.routes[1].services[0], spec.routes[3].services[0]]\n");
        assertThat(r.out().split(java.util.regex.Pattern.quote(notFound), -1)).hasSize(2);
        assertThat(r.out()).contains("port \"8080\" on service \"default/kuard\" not matched (the Service's ports: http 80) "
                + "[spec.routes[2].services[0]]");
        assertThat(r.out()).contains("include default/blgo not found (did you mean default/blog?) [spec.includes[0]]");
    }

    @Test
    void theStatusItselfStaysUpstreamsWordForWord() throws IOException {
        Path in = write(SERVICE + "---\n" + ROUTES_TO_MISSING + "---\n" + BLOG);
        Cli.Run r = Cli.run("status", in.toString(), "-o", "yaml");
        assertThat(r.out()).doesNotContain("did you mean").doesNotContain("spec.routes[");
        // upstream repeats an error for every route it is about; -o yaml shows the status as upstream writes it
        assertThat(r.out().split("service \\\\\"default/kuarde\\\\\"", -1).length - 1).isEqualTo(3);
    }

    @Test
    void renderPrintsTheSameHelpfulLineOnStderr() throws IOException {
        Path in = write(SERVICE + "---\n" + ROUTES_TO_MISSING + "---\n" + BLOG);
        Cli.Run r = Cli.run("render", in.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("HTTPProxy default/web: invalid: include default/blgo not found")
                .contains("; Spec.Routes unresolved service reference: service \"default/kuarde\" not found "
                        + "(did you mean default/kuard?) [spec.routes[0].services[0], ");
        assertThat(r.err().split("kuarde", -1)).hasSize(2);
    }

    @Test
    void aSecretInAnotherNamespaceNamesTheDelegationThatWouldAllowIt() throws IOException {
        String secret = """
                apiVersion: v1
                kind: Secret
                metadata: {name: wildcard, namespace: certs}
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                """.formatted(b64("testdata/certs/wildcard.crt"), b64("testdata/certs/wildcard.key"));
        String proxy = """
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: web, namespace: default}
                spec:
                  virtualhost:
                    fqdn: web.example.com
                    tls: {secretName: certs/wildcard}
                  routes:
                  - services: [{name: kuard, port: 80}]
                """;
        Path in = write(SERVICE + "---\n" + secret + "---\n" + proxy);
        Cli.Run r = Cli.run("status", in.toString());
        assertThat(r.out()).contains("Spec.VirtualHost.TLS Secret \"certs/wildcard\" certificate delegation not permitted "
                + "(a TLSCertificateDelegation in namespace certs with delegations: [{secretName: wildcard, "
                + "targetNamespaces: [default]}] would allow it) [spec.virtualhost.tls.secretName]");
    }

    private static String b64(String file) throws IOException {
        Path p = GoldenCasesTest.root().resolve(file);
        return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(p));
    }

    @Test
    void aNameFarFromEveryOtherListsWhatThereIsInstead() {
        assertThat(StatusHints.nearby("Service", java.util.List.of("api", "web"), "shop", "payments"))
                .isEqualTo("Services in namespace shop: api, web");
        assertThat(StatusHints.nearby("Service", java.util.List.of(), "shop", "payments"))
                .isEqualTo("no Service in namespace shop");
        assertThat(StatusHints.nearby("Service", java.util.List.of("kuard", "web"), "default", "kuarde"))
                .isEqualTo("did you mean default/kuard?");
    }
}

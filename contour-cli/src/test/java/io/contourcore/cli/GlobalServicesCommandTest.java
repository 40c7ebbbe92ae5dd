package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A global service naming an ExtensionService that is not in the input stops the commands, as upstream's serve stops. */
class GlobalServicesCommandTest {

    @TempDir
    Path dir;

    private static final String PROXY = """
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata: {name: app, namespace: default}
            spec:
              virtualhost: {fqdn: app.example.com}
              routes:
              - services: [{name: app, port: 80}]
            """;

    private static final String EXTENSION = """
            ---
            apiVersion: projectcontour.io/v1alpha1
            kind: ExtensionService
            metadata: {name: ratelimit, namespace: projectcontour}
            spec:
              services: [{name: ratelimit, port: 8081}]
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void renderRefusesAMissingRateLimitExtensionServiceAndWritesNothing() throws IOException {
        Path input = write("in.yaml", PROXY);
        Path config = write("contour.yaml", "rateLimitService:\n  extensionService: projectcontour/ratelimit\n  domain: contour\n");
        Path out = dir.resolve("out.yaml");
        Cli.Run r = Cli.run("render", input.toString(), "--config", config.toString(), "--output-file", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(config + ": error getting extension service projectcontour/ratelimit: "
                + "extensionservices.projectcontour.io \"ratelimit\" not found");
        assertThat(out).doesNotExist();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void statusRefusesAMissingGlobalAuthExtensionService() throws IOException {
        Path input = write("in.yaml", PROXY);
        Path config = write("contour.yaml", "globalExtAuth:\n  extensionService: auth/extension\n");
        Cli.Run r = Cli.run("status", input.toString(), "--config", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("error getting extension service auth/extension");
    }

    @Test
    void serveRefusesToStartLikeUpstreamAndBindsNothing() throws Exception {
        Path input = write("in.yaml", PROXY);
        Path config = write("contour.yaml", "rateLimitService:\n  extensionService: projectcontour/ratelimit\n  domain: contour\n");
        int xdsPort = freePort();
        int httpPort = freePort();
        ServeHarness.Failed run = ServeHarness.startExpectingExit(input.toString(), "--config", config.toString(),
                "--xds-port", "" + xdsPort, "--http-port", "" + httpPort);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("error getting extension service projectcontour/ratelimit");
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", xdsPort));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    @Test
    void renderProgramsTheRateLimitFilterOnceTheExtensionServiceIsThere() throws IOException {
        Path input = write("in.yaml", PROXY + EXTENSION);
        Path config = write("contour.yaml", "rateLimitService:\n  extensionService: projectcontour/ratelimit\n  domain: contour\n");
        Cli.Run r = Cli.run("render", input.toString(), "--config", config.toString(), "--format", "xds");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("name: envoy.filters.http.ratelimit", "cluster_name: extension/projectcontour/ratelimit");
    }
}

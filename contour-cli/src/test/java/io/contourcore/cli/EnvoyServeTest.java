package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * A real Envoy, booted from {@code contour bootstrap}, driven by {@code contour serve --watch}: requests go through
 * it to a backend this test runs, and it follows an edit of the input. Runs the binary {@code ENVOY_BIN} names, or
 * {@value #IMAGE} where a Docker engine answers; skipped (with the reason) where neither exists.
 */
@Timeout(300)
class EnvoyServeTest {

    static final String IMAGE = "envoyproxy/envoy:v1.38.3";
    static final String UNAVAILABLE = "no Envoy to drive: set ENVOY_BIN to an envoy binary, or run where a Docker "
            + "engine answers (Testcontainers pulls " + IMAGE + ")";
    /** Upstream's default Envoy HTTP listener port. */
    static final int ENVOY_HTTP_PORT = 8080;
    static final Duration CONVERGE = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    static String inputs(String backendIp, int backendPort, String ingressHost) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: echo, namespace: default}
                spec:
                  ports: [{name: http, port: 80, targetPort: %2$d}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: echo-1
                  namespace: default
                  labels: {kubernetes.io/service-name: echo}
                addressType: IPv4
                ports: [{name: http, port: %2$d, protocol: TCP}]
                endpoints:
                - addresses: ["%1$s"]
                  conditions: {ready: true}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: echo, namespace: default}
                spec:
                  rules:
                  - host: %3$s
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend: {service: {name: echo, port: {number: 80}}}
                ---
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: echo-proxy, namespace: default}
                spec:
                  virtualhost: {fqdn: proxy.example.com}
                  routes:
                  - conditions: [{prefix: /}]
                    services: [{name: echo, port: 80}]
                """.formatted(backendIp, backendPort, ingressHost);
    }

    @Test
    void envoyBootedFromBootstrapRoutesThroughServeAndFollowsAnEdit() throws Exception {
        String bin = System.getenv("ENVOY_BIN");
        boolean binary = bin != null && !bin.isBlank() && Files.isExecutable(Path.of(bin));
        assumeTrue(binary || dockerAnswers(), UNAVAILABLE);

        // The API server (and the loader) refuse loopback endpoint addresses, so the backend listens on every
        // interface and, for a local Envoy, the EndpointSlice names one of this host's other addresses.
        String hostIp = binary ? nonLoopbackAddress() : null;
        assumeTrue(!binary || hostIp != null, "a local Envoy needs a non-loopback IPv4 address on this host");
        HttpServer backend = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        backend.createContext("/", ex -> {
            byte[] body = ("backend saw " + ex.getRequestHeaders().getFirst("Host") + ex.getRequestURI())
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        backend.start();
        int backendPort = backend.getAddress().getPort();
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Path input = dir.resolve("echo.yaml");
        // From a container the backend is reached through Testcontainers' host tunnel, whose address inside the
        // container is only known once it runs; until then the endpoint is a documentation address (TEST-NET-1).
        Files.writeString(input, inputs("192.0.2.1", backendPort, "a.example.com"));

        try (ServeHarness serve = ServeHarness.start(dir.toString(), "--watch", "--xds-port", "0",
                "--http-port", "0")) {
            int xdsPort = serve.running.xdsPort();
            if (binary) {
                Path work = Files.createTempDirectory("envoy");
                String bootstrap = bootstrap("127.0.0.1", xdsPort, work.resolve("admin.sock").toString());
                Path config = Files.writeString(work.resolve("envoy.json"), bootstrap);
                Process envoy = new ProcessBuilder(bin, "-c", config.toString(), "--log-level", "warn",
                        "--use-dynamic-base-id")
                        .redirectErrorStream(true).redirectOutput(work.resolve("envoy.log").toFile()).start();
                try {
                    exercise("127.0.0.1", ENVOY_HTTP_PORT, input, hostIp, backendPort);
                } finally {
                    envoy.destroy();
                    envoy.waitFor(10, TimeUnit.SECONDS);
                }
            } else {
                Testcontainers.exposeHostPorts(xdsPort, backendPort);
                String bootstrap = bootstrap("host.testcontainers.internal", xdsPort, "/tmp/admin.sock", "--dns-lookup-family", "v4");
                try (GenericContainer<?> envoy = new GenericContainer<>(IMAGE)) {
                    envoy.withAccessToHost(true)
                            .withCopyToContainer(Transferable.of(bootstrap), "/tmp/envoy.json")
                            .withCommand("envoy", "-c", "/tmp/envoy.json", "--log-level", "info")
                            .withExposedPorts(ENVOY_HTTP_PORT)
                            .waitingFor(Wait.forLogMessage(".*starting main dispatch loop.*", 1)
                                    .withStartupTimeout(Duration.ofMinutes(3)));
                    envoy.start();
                    String hosts = envoy.execInContainer("cat", "/etc/hosts").getStdout();
                    Matcher m = Pattern.compile("(?m)^(\\d+\\.\\d+\\.\\d+\\.\\d+)\\s+host\\.testcontainers\\.internal")
                            .matcher(hosts);
                    assertThat(m.find()).as("host.testcontainers.internal in /etc/hosts:\n" + hosts).isTrue();
                    exercise(envoy.getHost(), envoy.getMappedPort(ENVOY_HTTP_PORT), input, m.group(1), backendPort);
                }
            }
        } finally {
            backend.stop(0);
        }
    }

    /** An IPv4 address of an interface that is up and neither loopback nor link-local, or null. */
    private static String nonLoopbackAddress() throws java.net.SocketException {
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        return null;
    }

    /** Requests through Envoy reach the backend for the Ingress and the HTTPProxy; then Envoy follows an edit. */
    private void exercise(String envoyHost, int envoyPort, Path input, String backendIp, int backendPort)
            throws Exception {
        Files.writeString(input, inputs(backendIp, backendPort, "a.example.com"));
        assertThat(awaitStatus(envoyHost, envoyPort, "a.example.com", "/ingress", 200))
                .isEqualTo("backend saw a.example.com/ingress");
        assertThat(awaitStatus(envoyHost, envoyPort, "proxy.example.com", "/proxy", 200))
                .isEqualTo("backend saw proxy.example.com/proxy");

        ServeCommandTest.atomicWrite(input, inputs(backendIp, backendPort, "b.example.com"));
        assertThat(awaitStatus(envoyHost, envoyPort, "b.example.com", "/moved", 200))
                .isEqualTo("backend saw b.example.com/moved");
        awaitStatus(envoyHost, envoyPort, "a.example.com", "/gone", 404);
    }

    private static String awaitStatus(String host, int port, String vhost, String path, int status)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port
                                + path)).header("Host", vhost).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == status) {
                    return r.body();
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Envoy never answered " + status + " for " + vhost + path + "; last: " + last);
    }

    private static String bootstrap(String xdsAddress, int xdsPort, String adminSocket, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("bootstrap", "-", "--xds-address", xdsAddress,
                "--xds-port", "" + xdsPort, "--admin-address", adminSocket));
        args.addAll(List.of(more));
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    /**
     * Testcontainers' probe tries several strategies and can take long where there is no engine, so ask it only
     * when something points at one, and give it a deadline.
     */
    private static boolean dockerAnswers() {
        String home = System.getProperty("user.home", "");
        boolean hint = System.getenv("DOCKER_HOST") != null
                || List.of(Path.of("/var/run/docker.sock"), Path.of(home, ".docker", "run", "docker.sock"),
                        Path.of(home, ".testcontainers.properties")).stream().anyMatch(Files::exists);
        if (!hint) {
            return false;
        }
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "docker-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Boolean> f = ex.submit(() -> DockerClientFactory.instance().isDockerAvailable());
            return f.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        } finally {
            ex.shutdownNow();
        }
    }
}

package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.XdsDocument;
import io.contourcore.serve.FileWatcher;
import io.contourcore.serve.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ServeCommandTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** A second Ingress (HTTPProxy is not decoded by the model yet, so the edits below use Ingresses). */
    static final String EXTRA = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: extra
              namespace: default
            spec:
              rules:
              - host: extra.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: shop
                        port:
                          number: 8080
            """;

    @TempDir
    Path tmp;

    static Path root() {
        String root = System.getProperty("contour.root");
        return root == null || root.isEmpty() ? Path.of("..") : Path.of(root);
    }

    /** An input directory: the quickstart (Ingresses, Services, EndpointSlices, a TLS Secret) and one more Ingress. */
    Path inputDir() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.copy(root().resolve("testdata/examples/quickstart.yaml"), dir.resolve("quickstart.yaml"));
        Files.writeString(dir.resolve("extra.yaml"), EXTRA);
        return dir;
    }

    /** What {@code render --format xds -o json} prints for the same input. */
    static String rendered(Path dir) {
        Cli.Run r = Cli.run("render", dir.toString(), "--format", "xds", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    static String json(XdsResources r) {
        return XdsDocument.text(XdsDocument.tree(r), XdsDocument.Encoding.JSON);
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void atomicWrite(Path target, String content) throws IOException {
        Path staged = target.resolveSibling(target.getFileName() + ".staged");
        Files.writeString(staged, content);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aClientReceivesExactlyWhatRenderPrintsForTheSameInput() throws Exception {
        Path dir = inputDir();
        String expected = rendered(dir);
        try (ServeHarness serve = ServeHarness.start(dir.toString(), "--xds-port", "0", "--http-port", "0");
             AdsTestClient client = new AdsTestClient(serve.running.xdsPort())) {
            XdsResources got = client.await(r -> !r.listeners().isEmpty(), WAIT);
            assertThat(got.secrets()).isNotEmpty();
            assertThat(got.endpoints()).isNotEmpty();
            assertThat(got.routes()).isNotEmpty();
            assertThat(json(got)).isEqualTo(expected);
            assertThat(serve.err()).contains("serving xDS version");
            assertThat(serve.stop()).isZero();
        }
    }

    @Test
    void aLargeInputBuiltOnBothCoresIsServedExactlyAsRenderPrintsIt() throws Exception {
        // 1,500 objects is above Engine.PARALLEL_MIN_OBJECTS, so serve reads, translates and checks in parallel.
        Path dir = Files.createDirectories(tmp.resolve("large"));
        Cli.Run gen = Cli.run("generate", "--objects", "1500", "--seed", "5", "--output-file", dir.resolve("w.yaml").toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        Cli.Run r = Cli.run("render", dir.toString(), "--format", "xds", "-o", "json", "--threads", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        try (ServeHarness serve = ServeHarness.start(dir.toString(), "--xds-port", "0", "--http-port", "0");
             AdsTestClient client = new AdsTestClient(serve.running.xdsPort())) {
            XdsResources got = client.await(x -> !x.listeners().isEmpty() && !x.endpoints().isEmpty(), WAIT);
            assertThat(got.routes()).hasSizeGreaterThan(1);
            assertThat(json(got)).isEqualTo(r.out());
            assertThat(serve.stop()).isZero();
        }
    }

    @Test
    void healthzAnswersOkAndMetricsExposeTheDocumentedNames() throws Exception {
        Path dir = inputDir();
        try (ServeHarness serve = ServeHarness.start(dir.toString(), "--xds-port", "0", "--http-port", "0")) {
            HttpResponse<String> health = get(serve.running.httpPort(), "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("OK\n");
            HttpResponse<String> metrics = get(serve.running.httpPort(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
            String text = metrics.body();
            for (String name : List.of("contour_dagrebuild_timestamp", "contour_dagrebuild_total",
                    "contour_dagrebuild_seconds", "contour_dag_cache_object", "contour_httpproxy",
                    "contour_httpproxy_root", "contour_httpproxy_valid", "contour_httpproxy_invalid",
                    "contour_httpproxy_orphaned", "contour_objects", "contour_xds_connected_clients",
                    "contour_xds_nacks_total", "contour_snapshot_version", "contour_snapshot_rejected_total",
                    "contour_reload_failures_total")) {
                assertThat(text).contains("# TYPE " + name + " ");
            }
            assertThat(text).contains("contour_dagrebuild_total 1\n", "contour_dagrebuild_seconds_count 1\n",
                    "contour_dag_cache_object{kind=\"Ingress\"} 3\n", "contour_dag_cache_object{kind=\"Secret\"} 1\n",
                    "contour_dag_cache_object{kind=\"Service\"} 2\n",
                    "contour_objects{kind=\"Ingress\",status=\"valid\"} 3\n",
                    "contour_snapshot_version " + serve.running.xds().version() + "\n");
            assertThat(get(serve.running.httpPort(), "/nothing").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void watchPublishesEditsAndRenamesKeepsTheLastGoodOnABrokenEditAndRecoversWhenFixed() throws Exception {
        Path dir = inputDir();
        Path quickstart = dir.resolve("quickstart.yaml");
        Path extra = dir.resolve("extra.yaml");
        try (ServeHarness serve = ServeHarness.start(dir.toString(), "--watch", "--xds-port", "0",
                "--http-port", "0");
             AdsTestClient client = new AdsTestClient(serve.running.xdsPort())) {
            client.await(r -> json(r).equals(rendered(dir)), WAIT);
            String routesBefore = client.version(AdsTestClient.ROUTE);

            // An edit in place: a new endpoint address reaches the client.
            Files.writeString(quickstart, Files.readString(quickstart).replace("10.244.1.21", "10.244.1.99"));
            XdsResources edited = client.await(r -> json(r).contains("10.244.1.99"), WAIT);
            assertThat(json(edited)).isEqualTo(rendered(dir));

            // An atomic rename: the extra Ingress now answers another name.
            atomicWrite(extra, EXTRA.replace("extra.example.com", "renamed.example.com"));
            XdsResources renamed = client.await(r -> json(r).contains("renamed.example.com"), WAIT);
            assertThat(json(renamed)).isEqualTo(rendered(dir)).doesNotContain("extra.example.com");
            assertThat(client.version(AdsTestClient.ROUTE)).isNotEqualTo(routesBefore);
            long goodVersion = serve.running.xds().version();
            String goodJson = json(renamed);

            // A broken edit: reported with file and line, counted, and the last good snapshot keeps serving.
            Files.writeString(extra, "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: [x\n");
            Metrics metrics = serve.running.metrics();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of()) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of())).isEqualTo(1);
            assertThat(serve.err()).containsPattern("extra\\.yaml:\\d+:\\d+: ")
                    .contains("reload failed: 1 problem in the input; still serving version " + goodVersion);
            assertThat(get(serve.running.httpPort(), "/metrics").body())
                    .contains("\ncontour_reload_failures_total 1\n");
            assertThat(get(serve.running.httpPort(), "/healthz").statusCode()).isEqualTo(200);
            assertThat(serve.running.xds().version()).isEqualTo(goodVersion);
            assertThat(json(client.resources())).isEqualTo(goodJson);

            // Fixed again: a new version goes out.
            Files.writeString(extra, EXTRA.replace("extra.example.com", "fixed.example.com"));
            XdsResources fixed = client.await(r -> json(r).contains("fixed.example.com"), WAIT);
            assertThat(json(fixed)).isEqualTo(rendered(dir));
            assertThat(serve.running.xds().version()).isGreaterThan(goodVersion);
            assertThat(metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of())).isEqualTo(1);
            assertThat(serve.stop()).isZero();
        }
    }

    @Test
    void deletingEveryWatchedFileKeepsTheLastGoodConfigurationAndAnExplicitEmptyFileStillEmptiesIt()
            throws Exception {
        Path dir = inputDir();
        try (ServeHarness serve = ServeHarness.start(dir.toString(), "--watch", "--xds-port", "0",
                "--http-port", "0");
             AdsTestClient client = new AdsTestClient(serve.running.xdsPort())) {
            XdsResources good = client.await(r -> json(r).equals(rendered(dir)), WAIT);
            long goodVersion = serve.running.xds().version();
            Metrics metrics = serve.running.metrics();

            // A botched deploy script: every manifest goes (a log file left behind is not an input).
            Files.writeString(dir.resolve("deploy.log"), "rm -f *.yaml\n");
            Files.delete(dir.resolve("quickstart.yaml"));
            Files.delete(dir.resolve("extra.yaml"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of()) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of())).isEqualTo(1);
            assertThat(serve.err()).contains("reload failed: no input file is left in " + dir,
                    "an empty file would empty the configuration); still serving version " + goodVersion);
            assertThat(serve.running.xds().version()).isEqualTo(goodVersion);
            assertThat(json(client.resources())).isEqualTo(json(good));
            assertThat(serve.running.xds().resources().routes()).isNotEmpty();

            // An input file that is there but empty says "serve nothing", and is obeyed.
            Files.writeString(dir.resolve("empty.yaml"), "# nothing to route any more\n");
            XdsResources emptied = client.await(r -> r.clusters().isEmpty() && r.secrets().isEmpty(), WAIT);
            assertThat(json(emptied)).isEqualTo(rendered(dir));
            assertThat(serve.running.xds().version()).isGreaterThan(goodVersion);
            assertThat(metrics.value(Metrics.RELOAD_FAILURES_TOTAL, Map.of())).isEqualTo(1);
            assertThat(serve.stop()).isZero();
        }
    }

    @Test
    void watchIgnoresFilesTheLoaderDoesNotRead() throws Exception {
        Path dir = inputDir();
        try (ServeHarness serve = ServeHarness.start(dir.toString(), "--watch", "--xds-port", "0",
                "--http-port", "0")) {
            Metrics metrics = serve.running.metrics();
            assertThat(metrics.value(Metrics.DAG_REBUILD_TOTAL, Map.of())).isEqualTo(1);
            Files.writeString(dir.resolve("serve.log"), "a log written next to the inputs\n");
            Files.writeString(dir.resolve("extra.yaml"), EXTRA.replace("extra.example.com", "more.example.com"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (metrics.value(Metrics.DAG_REBUILD_TOTAL, Map.of()) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Both changes may land in one holdoff window or two; only the manifest causes a rebuild either way.
            Thread.sleep(2 * FileWatcher.HOLDOFF_MAX_DELAY.toMillis());
            assertThat(metrics.value(Metrics.DAG_REBUILD_TOTAL, Map.of())).isEqualTo(2);
            Files.writeString(dir.resolve("serve.log"), "another line\n", StandardOpenOption.APPEND);
            Thread.sleep(4 * FileWatcher.HOLDOFF_MAX_DELAY.toMillis());
            assertThat(metrics.value(Metrics.DAG_REBUILD_TOTAL, Map.of())).isEqualTo(2);
        }
    }

    @Test
    void badInputAtStartupExitsTwoPrintsTheProblemAndBindsNothing() throws Exception {
        Path bad = root().resolve("testdata/cases/errors/malformed-yaml/input.yaml");
        int xdsPort = freePort();
        int httpPort = freePort();
        ServeHarness.Failed run = ServeHarness.startExpectingExit(bad.toString(), "--xds-port", "" + xdsPort,
                "--http-port", "" + httpPort);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).containsPattern("input\\.yaml:\\d+:\\d+: ").contains("nothing is served");
        assertThat(bindable(xdsPort)).isTrue();
        assertThat(bindable(httpPort)).isTrue();
    }

    @Test
    void tracingToAMissingExtensionServiceStopsStartupAsUpstreamsServeDoes() throws Exception {
        Path dir = inputDir();
        Path config = Files.writeString(tmp.resolve("contour.yaml"), "tracing:\n  extensionService: projectcontour/otel\n");
        int xdsPort = freePort();
        ServeHarness.Failed run = ServeHarness.startExpectingExit(dir.toString(), "--config", config.toString(),
                "--xds-port", "" + xdsPort, "--http-port", "0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(config + ": error getting extension service projectcontour/otel: "
                + "extensionservices.projectcontour.io \"otel\" not found").contains("nothing is served");
        assertThat(bindable(xdsPort)).isTrue();
    }

    @Test
    void onlySomeTlsFlagsIsAUsageErrorWithUpstreamsMessage() throws Exception {
        Path dir = inputDir();
        ServeHarness.Failed run = ServeHarness.startExpectingExit(dir.toString(), "--xds-port", "0",
                "--http-port", "0", "--contour-cafile", dir.resolve("ca.crt").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("you must supply all three TLS parameters");
    }

    @Test
    void watchingStandardInputIsRefused() throws Exception {
        ServeHarness.Failed run = ServeHarness.startExpectingExit("-", "--watch", "--xds-port", "0",
                "--http-port", "0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--watch cannot watch standard input");
    }

    @Test
    void aPortAlreadyInUseIsReportedWithExitTwo() throws Exception {
        Path dir = inputDir();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            ServeHarness.Failed run = ServeHarness.startExpectingExit(dir.toString(), "--xds-port",
                    "" + taken.getLocalPort(), "--http-port", "0");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("cannot serve xDS on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void helpListsTheServeFlags() {
        Cli.Run r = Cli.run("serve", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--xds-address", "--xds-port", "--http-address", "--http-port", "--watch",
                "--contour-cafile", "--contour-cert-file", "--contour-key-file", "--max-message-bytes", "--config",
                "--ingress-class-name", "--root-namespaces", "--cluster-domain");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

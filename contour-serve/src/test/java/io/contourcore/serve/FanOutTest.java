package io.contourcore.serve;

import static io.contourcore.serve.SotwClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.contourcore.xds.XdsResources;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved file reaches every connected Envoy: the watcher publishes, and each of many ADS streams on shared
 * connections is sent the new version of every type that changed and ACKs it. The speed of this lives in
 * {@code benchmarks/.../FanOutBenchmark} (1,000 clients); this proves the result at a size a test run affords.
 */
class FanOutTest {

    private static final int CLIENTS = 50;
    private static final int CHANNELS = 5;
    private static final List<String> TYPES = List.of(ResourceNames.CLUSTER, ResourceNames.ENDPOINT,
            ResourceNames.LISTENER, ResourceNames.ROUTE, ResourceNames.SECRET);

    @TempDir
    Path dir;

    /** The "input": one line of cluster names, each routed to from both listeners. */
    private static XdsResources config(Path file) throws Exception {
        return Fixtures.config(Files.readString(file).trim().split(" "));
    }

    @Test
    void everyClientIsSentAndAcksTheVersionASavedFileProduces() throws Exception {
        fanOut(XdsServer.SEND_BUDGET_BYTES, "");
    }

    @Test
    void everyClientIsServedWhenTheSendBudgetLetsOnlyAFewResponsesOutAtATime() throws Exception {
        // 300 more clusters make the responses larger than gRPC's 32 KiB readiness threshold, so a send leaves the
        // stream not ready and only gRPC's readiness frees the budget (256 KiB: a few responses); were it not, every
        // wait would last the stale time and the clients would not be served within the awaits.
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            more.append(" ns/extra-").append(i).append("/80");
        }
        XdsServer server = fanOut(256 << 10, more.toString());
        assertThat(server.sendBudget().waits()).isPositive();
    }

    private XdsServer fanOut(long sendBudgetBytes, String moreClusters) throws Exception {
        Path input = Files.writeString(dir.resolve("clusters.txt"), "ns/a/80 ns/b/80" + moreClusters + "\n");
        int clusters = 3 + (moreClusters.isBlank() ? 0 : moreClusters.trim().split(" ").length);
        Metrics metrics = new Metrics();
        List<ManagedChannel> channels = new ArrayList<>();
        List<SotwClient> clients = new ArrayList<>();
        try (XdsServer server = XdsServer.start(XdsServerOptions.defaults().withPort(0)
                        .withSettleTimeout(Duration.ofSeconds(20)), metrics, sendBudgetBytes);
             FileWatcher watcher = FileWatcher.start(List.of(dir), false, changed -> server.update(config(input)),
                     metrics)) {
            server.update(config(input));
            for (int i = 0; i < CHANNELS; i++) {
                channels.add(NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build());
            }
            for (int i = 0; i < CLIENTS; i++) {
                SotwClient c = SotwClient.ads(channels.get(i % CHANNELS), "envoy-" + i, true);
                clients.add(c);
                c.subscribe(ResourceNames.CLUSTER, List.of());
                c.subscribe(ResourceNames.ENDPOINT, List.of());
                c.subscribe(ResourceNames.LISTENER, List.of());
                c.subscribe(ResourceNames.ROUTE, List.of());
                c.subscribe(ResourceNames.SECRET, List.of("default/tls"));
            }
            awaitAllAccept(server, clients);
            Map<String, String> first = server.typeVersions();

            // A new cluster routed to: clusters, endpoints and both route configurations change, in the
            // make-before-break steps; listeners and the secret do not.
            Path tmp = dir.resolve(".clusters.tmp");
            Files.writeString(tmp, "ns/a/80 ns/b/80 ns/c/80" + moreClusters + "\n");
            Files.move(tmp, input, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            await(() -> !server.typeVersions().get(ResourceNames.ROUTE).equals(first.get(ResourceNames.ROUTE))
                    && server.resources().clusters().size() == clusters, "the watcher to publish the saved file");
            awaitAllAccept(server, clients);

            Map<String, String> now = server.typeVersions();
            for (String t : List.of(ResourceNames.CLUSTER, ResourceNames.ENDPOINT, ResourceNames.ROUTE)) {
                assertThat(now.get(t)).as(t).isNotEqualTo(first.get(t));
            }
            for (SotwClient c : clients) {
                assertThat(c.error).isNull();
                assertThat(c.names(ResourceNames.CLUSTER)).contains("ns/a/80", "ns/b/80", "ns/c/80").hasSize(clusters);
                assertThat(c.names(ResourceNames.ENDPOINT)).contains("ns/c/80");
                assertThat(c.log.stream().filter(r -> r.typeUrl().equals(ResourceNames.ROUTE)
                        && r.version().equals(now.get(ResourceNames.ROUTE)))).isNotEmpty();
            }
            // The server's own record: every stream answered the new version of every type it subscribes to.
            Map<String, StreamTracker.Target> targets = new LinkedHashMap<>();
            XdsResources served = server.resources();
            targets.put(ResourceNames.CLUSTER, target(now, ResourceNames.CLUSTER, served.clusters().stream()
                    .map(x -> x.getName()).toList()));
            targets.put(ResourceNames.ENDPOINT, target(now, ResourceNames.ENDPOINT, served.endpoints().stream()
                    .map(x -> x.getClusterName()).toList()));
            targets.put(ResourceNames.ROUTE, target(now, ResourceNames.ROUTE, served.routes().stream()
                    .map(x -> x.getName()).toList()));
            assertThat(server.tracker().awaitSettled(targets, Duration.ofSeconds(10))).isEmpty();
            assertThat(metrics.value(Metrics.XDS_NACKS_TOTAL, Map.of("type_url", ResourceNames.ROUTE))).isZero();
            return server;
        } finally {
            clients.forEach(SotwClient::close);
            for (ManagedChannel ch : channels) {
                ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static StreamTracker.Target target(Map<String, String> versions, String type, List<String> names) {
        return new StreamTracker.Target(versions.get(type), Set.copyOf(names), Set.of());
    }

    private static void awaitAllAccept(XdsServer server, List<SotwClient> clients) throws InterruptedException {
        for (SotwClient c : clients) {
            await(() -> {
                Map<String, String> want = server.typeVersions();
                return TYPES.stream().allMatch(t -> want.get(t).equals(c.accepted.get(t)));
            }, "every client to accept the served versions");
        }
    }
}

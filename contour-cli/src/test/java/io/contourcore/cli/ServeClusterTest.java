package io.contourcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contourcore.model.Kind;
import io.contourcore.serve.Metrics;
import io.contourcore.xds.XdsResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code contour serve} in a cluster, against fabric8's mock API server in CRUD mode: the status it writes back, and
 * several replicas electing the one that writes through a Lease.
 */
@Timeout(120)
@EnableKubernetesMockClient(crud = true, https = false)
class ServeClusterTest {

    // Instance fields: a fresh mock API server for every test. The mock server's event loop blocks while it closes a
    // stopped replica's watches (fabric8's WatchEventsListener waits for its executor there), so a shared server let
    // one test's shutdown stall the next test's requests past the client's timeout.
    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path tmp;

    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> PROXIES = Map.of("kind", "HTTPProxy");

    /** Test-only timings: a 2 s lease, so a takeover is seen in seconds. */
    static final Duration LEASE = Duration.ofSeconds(2);
    static final List<String> FAST_ELECTION = List.of("--leader-election-lease-duration", "2s",
            "--leader-election-renew-deadline", "1500ms", "--leader-election-retry-period", "200ms");

    /** A root HTTPProxy {@code NAME.example.com} in default routing to SERVICE port 80. */
    static String proxy(String name, String service) {
        return """
                apiVersion: projectcontour.io/v1
                kind: HTTPProxy
                metadata: {name: %s, namespace: default}
                spec:
                  virtualhost: {fqdn: %s.example.com}
                  routes:
                  - services: [{name: %s, port: 80}]
                """.formatted(name, name, service);
    }

    /** One valid proxy and one whose Service is missing. */
    static final String PROXIES_YAML = proxy("app", "kuard") + "---\n" + proxy("broken", "missing");

    String[] args(String... more) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("--kubeconfig",
                MockCluster.kubeconfig(tmp, client).toString(), "--xds-port", "0", "--http-port", "0"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    JsonNode object(Kind kind, String name) {
        GenericKubernetesResource o = client.genericKubernetesResources(KubernetesSource.context(kind))
                .inNamespace("default").withName(name).get();
        return o == null ? JSON.nullNode() : JSON.valueToTree(o);
    }

    JsonNode status(Kind kind, String name) {
        return object(kind, name).path("status");
    }

    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    static double count(ServeHarness s, String metric) {
        return s.running.metrics().value(metric, PROXIES);
    }

    /** Status writes of HTTPProxies that reached the API server (successes that were not no-ops). */
    static double writes(ServeHarness s) {
        return count(s, Metrics.STATUS_UPDATE_SUCCESS_TOTAL) - count(s, Metrics.STATUS_UPDATE_NOOP_TOTAL);
    }

    static boolean leads(ServeHarness s, String lease) {
        return s.running.metrics().value(Metrics.LEADER_ELECTION_MASTER_STATUS, Map.of("name", lease)) == 1;
    }

    @Test
    void theStatusContourStatusComputesIsWrittenOnEachObjectOnlyWhenItChangesAndSurvivesAConflict()
            throws Exception {
        String quickstart = Files.readString(ServeCommandTest.root().resolve("testdata/examples/quickstart.yaml"));
        MockCluster.apply(client, quickstart);
        MockCluster.apply(client, PROXIES_YAML);
        MockCluster.apply(client, proxy("elsewhere", "kuard").replace("spec:\n", "spec:\n  ingressClassName: other\n"));

        try (ServeHarness serve = ServeHarness.start(args("--disable-leader-election",
                "--ingress-status-address", "192.0.2.10, lb.example.com"))) {
            await("both HTTPProxies have a status", () -> status(Kind.HTTP_PROXY, "app").has("currentStatus")
                    && status(Kind.HTTP_PROXY, "broken").has("currentStatus"));
            JsonNode app = object(Kind.HTTP_PROXY, "app");
            long generation = app.path("metadata").path("generation").asLong(0);
            JsonNode valid = app.path("status").path("conditions").get(0);
            assertThat(app.path("status").path("currentStatus").asText()).isEqualTo("valid");
            assertThat(app.path("status").path("description").asText()).isEqualTo("Valid HTTPProxy");
            assertThat(valid.path("type").asText()).isEqualTo("Valid");
            assertThat(valid.path("status").asText()).isEqualTo("True");
            assertThat(valid.path("reason").asText()).isEqualTo("Valid");
            assertThat(valid.path("message").asText()).isEqualTo("Valid HTTPProxy");
            assertThat(valid.path("observedGeneration").asLong(-1)).isEqualTo(generation);
            assertThat(valid.path("lastTransitionTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(app.path("status").path("loadBalancer").path("ingress").toString())
                    .isEqualTo("[{\"ip\":\"192.0.2.10\"},{\"hostname\":\"lb.example.com\"}]");

            JsonNode broken = status(Kind.HTTP_PROXY, "broken");
            assertThat(broken.path("currentStatus").asText()).isEqualTo("invalid");
            assertThat(broken.path("conditions").get(0).path("status").asText()).isEqualTo("False");
            assertThat(broken.path("conditions").get(0).path("errors").get(0).path("message").asText())
                    .contains("missing");
            // Beyond upstream's HTTPProxy status, the Ingresses of the handled class get the load balancer too.
            await("the Ingress has its load balancer", () -> status(Kind.INGRESS, "kuard").path("loadBalancer")
                    .path("ingress").size() == 2);

            // Writing the status is itself a change the informers see; the rebuild it causes writes nothing.
            await("a pass found nothing to write", () -> count(serve, Metrics.STATUS_UPDATE_NOOP_TOTAL) >= 2);
            double written = writes(serve);
            String appVersion = object(Kind.HTTP_PROXY, "app").path("metadata").path("resourceVersion").asText();
            double noops = count(serve, Metrics.STATUS_UPDATE_NOOP_TOTAL);
            MockCluster.apply(client, """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: unrelated, namespace: default}
                    spec:
                      ports: [{name: http, port: 80}]
                    """);
            await("the rebuild after an unrelated change was written",
                    () -> count(serve, Metrics.STATUS_UPDATE_NOOP_TOTAL) >= noops + 2);
            assertThat(writes(serve)).isEqualTo(written);
            assertThat(object(Kind.HTTP_PROXY, "app").path("metadata").path("resourceVersion").asText())
                    .isEqualTo(appVersion);
            assertThat(status(Kind.HTTP_PROXY, "app").path("conditions").get(0).path("lastTransitionTime"))
                    .isEqualTo(valid.path("lastTransitionTime"));

            // Someone else wrote the object first: the API server answers 409 once, the writer re-reads and applies.
            server.expect().put().withPath("/apis/projectcontour.io/v1/namespaces/default/httpproxies/app/status")
                    .andReturn(409, Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure",
                            "reason", "Conflict", "code", 409, "message", "the object has been modified"))
                    .once();
            MockCluster.apply(client, PROXIES_YAML.replace("name: kuard", "name: nowhere"));
            await("the app's new status is written", () -> status(Kind.HTTP_PROXY, "app").path("currentStatus")
                    .asText().equals("invalid"));
            assertThat(count(serve, Metrics.STATUS_UPDATE_CONFLICT_TOTAL)).isEqualTo(1);
            assertThat(count(serve, Metrics.STATUS_UPDATE_FAILED_TOTAL)).isZero();
            assertThat(status(Kind.HTTP_PROXY, "app").path("conditions").get(0).path("errors").get(0)
                    .path("message").asText()).contains("nowhere");
            // An HTTPProxy of another ingress class belongs to another controller: its status is not ours to write.
            assertThat(status(Kind.HTTP_PROXY, "elsewhere").has("currentStatus")).isFalse();
            assertThat(serve.stop()).isZero();
        }
    }

    @Test
    void ofTwoReplicasOneWritesBothServeTheSameAndTheOtherTakesOverWhenTheLeaderStops() throws Exception {
        String quickstart = Files.readString(ServeCommandTest.root().resolve("testdata/examples/quickstart.yaml"));
        MockCluster.apply(client, quickstart);
        MockCluster.apply(client, PROXIES_YAML);
        String lease = "two-replicas";
        String[] replica = args(FAST_ELECTION.toArray(String[]::new));
        List<String> withLease = new java.util.ArrayList<>(List.of(replica));
        withLease.addAll(List.of("--leader-election-resource-name", lease,
                "--leader-election-resource-namespace", "default"));

        try (ServeHarness a = ServeHarness.start(withLease.toArray(String[]::new));
             ServeHarness b = ServeHarness.start(withLease.toArray(String[]::new));
             AdsTestClient adsA = new AdsTestClient(a.running.xdsPort());
             AdsTestClient adsB = new AdsTestClient(b.running.xdsPort())) {
            await("one replica leads", () -> leads(a, lease) || leads(b, lease));
            ServeHarness leader = leads(a, lease) ? a : b;
            ServeHarness follower = leader == a ? b : a;
            await("the leader took on the HTTPProxies' status", () -> count(leader, Metrics.STATUS_UPDATE_TOTAL) >= 2);
            assertThat(leads(follower, lease)).isFalse();
            assertThat(count(follower, Metrics.STATUS_UPDATE_TOTAL)).isZero();

            // Every replica serves Envoys, from its own informers: the same resources, whoever leads.
            XdsResources fromA = adsA.await(r -> !r.listeners().isEmpty(), WAIT);
            XdsResources fromB = adsB.await(r -> !r.listeners().isEmpty(), WAIT);
            assertThat(ServeCommandTest.json(fromA)).isEqualTo(ServeCommandTest.json(fromB));
            assertThat(ServeCommandTest.json(a.running.xds().resources()))
                    .isEqualTo(ServeCommandTest.json(b.running.xds().resources()));
            assertThat(readyz(a)).isEqualTo(200);
            assertThat(readyz(b)).isEqualTo(200);

            long stopped = System.nanoTime();
            assertThat(leader.stop()).isZero();
            await("the other replica leads", () -> leads(follower, lease));
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(LEASE);

            MockCluster.apply(client, proxy("later", "kuard"));
            await("the new leader writes a new object's status",
                    () -> status(Kind.HTTP_PROXY, "later").path("currentStatus").asText().equals("valid"));
            assertThat(follower.err()).contains("leading (Lease default/" + lease + ")");
        }
    }

    @Test
    void aLeaderThatLosesTheLeaseStopsWritingKeepsServingAndLeadsAgainWhenItIsFree() throws Exception {
        MockCluster.apply(client, Files.readString(ServeCommandTest.root()
                .resolve("testdata/examples/quickstart.yaml")));
        MockCluster.apply(client, PROXIES_YAML);
        String lease = "stolen";
        List<String> flags = new java.util.ArrayList<>(FAST_ELECTION);
        flags.addAll(List.of("--leader-election-resource-name", lease, "--leader-election-resource-namespace",
                "default"));
        try (ServeHarness serve = ServeHarness.start(args(flags.toArray(String[]::new)))) {
            await("it leads", () -> leads(serve, lease));
            await("it took on the HTTPProxies' status", () -> count(serve, Metrics.STATUS_UPDATE_TOTAL) >= 2);

            // Another holder takes the Lease and keeps renewing it: the replica stops leading within its deadline.
            java.util.concurrent.atomic.AtomicBoolean stealing = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread thief = new Thread(() -> {
                while (stealing.get()) {
                    try {
                        client.leases().inNamespace("default").withName(lease).edit(l -> {
                            l.getSpec().setHolderIdentity("someone-else");
                            l.getSpec().setRenewTime(java.time.ZonedDateTime.now());
                            return l;
                        });
                    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                        // The replica renewed between our read and write (409): a thief tries again, as the
                        // replica itself would.
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "lease-thief");
            thief.start();
            try {
                await("it stopped leading", () -> !leads(serve, lease));
                assertThat(serve.err()).contains("lost the lease; serving xDS, no longer writing status");
                double attempted = count(serve, Metrics.STATUS_UPDATE_TOTAL);
                long version = serve.running.xds().version();
                MockCluster.apply(client, proxy("meanwhile", "kuard"));
                await("it still serves the change", () -> serve.running.xds().version() > version);
                Thread.sleep(300);
                assertThat(count(serve, Metrics.STATUS_UPDATE_TOTAL)).isEqualTo(attempted);
                assertThat(status(Kind.HTTP_PROXY, "meanwhile").has("currentStatus")).isFalse();
            } finally {
                stealing.set(false);
                thief.join();
            }
            // The thief's lease expires: the replica, still standing, leads again and writes what it holds.
            await("it leads again", () -> leads(serve, lease));
            await("the status held back is written", () -> status(Kind.HTTP_PROXY, "meanwhile")
                    .path("currentStatus").asText().equals("valid"));
        }
    }

    @Test
    void theRbacExampleGrantsEveryKindServeReadsAndTheStatusAndLeaseVerbsItUses() throws Exception {
        String yaml = Files.readString(ServeCommandTest.root().resolve("examples/serve/rbac.yaml"));
        Map<String, java.util.Set<String>> granted = new java.util.HashMap<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            GenericKubernetesResource o = client.getKubernetesSerialization().unmarshal(doc,
                    GenericKubernetesResource.class);
            if (!o.getKind().equals("ClusterRole") && !o.getKind().equals("Role")) {
                continue;
            }
            for (JsonNode rule : JSON.valueToTree(o.getAdditionalProperties().get("rules"))) {
                for (JsonNode group : rule.get("apiGroups")) {
                    for (JsonNode resource : rule.get("resources")) {
                        rule.get("verbs").forEach(v -> granted.computeIfAbsent(group.asText() + "/"
                                + resource.asText(), k -> new java.util.TreeSet<>()).add(v.asText()));
                    }
                }
            }
        }
        for (Kind kind : Kind.values()) {
            assertThat(granted.get(kind.group() + "/" + KubernetesSource.plural(kind)))
                    .as(kind.kindName()).containsAll(List.of("get", "list", "watch"));
        }
        for (Kind kind : Kind.values()) {
            if (StatusWriter.writes(kind)) {
                String resource = kind.group() + "/" + KubernetesSource.plural(kind)
                        + (StatusWriter.hasStatusSubresource(kind) ? "/status" : "");
                assertThat(granted.get(resource)).as(resource).contains("update");
            }
        }
        assertThat(granted.get("coordination.k8s.io/leases")).containsAll(List.of("get", "create", "update",
                "patch"));
    }

    @Test
    void theGatewayApiStatusIsWrittenOnTheClassTheGatewayItsRoutesAndAnIngressRoute() throws Exception {
        MockCluster.apply(client, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: contour}
                spec: {controllerName: projectcontour.io/gateway-controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  gatewayClassName: contour
                  listeners: [{name: http, protocol: HTTP, port: 80}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: web, namespace: default}
                spec:
                  parentRefs: [{name: gw}]
                  rules: [{backendRefs: [{name: kuard, port: 80}]}]
                status:
                  parents:
                  - parentRef: {name: other-gw, namespace: elsewhere}
                    controllerName: example.com/other
                    conditions: []
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: kuard, namespace: default}
                spec:
                  ports: [{name: http, port: 80}]
                ---
                apiVersion: contour.heptio.com/v1beta1
                kind: IngressRoute
                metadata: {name: legacy, namespace: default}
                spec:
                  virtualhost: {fqdn: legacy.example.com}
                  routes:
                  - match: /
                    services: [{name: missing, port: 80}]
                """);
        try (ServeHarness serve = ServeHarness.start(args("--disable-leader-election", "--gateway", "default/gw",
                "--ingress-status-address", "192.0.2.10"))) {
            await("the route has our parent entry", () -> status(Kind.HTTP_ROUTE, "web").path("parents").size() == 2);
            JsonNode route = status(Kind.HTTP_ROUTE, "web");
            assertThat(route.at("/parents/0/parentRef/name").asText()).isEqualTo("gw");
            assertThat(route.at("/parents/0/controllerName").asText()).isEqualTo("projectcontour.io/gateway-controller");
            assertThat(route.at("/parents/0/conditions").findValuesAsText("reason")).contains("Accepted", "ResolvedRefs");
            assertThat(route.at("/parents/0/conditions/0/observedGeneration").asLong())
                    .isEqualTo(object(Kind.HTTP_ROUTE, "web").at("/metadata/generation").asLong(-1));
            assertThat(route.at("/parents/1/controllerName").asText()).isEqualTo("example.com/other");

            await("the Gateway is programmed", () -> status(Kind.GATEWAY, "gw").path("conditions").size() == 2);
            JsonNode gw = status(Kind.GATEWAY, "gw");
            assertThat(gw.at("/conditions").findValuesAsText("type")).containsExactly("Accepted", "Programmed");
            assertThat(gw.at("/listeners/0/attachedRoutes").asInt()).isEqualTo(1);
            assertThat(gw.at("/addresses").toString()).isEqualTo("[{\"type\":\"IPAddress\",\"value\":\"192.0.2.10\"}]");

            await("the class is accepted", () -> JSON.valueToTree(client.genericKubernetesResources(
                    KubernetesSource.context(Kind.GATEWAY_CLASS)).withName("contour").get())
                    .at("/status/conditions/0/reason").asText().equals("Accepted"));

            await("the IngressRoute has its status", () -> status(Kind.INGRESS_ROUTE, "legacy")
                    .path("currentStatus").asText().equals("invalid"));
            assertThat(status(Kind.INGRESS_ROUTE, "legacy").path("description").asText()).contains("missing");
            assertThat(serve.stop()).isZero();
        }
    }

    @Test
    void theEnvoyServicesLoadBalancerIsCopiedToTheIngressesOfTheHandledClass() throws Exception {
        MockCluster.apply(client, Files.readString(ServeCommandTest.root()
                .resolve("testdata/examples/quickstart.yaml")));
        MockCluster.apply(client, """
                apiVersion: v1
                kind: Service
                metadata: {name: envoy, namespace: projectcontour}
                spec:
                  type: LoadBalancer
                  ports: [{name: http, port: 80}]
                status:
                  loadBalancer:
                    ingress: [{ip: 203.0.113.7, ipMode: VIP, ports: [{port: 80, protocol: TCP}]}]
                """);
        try (ServeHarness serve = ServeHarness.start(args("--disable-leader-election"))) {
            await("the Ingress has the Envoy Service's address", () -> status(Kind.INGRESS, "shop")
                    .path("loadBalancer").toString()
                    .equals("{\"ingress\":[{\"ip\":\"203.0.113.7\",\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}]}]}"));
        }
    }

    @Test
    void aReplicaServingTheClusterIsReadyAndLiveOnceItServes() throws Exception {
        MockCluster.apply(client, Files.readString(ServeCommandTest.root()
                .resolve("testdata/examples/quickstart.yaml")));
        try (ServeHarness serve = ServeHarness.start(args("--disable-leader-election"))) {
            assertThat(readyz(serve)).isEqualTo(200);
            assertThat(get(serve, "/healthz")).isEqualTo(200);
            assertThat(serve.err()).contains("leader election disabled: writing status");
        }
    }

    @Test
    void leaderElectionTimingsThatCannotWorkAreBadInput() throws Exception {
        ServeHarness.Failed run = ServeHarness.startExpectingExit(args("--leader-election-lease-duration", "5s",
                "--leader-election-renew-deadline", "10s"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--leader-election-lease-duration must be greater than "
                + "--leader-election-renew-deadline");
        ServeHarness.Failed bad = ServeHarness.startExpectingExit(args("--leader-election-retry-period", "soon"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid --leader-election-retry-period soon");
    }

    @Test
    void anIngressStatusAddressListIsReadAsUpstreamReadsIt() {
        assertThat(StatusWriter.LoadBalancer.parse(List.of("10.0.0.1", "2001:db8::1", "lb.example.com")).toString())
                .isEqualTo("[{\"ip\":\"10.0.0.1\"},{\"ip\":\"2001:db8::1\"},{\"hostname\":\"lb.example.com\"}]");
    }

    static int readyz(ServeHarness s) throws Exception {
        return get(s, "/readyz");
    }

    static int get(ServeHarness s, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + s.running.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}

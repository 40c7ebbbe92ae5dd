package io.contourcore.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contourcore.model.Bytes;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.Timeout;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DagDocumentTest {

    private static final String PRIVATE_KEY = """
            -----BEGIN PRIVATE KEY-----
            MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCxXFzOV1a5CSOl
            -----END PRIVATE KEY-----
            """;

    // Records unknown to DagDocument: the walk must handle them from their components alone.
    enum Colour { RED, GREEN }

    record Inner(String label, int count) {}

    record Probe(String name, int port, boolean on, Colour colour, Inner inner, List<String> tags,
            Map<String, String> labels, Timeout timeout, Duration every, ObjectRef from, double ratio, long big) {}

    record WithBytes(byte[] raw) {}

    record WithBoxes(Boolean flag, Integer number, String text) {}

    private static ObjectRef proxy(String ns, String name) {
        return new ObjectRef(Kind.HTTP_PROXY, ns, name);
    }

    private static Dag.Cluster cluster(String ns, String name, int port) {
        return Dag.Cluster.of(new Dag.Service(
                new Dag.WeightedService(1, ns, name, new Dag.ServicePort("http", port, "TCP", ""), null), "", null, ""));
    }

    private static Dag.Route route(String prefix, ObjectRef source, String service) {
        return Dag.Route.builder(new Dag.PrefixMatch(prefix, Dag.PrefixType.SEGMENT), source)
                .addCluster(cluster("default", service, 80)).build();
    }

    @Test
    void walksARecordItHasNeverSeenThroughItsComponents() {
        Probe p = new Probe("web", 8080, true, Colour.GREEN, new Inner("x", 2), List.of("a", "b"),
                Map.of("z", "1", "a", "2"), Timeout.of(Duration.ofSeconds(90)), Duration.ofMillis(1500),
                proxy("team", "child"), 0.5, 7L);

        Map<String, Object> want = new LinkedHashMap<>();
        want.put("name", "web");
        want.put("port", 8080L);
        want.put("on", true);
        want.put("colour", "GREEN");
        want.put("inner", Map.of("label", "x", "count", 2L));
        want.put("tags", List.of("a", "b"));
        want.put("labels", Map.of("a", "2", "z", "1"));
        want.put("timeout", "1m30s");
        want.put("every", "1.5s");
        want.put("from", "HTTPProxy team/child");
        want.put("ratio", 0.5);
        want.put("big", 7L);
        Map<String, Object> doc = m(DagDocument.node(p));
        assertThat(doc).isEqualTo(want);
        // Keys in component order, map keys sorted.
        assertThat(doc.keySet()).containsExactly("name", "port", "on", "colour", "inner", "tags", "labels", "timeout",
                "every", "from", "ratio", "big");
        assertThat(m(doc.get("labels")).keySet()).containsExactly("a", "z");
    }

    @Test
    void leavesOutNullEmptyAndDefaultValuesButNotABoxedFalse() {
        Probe bare = new Probe("", 0, false, null, new Inner("", 0), List.of(), Map.of(), Timeout.UNSET, Duration.ZERO,
                null, 0, 0);
        assertThat(DagDocument.node(bare)).as("a record all of whose components are left out").isNull();
        assertThat(DagDocument.tree(Dag.EMPTY)).isEqualTo(Map.of());

        assertThat(DagDocument.node(new WithBoxes(false, 0, ""))).isEqualTo(Map.of("flag", false, "number", 0L));

        Map<String, Object> r = m(DagDocument.node(route("/", proxy("default", "root"), "web")));
        assertThat(r.keySet()).containsExactly("pathMatch", "clusters", "source");
        assertThat(DagDocument.node(Timeout.DISABLED)).isEqualTo("infinity");
    }

    @Test
    void keepsEveryElementOfAListOrMapEvenAnEmptyOne() {
        Dag.HeadersPolicy headers = new Dag.HeadersPolicy("", "", Map.of("x-empty", ""), Map.of(), List.of(""));
        assertThat(DagDocument.node(headers)).isEqualTo(Map.of("add", Map.of("x-empty", ""), "remove", List.of("")));
        assertThat(DagDocument.node(List.of(new Inner("", 0)))).isEqualTo(List.of(Map.of()));
    }

    @Test
    void printsSecretDataAsLengthAndSha256NeverAsItsContent() throws Exception {
        Bytes key = Bytes.utf8(PRIVATE_KEY);
        Dag.Secret secret = new Dag.Secret(new ObjectRef(Kind.SECRET, "default", "shop-tls"),
                Map.of("tls.key", key, "tls.crt", Bytes.utf8("-----BEGIN CERTIFICATE-----\n")));

        Map<String, Object> doc = m(DagDocument.node(secret));

        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.toArray()));
        assertThat(doc.get("ref")).isEqualTo("Secret default/shop-tls");
        assertThat(m(doc.get("data")).keySet()).containsExactly("tls.crt", "tls.key");
        assertThat(m(doc.get("data")).get("tls.key")).isEqualTo(Map.of("bytes", (long) PRIVATE_KEY.length(), "sha256", sha256));
        assertThat(doc.toString()).doesNotContain("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw",
                "BEGIN CERTIFICATE", Base64.getEncoder().encodeToString(key.toArray()).substring(0, 20));
    }

    @Test
    void refusesAValueItHasNoFormForRatherThanPrintingItsToString() {
        assertThatThrownBy(() -> DagDocument.node(new WithBytes(new byte[] {1, 2})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[B");
    }

    @Test
    void aVirtualHostListsTheSourcesOfItsRoutesAndAClusterNamesItsServicePort() {
        Dag.VirtualHost vh = Dag.VirtualHost.of("app.example.com", List.of(
                route("/team", proxy("team", "child"), "app"),
                route("/", proxy("default", "root"), "web"),
                route("/team/admin", proxy("team", "child"), "app")));

        Map<String, Object> doc = m(DagDocument.node(vh));

        assertThat(doc.keySet()).startsWith("name", "sources", "routes");
        assertThat(doc.get("sources")).isEqualTo(List.of("HTTPProxy default/root", "HTTPProxy team/child"));
        List<Object> routes = l(doc.get("routes"));
        assertThat(routes).extracting(r -> m(r).get("source"))
                .containsExactly("HTTPProxy default/root", "HTTPProxy team/child", "HTTPProxy team/child");
        Map<String, Object> firstCluster = m(l(m(routes.get(0)).get("clusters")).get(0));
        assertThat(firstCluster.keySet()).startsWith("service", "upstream");
        assertThat(firstCluster.get("service")).isEqualTo("default/web:80");
    }

    @Test
    void theDocumentDoesNotDependOnTheOrderOfTheDagsLists() {
        List<Dag.Route> routes = List.of(
                route("/", proxy("default", "root"), "web"),
                route("/api", proxy("default", "root"), "api"),
                route("/api", proxy("default", "root"), "api").toBuilder().headerMatches(List.of(
                        new Dag.HeaderMatch("x-canary", "1", Dag.HeaderMatchType.EXACT, false, false, false))).build(),
                Dag.Route.builder(new Dag.ExactMatch("/healthz"), proxy("default", "root"))
                        .addCluster(cluster("default", "web", 80)).build(),
                Dag.Route.builder(new Dag.RegexMatch("/v[0-9]+/.*"), proxy("default", "root"))
                        .addCluster(cluster("default", "api", 80)).build());
        List<String> hosts = List.of("c.example.com", "a.example.com", "b.example.com");
        List<String> extensions = List.of("extension/z/authz", "extension/a/ratelimit");
        Map<String, Object> want = DagDocument.tree(dag(routes, hosts, extensions, new Random(0), false));

        for (int seed = 1; seed <= 20; seed++) {
            Map<String, Object> shuffled = DagDocument.tree(dag(routes, hosts, extensions, new Random(seed), true));
            assertThat(shuffled).as("seed %d", seed).isEqualTo(want);
            assertThat(shuffled.toString()).as("seed %d", seed).isEqualTo(want.toString());
        }

        List<Object> listeners = l(want.get("listeners"));
        assertThat(listeners).extracting(x -> m(x).get("name")).containsExactly("ingress_http", "ingress_https");
        List<Object> vhosts = l(m(listeners.get(0)).get("virtualHosts"));
        assertThat(vhosts).extracting(v -> m(v).get("name"))
                .containsExactly("a.example.com", "b.example.com", "c.example.com");
        List<Object> secure = l(m(listeners.get(1)).get("secureVirtualHosts"));
        assertThat(secure).extracting(v -> m(m(v).get("virtualHost")).get("name"))
                .containsExactly("a.example.com", "b.example.com", "c.example.com");
        assertThat(l(want.get("extensionClusters"))).extracting(c -> m(c).get("name"))
                .containsExactly("extension/a/ratelimit", "extension/z/authz");
        List<Object> printed = l(m(vhosts.get(0)).get("routes"));
        assertThat(printed).extracting(r -> m(r).get("pathMatch").toString()).containsExactly(
                "{path=/healthz}", "{prefix=/, type=SEGMENT}", "{prefix=/api, type=SEGMENT}",
                "{prefix=/api, type=SEGMENT}", "{regex=/v[0-9]+/.*}");
        assertThat(m(printed.get(2))).doesNotContainKey("headerMatches");
        assertThat(m(printed.get(3))).containsKey("headerMatches");
    }

    @Test
    void aRoutesServicesKeepTheOrderTheObjectGaveThem() {
        Dag.Route split = Dag.Route.builder(new Dag.PrefixMatch("/", Dag.PrefixType.STRING), proxy("team", "child"))
                .clusters(List.of(cluster("team", "app", 80), cluster("team", "app-canary", 8081))).build();
        assertThat(l(m(DagDocument.node(split)).get("clusters"))).extracting(c -> m(c).get("service"))
                .containsExactly("team/app:80", "team/app-canary:8081");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> m(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> l(Object o) {
        return (List<Object>) o;
    }

    private static Dag dag(List<Dag.Route> routes, List<String> hosts, List<String> extensions, Random random,
            boolean shuffle) {
        List<Dag.VirtualHost> vhs = new ArrayList<>();
        for (String h : hosts) {
            List<Dag.Route> rs = new ArrayList<>(routes);
            if (shuffle) {
                Collections.shuffle(rs, random);
            }
            vhs.add(Dag.VirtualHost.of(h, rs));
        }
        List<Dag.SecureVirtualHost> secure = new ArrayList<>();
        for (Dag.VirtualHost vh : vhs) {
            secure.add(new Dag.SecureVirtualHost(vh, "1.2", "1.3", null, null, null, null, null, List.of()));
        }
        List<Dag.ExtensionCluster> ext = new ArrayList<>();
        for (String e : extensions) {
            ext.add(new Dag.ExtensionCluster(e, List.of(), "h2c", null, "", null, null, "", null, null, null));
        }
        if (shuffle) {
            Collections.shuffle(vhs, random);
            Collections.shuffle(secure, random);
            Collections.shuffle(ext, random);
        }
        List<Dag.Listener> listeners = new ArrayList<>(List.of(
                new Dag.Listener("ingress_https", Dag.Listener.HTTPS, "0.0.0.0", 8443, "https", "", List.of(), secure,
                        null, false),
                new Dag.Listener("ingress_http", Dag.Listener.HTTP, "0.0.0.0", 8080, "ingress_http", "", vhs, List.of(),
                        null, false)));
        if (shuffle) {
            Collections.shuffle(listeners, random);
        }
        return new Dag(listeners, ext, false);
    }
}

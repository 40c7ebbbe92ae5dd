package io.contourcore.xds.translate;

import static io.contourcore.xds.translate.Fixtures.cluster;
import static io.contourcore.xds.translate.Fixtures.port;
import static io.contourcore.xds.translate.Fixtures.prefix;
import static io.contourcore.xds.translate.Fixtures.service;
import static io.contourcore.xds.translate.Fixtures.tlsSecret;

import io.contourcore.dag.Dag;
import io.contourcore.model.EndpointSlice;
import io.contourcore.model.Location;
import io.contourcore.model.ObjectMeta;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.Timeout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A DAG touching most features, and its inputs, for determinism and round-trip tests. */
public final class RichDag {

    private RichDag() {}

    public static Dag.Secret secret() {
        return tlsSecret("default", "tls", "cert", "key");
    }

    /** The DAG with every list shuffled by {@code seed} (seed 0 keeps the written order). */
    public static Dag dag(long seed) {
        Random r = new Random(seed);
        Dag.Cluster kuard = cluster(service("default", "kuard", port("http", 80)));
        Dag.Cluster api = cluster(service("default", "api", port("", 8080)));
        Dag.Cluster h2 = new Dag.Cluster(service("default", "grpc", port("grpc", 9000)), 0, "h2", null, "", null, null, null, null, List.of(),
                "", "", null, Dag.ClusterTimeoutPolicy.NONE, null, 0, 0, null);
        Dag.Cluster ext = Dag.Cluster.of(new Dag.Service(service("default", "external", port("https", 443)).weighted(), "tls",
                Dag.CircuitBreakers.NONE, "example.org"));
        List<Dag.Route> routes = shuffled(r, List.of(
                prefix("/", kuard),
                prefix("/api", api).toBuilder().timeoutPolicy(new Dag.RouteTimeoutPolicy(Timeout.of(Duration.ofSeconds(30)), Timeout.DISABLED)).build(),
                prefix("/ws", kuard).toBuilder().websocket(true).build(),
                Fixtures.route(new Dag.ExactMatch("/grpc"), h2),
                Fixtures.route(new Dag.RegexMatch("/ext/.*"), ext),
                Fixtures.route(new Dag.PrefixMatch("/both", Dag.PrefixType.SEGMENT), kuard, api),
                Dag.Route.builder(new Dag.PrefixMatch("/cookies", Dag.PrefixType.STRING), null).addCluster(kuard).build()));
        Dag.Route cookie = new Dag.Route(new Dag.PrefixMatch("/c", Dag.PrefixType.STRING), List.of(), List.of(), 0, List.of(kuard), false, false,
                Map.of(), false, null, null, null, List.of(), null, null,
                List.of(new Dag.CookieRewritePolicy("a", "/x", "b.com", false, "Lax"), new Dag.CookieRewritePolicy("z", null, null, true, null)),
                null, null, List.of(), null, null, "", null, false, List.of(), Fixtures.KUARD_INGRESS);
        List<Dag.Route> all = new ArrayList<>(routes);
        all.add(cookie);
        Collections.shuffle(all, r);
        Dag.VirtualHost www = Dag.VirtualHost.of("www.example.com", all);
        Dag.VirtualHost star = Dag.VirtualHost.of("*", List.of(prefix("/", kuard)));
        Dag.Listener http = new Dag.Listener("ingress_http", "http", "0.0.0.0", 8080, "ingress_http", "", shuffled(r, List.of(www, star)),
                List.of(), null, false);
        Dag.SecureVirtualHost s1 = new Dag.SecureVirtualHost(www, "", "", secret(),
                tlsSecret("projectcontour", "fallback", "fb", "fbkey"), null, null, null, List.of());
        Dag.SecureVirtualHost pass = new Dag.SecureVirtualHost(Dag.VirtualHost.of("pass.example.com", List.of()), "", "", null, null,
                new Dag.TcpProxy(shuffled(r, List.of(kuard, api))), null, null, List.of());
        Dag.SecureVirtualHost s2 = new Dag.SecureVirtualHost(Dag.VirtualHost.of("b.example.com", List.of(prefix("/", api))), "1.3", "",
                secret(), null, null, null, null, List.of());
        Dag.Listener https = new Dag.Listener("ingress_https", "https", "0.0.0.0", 8443, "https", "ingress_fallbackcert", List.of(),
                shuffled(r, List.of(s1, pass, s2)), null, false);
        return new Dag(shuffled(r, List.of(http, https)), List.of(), false);
    }

    public static ResourceSet resources() {
        return ResourceSet.of(List.of(
                new EndpointSlice(new ObjectMeta("default", "kuard-abc", Map.of(EndpointSlice.SERVICE_NAME_LABEL, "kuard"), Map.of(), 0,
                        Location.UNKNOWN), "IPv4", List.of(
                                new EndpointSlice.Endpoint(List.of("10.0.0.2"), null),
                                new EndpointSlice.Endpoint(List.of("10.0.0.1"), null)),
                        List.of(new EndpointSlice.Port("http", 8080, "TCP")))));
    }

    private static <T> List<T> shuffled(Random r, List<T> items) {
        List<T> l = new ArrayList<>(items);
        Collections.shuffle(l, r);
        return l;
    }
}

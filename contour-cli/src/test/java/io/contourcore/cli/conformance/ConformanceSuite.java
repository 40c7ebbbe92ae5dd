package io.contourcore.cli.conformance;

import com.google.protobuf.InvalidProtocolBufferException;
import io.contourcore.dag.status.GatewayClassStatus;
import io.contourcore.dag.status.GatewayStatus;
import io.contourcore.dag.status.ListenerStatus;
import io.contourcore.dag.status.RouteParentStatus;
import io.contourcore.dag.status.RouteStatus;
import io.contourcore.dag.status.StatusCondition;
import io.contourcore.dag.status.StatusSet;
import io.contourcore.model.K8sObject;
import io.contourcore.model.Kind;
import io.contourcore.model.ObjectRef;
import io.contourcore.model.ResourceSet;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.model.yaml.ManifestLoader;
import io.contourcore.xds.Engine;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.simulate.Decision;
import io.contourcore.xds.simulate.Header;
import io.contourcore.xds.simulate.Request;
import io.contourcore.xds.simulate.RouteSimulator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs the Gateway API v1.3.0 conformance expectations ({@code conformance/gateway-http.yaml}, {@code gateway-grpc.yaml}, {@code gateway-tls.yaml}) against
 * the engine: each test's objects are rendered as Contour would for the Gateway under test (one Contour per Gateway,
 * as the Gateway provisioner runs it, its {@code gatewayRef} naming that Gateway), its requests go through the route simulator, and its status expectations are
 * read from the status the build records.
 *
 * <pre>{@code
 * ConformanceSuite suite = ConformanceSuite.load(corpus);
 * ConformanceSuite.Result r = suite.run(suite.cases().get(0));
 * r.outcome();   // PASS, FAIL or SKIP
 * r.failures();  // ["GET /foo: expected backend infra-backend-v1, got 404 (no route)"]
 * }</pre>
 */
final class ConformanceSuite {

    /** The address the suite's client uses for the Gateway (a documentation address: nothing reaches it). */
    static final String GATEWAY_ADDRESS = "192.0.2.10";

    enum Outcome { PASS, FAIL, SKIP }

    /** One conformance test's result: failures name the request or object and what differed. */
    record Result(String conformanceProfile, String name, String profile, Outcome outcome, List<String> failures) {
        Result {
            failures = List.copyOf(failures);
        }
    }

    private final Path corpus;
    private final List<Map<String, Object>> cases;

    private ConformanceSuite(Path corpus, List<Map<String, Object>> cases) {
        this.corpus = corpus;
        this.cases = cases;
    }

    /** The project root (where {@code testdata/} is), from the module directory tests run in. */
    static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("testdata")) ? here : here.getParent();
    }

    /** The conformance folder of the shared corpus, or empty when the corpus is not there. */
    static Optional<Path> corpus() {
        Path p = projectRoot().resolve("../shared/corpus/gateway-api-v1.3.0/conformance").normalize();
        return Files.isDirectory(p.resolve("base")) ? Optional.of(p) : Optional.empty();
    }

    /** The expectation files, one per conformance profile; each names its profile in {@code conformanceProfile}. */
    static final List<String> PROFILES = List.of("gateway-http", "gateway-grpc", "gateway-tls");

    @SuppressWarnings("unchecked")
    static ConformanceSuite load(Path corpus) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String file : PROFILES) {
            try (InputStream in = ConformanceSuite.class.getResourceAsStream("/conformance/" + file + ".yaml")) {
                Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Objects.requireNonNull(in, file));
                String profile = String.valueOf(doc.getOrDefault("conformanceProfile", "GATEWAY-HTTP"));
                for (Map<String, Object> tc : (List<Map<String, Object>>) doc.get("tests")) {
                    tc.putIfAbsent("conformanceProfile", profile);
                    all.add(tc);
                }
            }
        }
        return new ConformanceSuite(corpus, all);
    }

    List<Map<String, Object>> cases() {
        return cases;
    }

    // ---- running one test -------------------------------------------------------------------------------------

    /** Renders, routes and checks one test. */
    Result run(Map<String, Object> tc) {
        String name = str(tc, "name");
        String profile = str(tc, "profile");
        String conformanceProfile = tc.containsKey("conformanceProfile") ? str(tc, "conformanceProfile") : "GATEWAY-HTTP";
        if (tc.containsKey("skip")) {
            return new Result(conformanceProfile, name, profile, Outcome.SKIP, List.of(str(tc, "skip")));
        }
        List<String> failures = new ArrayList<>();
        try {
            Renders renders = new Renders(cluster(tc));
            String gateway = str(tc, "gateway");
            checkRoutes(tc, gateway, renders, failures);
            checkListeners(tc, renders, failures);
            checkLatest(tc, gateway, renders.cluster, renders, failures);
            for (Map<String, Object> rq : maps(tc.get("requests"))) {
                // a request made after the test changed objects goes to the cluster as changed
                Renders at = rq.containsKey("afterUpdates") ? new Renders(cluster(tc, maps(rq.get("afterUpdates")))) : renders;
                checkRequest(rq, rq.containsKey("gateway") ? str(rq, "gateway") : gateway, at.cluster, at, failures);
            }
        } catch (IOException | RuntimeException e) {
            failures.add("error: " + e);
        }
        return new Result(conformanceProfile, name, profile, failures.isEmpty() ? Outcome.PASS : Outcome.FAIL, failures);
    }

    /** The cluster as it stands when {@code tc} checks it. */
    ConformanceCluster cluster(Map<String, Object> tc) throws IOException {
        return cluster(tc, List.of());
    }

    private ConformanceCluster cluster(Map<String, Object> tc, List<Map<String, Object>> moreUpdates) throws IOException {
        List<Map<String, Object>> updates = new ArrayList<>(maps(tc.get("updates")));
        updates.addAll(moreUpdates);
        return ConformanceCluster.of(corpus, strings(tc.get("manifests")), updates,
                tc.containsKey("fillManualEndpointSlicesFrom") ? str(tc, "fillManualEndpointSlicesFrom") : "");
    }

    /** One engine run per Gateway under test, as one Contour per Gateway would program it. */
    static final class Renders {
        final ConformanceCluster cluster;
        private final Map<String, Engine.Result> byGateway = new HashMap<>();

        Renders(ConformanceCluster cluster) {
            this.cluster = cluster;
        }

        Engine.Result of(String gateway) {
            return byGateway.computeIfAbsent(gateway, g -> {
                return Engine.run(objects(g), config(g));
            });
        }

        /** Contour as the provisioner runs it for one Gateway: {@code gateway.gatewayRef} names it. */
        static ContourConfig config(String gateway) {
            ContourConfig d = ContourConfig.DEFAULTS;
            return d.toBuilder().gateway(d.gateway().withGatewayRef(new ContourConfig.NamespacedName(ns(gateway), nameOf(gateway))))
                    .build();
        }

        /** The objects the Contour of {@code gateway} reads: everything in the cluster. */
        ResourceSet objects(String gateway) {
            List<String> docs = cluster.documents();
            parseNew(docs);
            List<K8sObject> objects = new ArrayList<>();
            docs.forEach(d -> objects.addAll(PARSED.get(d)));
            return ResourceSet.of(objects);
        }

        /**
         * Every test repeats the base manifests: each object is read (and admitted) once per suite run, keyed by its
         * text. The new ones of a test are read in one go, since each read has a fixed cost.
         */
        private static final Map<String, List<K8sObject>> PARSED = new ConcurrentHashMap<>();

        private static synchronized void parseNew(List<String> docs) {
            List<String> fresh = docs.stream().filter(d -> !PARSED.containsKey(d)).distinct().toList();
            if (fresh.isEmpty()) {
                return;
            }
            StringBuilder text = new StringBuilder();
            TreeMap<Integer, String> byFirstLine = new TreeMap<>();
            int line = 1;
            for (String d : fresh) {
                text.append("---\n");
                line++;
                byFirstLine.put(line, d);
                PARSED.put(d, new ArrayList<>());
                text.append(d);
                line += (int) d.chars().filter(c -> c == '\n').count();
            }
            LoadResult loaded = ManifestLoader.parse("conformance", text.toString(), "default");
            if (!loaded.errors().isEmpty()) {
                throw new IllegalStateException("the conformance objects do not load: " + loaded.errors());
            }
            for (K8sObject o : loaded.resources().all()) {
                PARSED.get(byFirstLine.floorEntry(o.metadata().location().line()).getValue()).add(o);
            }
        }
    }

    // ---- status -------------------------------------------------------------------------------------------------

    /** The kind of the test's routes: HTTPRoute unless the entry says {@code routeKind}. */
    private static Kind routeKind(Map<String, Object> tc) {
        return switch (tc.containsKey("routeKind") ? str(tc, "routeKind") : "HTTPRoute") {
            case "HTTPRoute" -> Kind.HTTP_ROUTE;
            case "GRPCRoute" -> Kind.GRPC_ROUTE;
            case "TLSRoute" -> Kind.TLS_ROUTE;
            case "TCPRoute" -> Kind.TCP_ROUTE;
            default -> throw new IllegalArgumentException("routeKind " + tc.get("routeKind"));
        };
    }

    private static void checkRoutes(Map<String, Object> tc, String gateway, Renders renders, List<String> failures) {
        Kind kind = routeKind(tc);
        String kindName = kind.kindName();
        Set<String> readyGateways = new TreeSet<>();
        for (Map<String, Object> r : maps(tc.get("routes"))) {
            String gw = r.containsKey("gateway") ? str(r, "gateway") : gateway;
            String route = str(r, "route");
            Optional<RouteParentStatus> parent = parent(renders.of(gw).status(), kind, route, gw);
            if (parent.isEmpty()) {
                failures.add(kindName + " " + route + ": no status for parent " + gw);
                continue;
            }
            if (Boolean.TRUE.equals(r.get("accepted"))) {
                // upstream's GatewayAndHTTPRoutesMustBeAccepted: Accepted True with reason Accepted, written by our
                // controller, on a Gateway whose every listener is Accepted, Programmed and has its refs resolved
                expectCondition(failures, kindName + " " + route + " parent " + gw, parent.get().conditions(), "Accepted", "True", "Accepted");
                if (!parent.get().controllerName().equals(ConformanceCluster.CONTROLLER_NAME)) {
                    failures.add(kindName + " " + route + " parent " + gw + ": controllerName " + parent.get().controllerName());
                }
                readyGateways.add(gw);
            }
            if (Boolean.TRUE.equals(r.get("resolvedRefs"))) {
                expectCondition(failures, kindName + " " + route + " parent " + gw, parent.get().conditions(), "ResolvedRefs", "True", null);
            }
        }
        for (String gw : readyGateways) {
            Optional<GatewayStatus> gs = renders.of(gw).status().gateway(ref(Kind.GATEWAY, gw));
            if (gs.isEmpty()) {
                failures.add("Gateway " + gw + ": no status");
                continue;
            }
            for (ListenerStatus l : gs.get().listeners()) {
                for (String type : List.of("ResolvedRefs", "Accepted", "Programmed")) {
                    expectCondition(failures, "Gateway " + gw + " listener " + l.name(), l.conditions(), type, "True", null);
                }
            }
        }
        for (Map<String, Object> c : maps(tc.get("routeConditions"))) {
            String gw = c.containsKey("gateway") ? str(c, "gateway") : gateway;
            String route = str(c, "route");
            Optional<RouteParentStatus> parent = parent(renders.of(gw).status(), kind, route, gw);
            if (parent.isEmpty()) {
                failures.add(kindName + " " + route + ": no status for parent " + gw);
                continue;
            }
            expectCondition(failures, kindName + " " + route + " parent " + gw, parent.get().conditions(), str(c, "type"),
                    str(c, "status"), (String) c.get("reason"));
        }
        for (String route : strings(tc.get("routesNotAccepted"))) {
            Optional<RouteStatus> rs = renders.of(gateway).status().route(ref(kind, route));
            if (rs.isPresent() && rs.get().parents().stream()
                    .anyMatch(p -> StatusCondition.find(p.conditions(), "Accepted").map(StatusCondition::isTrue).orElse(false))) {
                failures.add(kindName + " " + route + ": expected no accepted parent, got one");
            }
        }
        if (Boolean.TRUE.equals(tc.get("gatewayZeroRoutes"))) {
            Optional<GatewayStatus> gs = renders.of(gateway).status().gateway(ref(Kind.GATEWAY, gateway));
            if (gs.isEmpty()) {
                failures.add("Gateway " + gateway + ": no status");
            } else {
                for (ListenerStatus l : gs.get().listeners()) {
                    if (l.attachedRoutes() != 0) {
                        failures.add("Gateway " + gateway + " listener " + l.name() + ": expected 0 attached routes, got " + l.attachedRoutes());
                    }
                }
            }
        }
    }

    /** The route's status towards {@code gateway}: a parentRef naming it (namespace defaulting to the route's). */
    private static Optional<RouteParentStatus> parent(StatusSet status, Kind kind, String route, String gateway) {
        Optional<RouteStatus> rs = status.route(ref(kind, route));
        if (rs.isEmpty()) {
            return Optional.empty();
        }
        return rs.get().parents().stream()
                .filter(p -> p.parentRef().name().equals(nameOf(gateway))
                        && (p.parentRef().namespace().isEmpty() ? ns(route) : p.parentRef().namespace()).equals(ns(gateway)))
                .findFirst();
    }

    private static void checkListeners(Map<String, Object> tc, Renders renders, List<String> failures) {
        for (Map<String, Object> check : maps(tc.get("listenerChecks"))) {
            String gw = str(check, "gateway");
            Optional<GatewayStatus> gs = renders.of(gw).status().gateway(ref(Kind.GATEWAY, gw));
            if (gs.isEmpty()) {
                failures.add("Gateway " + gw + ": no status");
                continue;
            }
            List<Map<String, Object>> expected = maps(check.get("listeners"));
            if (gs.get().listeners().size() != expected.size()) {
                failures.add("Gateway " + gw + ": expected " + expected.size() + " listener statuses, got "
                        + gs.get().listeners().stream().map(ListenerStatus::name).toList());
            }
            for (Map<String, Object> el : expected) {
                String lname = str(el, "name");
                Optional<ListenerStatus> ls = gs.get().listeners().stream().filter(l -> l.name().equals(lname)).findFirst();
                String what = "Gateway " + gw + " listener " + lname;
                if (ls.isEmpty()) {
                    failures.add(what + ": no status");
                    continue;
                }
                int attached = ((Number) el.get("attachedRoutes")).intValue();
                if (ls.get().attachedRoutes() != attached) {
                    failures.add(what + ": expected " + attached + " attached routes, got " + ls.get().attachedRoutes());
                }
                if (el.containsKey("supportedKinds")) {
                    // upstream: the expected kinds must be among the supported ones (an implementation may support
                    // more), and an expected empty list means none at all
                    List<String> kinds = ls.get().supportedKinds().stream().map(Kind::kindName).sorted().toList();
                    List<String> want = strings(el.get("supportedKinds"));
                    if (!kinds.containsAll(want) || (want.isEmpty() && !kinds.isEmpty())) {
                        failures.add(what + ": expected supportedKinds " + (want.isEmpty() ? "[] (none)" : "to include " + want)
                                + ", got " + kinds);
                    }
                }
                for (Map<String, Object> c : maps(el.get("conditions"))) {
                    expectCondition(failures, what, ls.get().conditions(), str(c, "type"), str(c, "status"), (String) c.get("reason"));
                }
            }
        }
    }

    private static void checkLatest(Map<String, Object> tc, String gateway, ConformanceCluster cluster, Renders renders,
            List<String> failures) {
        for (Map<String, Object> l : maps(tc.get("latestConditions"))) {
            String kind = str(l, "kind");
            String r = str(l, "ref");
            String ns = r.contains("/") ? ns(r) : "";
            long generation = cluster.generation(kind, ns, nameOf(r));
            List<StatusCondition> conditions;
            switch (kind) {
                case "Gateway" -> conditions = renders.of(r).status().gateway(ref(Kind.GATEWAY, r))
                        .map(GatewayStatus::conditions).orElse(List.of());
                case "GatewayClass" -> conditions = renders.of(gateway).status()
                        .gatewayClass(new ObjectRef(Kind.GATEWAY_CLASS, "", r)).map(GatewayClassStatus::conditions).orElse(List.of());
                case "HTTPRoute" -> conditions = parent(renders.of(gateway).status(), Kind.HTTP_ROUTE, r, gateway)
                        .map(RouteParentStatus::conditions).orElse(List.of());
                default -> throw new IllegalArgumentException("latestConditions of " + kind);
            }
            if (conditions.isEmpty()) {
                failures.add(kind + " " + r + ": no conditions");
            }
            if (Boolean.TRUE.equals(l.get("acceptedAny")) && StatusCondition.find(conditions, "Accepted").isEmpty()) {
                failures.add(kind + " " + r + ": no Accepted condition");
            }
            for (StatusCondition c : conditions) {
                if (c.observedGeneration() < generation) {
                    failures.add(kind + " " + r + ": condition " + c.type() + " observedGeneration " + c.observedGeneration()
                            + " is older than generation " + generation);
                }
            }
        }
    }

    private static void expectCondition(List<String> failures, String what, List<StatusCondition> conditions, String type,
            String status, String reason) {
        Optional<StatusCondition> c = StatusCondition.find(conditions, type);
        if (c.isEmpty()) {
            failures.add(what + ": no " + type + " condition (has " + conditions.stream().map(StatusCondition::type).toList() + ")");
        } else if (!c.get().status().equals(status) || (reason != null && !c.get().reason().equals(reason))) {
            failures.add(what + ": expected " + type + " " + status + (reason == null ? "" : " " + reason) + ", got "
                    + c.get().status() + " " + c.get().reason() + " (" + c.get().message() + ")");
        }
    }

    // ---- requests ------------------------------------------------------------------------------------------------

    private static void checkRequest(Map<String, Object> rq, String gateway, ConformanceCluster cluster, Renders renders,
            List<String> failures) {
        Engine.Result result = renders.of(gateway);
        XdsResources xds = result.xds();
        Map<String, Object> req = map(rq.get("request"));
        String scheme = rq.containsKey("scheme") ? str(rq, "scheme") : "http";
        int port = rq.containsKey("port") ? ((Number) rq.get("port")).intValue()
                : cluster.listenerPorts(ns(gateway), nameOf(gateway), scheme.equals("https") ? "HTTPS" : "HTTP").stream()
                        .findFirst().orElse(scheme.equals("https") ? 443 : 80);
        Map<String, Object> grpc = map(req.get("grpc"));
        // a gRPC call is an HTTP/2 POST to /service/method with content-type application/grpc, its metadata as headers
        String method = !grpc.isEmpty() ? "POST" : req.containsKey("method") ? str(req, "method") : "GET";
        String path = !grpc.isEmpty() ? "/" + GRPC_ECHO_SERVICE + "/" + str(grpc, "method") : req.containsKey("path") ? str(req, "path") : "/";
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String host = req.containsKey("host") ? str(req, "host") : GATEWAY_ADDRESS + (defaultPort ? "" : ":" + port);
        String connectTo = rq.containsKey("sni") ? str(rq, "sni") : GATEWAY_ADDRESS;
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("host", host));
        if (!grpc.isEmpty()) {
            headers.add(new Header("content-type", "application/grpc"));
            map(grpc.get("metadata")).forEach((k, v) -> headers.add(new Header(k.toLowerCase(Locale.ROOT), String.valueOf(v))));
        }
        map(req.get("headers")).forEach((k, v) -> headers.add(new Header(k, String.valueOf(v))));
        Request base = Request.of(method, scheme, connectTo + ":" + envoyPort(xds, scheme, port), path).withHeaders(headers);
        String what = method + " " + scheme + "://" + host + path + " (Gateway " + gateway + " port " + port + ")";

        RouteSimulator sim = new RouteSimulator(xds);
        List<Header> upstream = new ArrayList<>();
        map(rq.get("backendSetsResponseHeaders")).forEach((k, v) -> upstream.add(new Header(k, String.valueOf(v))));
        Decision d = sim.route(base, upstream);
        Backends backends = new Backends(xds, cluster);
        if (Boolean.TRUE.equals(rq.get("tlsPassthrough"))) {
            checkPassthrough(rq, d, backends, what, failures);
            return;
        }
        int status = status(d, path, backends);
        int expectedStatus = rq.containsKey("grpcCode") ? grpcStatusAsHttp(str(rq, "grpcCode"))
                : rq.get("status") == null ? 200 : ((Number) rq.get("status")).intValue();
        if (status != expectedStatus) {
            failures.add(what + ": expected status " + expectedStatus + ", got " + status + " (" + d.outcome().label()
                    + (d.cluster().isEmpty() ? "" : ", cluster " + d.cluster()) + ")");
            return;
        }
        if (status == 200) {
            if (grpc.isEmpty()) {
                // upstream's gRPC check compares only the backend's pod and namespace the echo reply names
                checkBackendSees(rq, req, d, what, failures);
            }
            Optional<ConformanceCluster.Pod> pod = backends.pod(d.cluster());
            String backend = rq.containsKey("backend") ? str(rq, "backend") : "";
            String namespace = rq.containsKey("namespace") ? str(rq, "namespace") : "";
            if (pod.isEmpty()) {
                failures.add(what + ": cluster " + d.cluster() + " has no pod");
            } else if (!pod.get().name().startsWith(backend) || !pod.get().namespace().equals(namespace)) {
                failures.add(what + ": expected backend " + namespace + "/" + backend + ", got pod " + pod.get().namespace()
                        + "/" + pod.get().name());
            }
            checkResponseHeaders(rq, d, what, failures);
            checkMirrors(rq, d, backends, what, failures);
            checkMirrorPercent(rq, d, xds, backends, what, failures);
            checkWeights(rq, d, backends, what, failures);
            checkEachWeightedBackend(rq, base, sim, backends, what, failures);
            checkProtocol(rq, d, xds, what, failures);
        } else if (status >= 300 && status < 400 && rq.containsKey("redirect")) {
            checkRedirect(map(rq.get("redirect")), scheme, path, d.location(), what, failures);
        }
    }

    /** The service of the suite's gRPC echo backend, whose methods Echo, EchoTwo and EchoThree the tests call. */
    static final String GRPC_ECHO_SERVICE = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";

    /**
     * The HTTP status behind a gRPC code the client sees: Envoy answers a gRPC call it has no route for with its 404,
     * which reaches a gRPC client as {@code UNIMPLEMENTED} (gRPC's HTTP-to-status mapping).
     */
    private static int grpcStatusAsHttp(String code) {
        return switch (code) {
            case "OK" -> 200;
            case "Unimplemented" -> 404;
            default -> throw new IllegalArgumentException("grpcCode " + code);
        };
    }

    /** A TLS connection passed through by server name: a TCP proxy to the expected backend's pod. */
    private static void checkPassthrough(Map<String, Object> rq, Decision d, Backends backends, String what, List<String> failures) {
        if (d.outcome() != Decision.Outcome.TCP_PROXY) {
            failures.add(what + ": expected the connection to be passed through (tcp proxy), got " + d.outcome().label());
            return;
        }
        Optional<ConformanceCluster.Pod> pod = backends.pod(d.cluster());
        String backend = str(rq, "backend");
        String namespace = str(rq, "namespace");
        if (pod.isEmpty() || !pod.get().name().startsWith(backend) || !pod.get().namespace().equals(namespace)) {
            failures.add(what + ": expected backend " + namespace + "/" + backend + ", got "
                    + pod.map(p -> "pod " + p.namespace() + "/" + p.name()).orElse("cluster " + d.cluster() + " without a pod"));
        }
    }

    /** The Envoy listener port for a Gateway listener port: Contour's {@code http-80}-style listener, when present. */
    private static int envoyPort(XdsResources xds, String scheme, int gatewayPort) {
        for (Listener l : xds.listeners()) {
            if (l.getName().equals(scheme + "-" + gatewayPort)) {
                return l.getAddress().getSocketAddress().getPortValue();
            }
        }
        return gatewayPort < 1024 ? gatewayPort + 8000 : gatewayPort;
    }

    /** The status the client sees: Envoy's own answer, or the echo backend's 200 (504 when it outlasts a timeout). */
    private static int status(Decision d, String path, Backends backends) {
        return switch (d.outcome()) {
            case ROUTED -> {
                if (backends.pod(d.cluster()).isEmpty()) {
                    yield 503;
                }
                Optional<Double> delay = queryDuration(path, "delay");
                Optional<Double> timeout = activeTimeout(d);
                yield delay.isPresent() && timeout.isPresent() && delay.get() >= timeout.get() ? 504 : 200;
            }
            case REDIRECT, DIRECT_RESPONSE -> d.statusCode();
            case CLUSTER_NOT_FOUND, NO_VIRTUAL_HOST, NO_ROUTE, NO_ROUTE_CONFIGURATION, MISDIRECTED_REQUEST -> d.outcome().status();
            default -> -1; // the connection fails: no status at all
        };
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private static Optional<Double> queryDuration(String path, String param) {
        int q = path.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        for (String kv : path.substring(q + 1).split("&")) {
            if (kv.startsWith(param + "=")) {
                return seconds(kv.substring(param.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static Optional<Double> seconds(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        double v = Double.parseDouble(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> v / 1000;
            case "m" -> v * 60;
            case "h" -> v * 3600;
            default -> v;
        });
    }

    /** The shortest timeout in force: the route's (0 disables it) and a retry policy's per-try timeout. */
    private static Optional<Double> activeTimeout(Decision d) {
        Optional<Double> best = d.timeout().contains("disabled") ? Optional.empty() : seconds(d.timeout());
        Matcher m = Pattern.compile("per_try_timeout (\\S+)").matcher(d.retryPolicy());
        if (m.find()) {
            Optional<Double> perTry = seconds(m.group(1));
            if (perTry.isPresent() && perTry.get() > 0 && (best.isEmpty() || perTry.get() < best.get())) {
                best = perTry;
            }
        }
        return best;
    }

    private static void checkBackendSees(Map<String, Object> rq, Map<String, Object> req, Decision d, String what,
            List<String> failures) {
        // Unless the test says otherwise, the backend must see the request as sent.
        Map<String, Object> sees = rq.containsKey("backendSees") ? map(rq.get("backendSees")) : req;
        if (sees.containsKey("host")) {
            check(failures, what, "host seen by the backend", str(sees, "host"), d.requestHeader(":authority").orElse(""));
        }
        check(failures, what, "path seen by the backend", sees.containsKey("path") ? str(sees, "path") : "",
                d.requestHeader(":path").orElse(""));
        check(failures, what, "method seen by the backend", sees.containsKey("method") ? str(sees, "method") : "GET",
                d.requestHeader(":method").orElse(""));
        map(sees.get("headers")).forEach((k, v) ->
                check(failures, what, "request header " + k, String.valueOf(v), joined(d.requestHeaders(), k).orElse("(absent)")));
        for (String absent : strings(sees.get("absentHeaders"))) {
            joined(d.requestHeaders(), absent).ifPresent(v -> failures.add(what + ": request header " + absent
                    + " should not reach the backend, got " + v));
        }
    }

    private static void checkResponseHeaders(Map<String, Object> rq, Decision d, String what, List<String> failures) {
        map(rq.get("responseHeaders")).forEach((k, v) ->
                check(failures, what, "response header " + k, String.valueOf(v), joined(d.responseHeaders(), k).orElse("(absent)")));
        for (String absent : strings(rq.get("absentResponseHeaders"))) {
            joined(d.responseHeaders(), absent).ifPresent(v -> failures.add(what + ": response header " + absent
                    + " should be absent, got " + v));
        }
    }

    private static void checkMirrors(Map<String, Object> rq, Decision d, Backends backends, String what, List<String> failures) {
        for (String m : strings(rq.get("mirroredTo"))) {
            boolean found = d.mirrors().stream().map(backends::pod).flatMap(Optional::stream)
                    .anyMatch(p -> p.namespace().equals(ns(m)) && p.name().startsWith(nameOf(m)));
            if (!found) {
                failures.add(what + ": expected a mirror to " + m + ", got mirrors " + d.mirrors());
            }
        }
    }

    /** The share of requests mirrored to each backend, from the route's mirror policy (100 % without a fraction). */
    private static void checkMirrorPercent(Map<String, Object> rq, Decision d, XdsResources xds, Backends backends, String what,
            List<String> failures) {
        Map<String, Object> want = map(rq.get("mirrorPercent"));
        if (want.isEmpty()) {
            return;
        }
        Optional<Route> route = route(xds, d);
        want.forEach((backend, percent) -> {
            double expected = ((Number) percent).doubleValue();
            Optional<Double> actual = route.stream().flatMap(r -> r.getRoute().getRequestMirrorPoliciesList().stream())
                    .filter(m -> backends.pod(m.getCluster()).map(p -> p.namespace().equals(ns(backend))
                            && p.name().startsWith(nameOf(backend))).orElse(false))
                    .map(m -> {
                        if (!m.hasRuntimeFraction()) {
                            return 100.0;
                        }
                        var f = m.getRuntimeFraction().getDefaultValue();
                        double denominator = switch (f.getDenominator()) {
                            case TEN_THOUSAND -> 10_000;
                            case MILLION -> 1_000_000;
                            default -> 100;
                        };
                        return f.getNumerator() * 100.0 / denominator;
                    })
                    .findFirst();
            if (actual.isEmpty() || Math.abs(actual.get() - expected) > 0.001) {
                failures.add(what + ": expected " + expected + " % of requests mirrored to " + backend + ", got "
                        + actual.map(a -> a + " %").orElse("no mirror policy"));
            }
        });
    }

    private static void checkWeights(Map<String, Object> rq, Decision d, Backends backends, String what, List<String> failures) {
        Map<String, Object> want = map(rq.get("weights"));
        if (want.isEmpty()) {
            return;
        }
        long total = d.weightedClusters().stream().mapToLong(Decision.ClusterChoice::weight).sum();
        Map<String, Double> got = new LinkedHashMap<>();
        for (Decision.ClusterChoice c : d.weightedClusters()) {
            String backend = backends.pod(c.name()).map(ConformanceCluster.Pod::name).orElse(c.name());
            for (String w : want.keySet()) {
                if (backend.startsWith(w)) {
                    got.merge(w, total == 0 ? 0 : (double) c.weight() / total, Double::sum);
                }
            }
        }
        want.forEach((backend, share) -> {
            double expected = ((Number) share).doubleValue();
            double actual = got.getOrDefault(backend, 0.0);
            // upstream samples 500 requests and allows 5% either way; the configured weights must be within that
            if (Math.abs(actual - expected) > 0.05 || (expected == 0 && actual != 0)) {
                failures.add(what + ": expected " + backend + " to take " + expected + " of requests, the weights give " + actual);
            }
        });
    }

    /** Each backend a weighted rule can pick must receive the header that names it (a per-backend filter). */
    private static void checkEachWeightedBackend(Map<String, Object> rq, Request base, RouteSimulator sim, Backends backends,
            String what, List<String> failures) {
        if (!rq.containsKey("eachWeightedBackendNamedByHeader")) {
            return;
        }
        String header = str(rq, "eachWeightedBackendNamedByHeader");
        Decision first = sim.route(base);
        if (first.weightedClusters().size() < 2) {
            failures.add(what + ": expected weighted backends, got " + (first.cluster().isEmpty() ? "none" : first.cluster()));
            return;
        }
        long start = 0;
        for (Decision.ClusterChoice c : first.weightedClusters()) {
            if (c.weight() > 0) {
                Decision d = sim.route(base.withRandomValue(start));
                Optional<String> named = d.requestHeader(header);
                Optional<ConformanceCluster.Pod> pod = backends.pod(d.cluster());
                if (named.isEmpty() || pod.isEmpty() || !pod.get().name().startsWith(named.get())) {
                    failures.add(what + ": backend " + d.cluster() + " got header " + header + ": " + named.orElse("(absent)")
                            + ", pod " + pod.map(ConformanceCluster.Pod::name).orElse("(none)"));
                }
            }
            start += c.weight();
        }
    }

    /** H2C backends must be spoken to in HTTP/2; WebSocket routes must allow the upgrade. */
    private static void checkProtocol(Map<String, Object> rq, Decision d, XdsResources xds, String what, List<String> failures) {
        if ("h2c".equals(rq.get("upstreamProtocol"))) {
            Cluster c = xds.clusters().stream().filter(x -> x.getName().equals(d.cluster())).findFirst().orElse(null);
            if (c == null || !http2(c)) {
                failures.add(what + ": expected cluster " + d.cluster() + " to speak HTTP/2 (h2c) upstream");
            }
        }
        if (rq.containsKey("upgrade")) {
            String upgrade = str(rq, "upgrade");
            if (!upgradeAllowed(xds, d, upgrade)) {
                failures.add(what + ": expected the " + upgrade + " upgrade to be allowed (by the route or its HTTP connection manager)");
            }
        }
    }

    /** Envoy's rule: a route's upgrade_configs entry for the type decides; without one, the connection manager's does. */
    private static boolean upgradeAllowed(XdsResources xds, Decision d, String upgrade) {
        Optional<Route> route = route(xds, d);
        if (route.isPresent()) {
            for (var u : route.get().getRoute().getUpgradeConfigsList()) {
                if (u.getUpgradeType().equalsIgnoreCase(upgrade)) {
                    return !u.hasEnabled() || u.getEnabled().getValue();
                }
            }
        }
        for (Listener l : xds.listeners()) {
            if (!l.getName().equals(d.listener())) {
                continue;
            }
            for (var chain : l.getFilterChainsList()) {
                for (var f : chain.getFiltersList()) {
                    if (!f.getTypedConfig().is(HttpConnectionManager.class)) {
                        continue;
                    }
                    try {
                        HttpConnectionManager hcm = f.getTypedConfig().unpack(HttpConnectionManager.class);
                        if (hcm.getRds().getRouteConfigName().equals(d.routeConfiguration())) {
                            return hcm.getUpgradeConfigsList().stream().anyMatch(u -> u.getUpgradeType().equalsIgnoreCase(upgrade)
                                    && (!u.hasEnabled() || u.getEnabled().getValue()));
                        }
                    } catch (InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return false;
    }

    @SuppressWarnings("deprecation")
    private static boolean http2(Cluster c) {
        if (c.hasHttp2ProtocolOptions()) {
            return true;
        }
        var any = c.getTypedExtensionProtocolOptionsMap().get("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
        if (any == null) {
            return false;
        }
        try {
            HttpProtocolOptions o = any.unpack(HttpProtocolOptions.class);
            return o.getExplicitHttpConfig().hasHttp2ProtocolOptions();
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    private static Optional<Route> route(XdsResources xds, Decision d) {
        for (RouteConfiguration rc : xds.routes()) {
            if (rc.getName().equals(d.routeConfiguration())) {
                for (VirtualHost v : rc.getVirtualHostsList()) {
                    if (v.getName().equals(d.virtualHost()) && d.routeIndex() >= 0 && d.routeIndex() < v.getRoutesCount()) {
                        return Optional.of(v.getRoutes(d.routeIndex()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Upstream's redirect check: host, scheme and path default to what was sent; a port only when it is not the scheme's. */
    private static void checkRedirect(Map<String, Object> want, String scheme, String path, String location, String what,
            List<String> failures) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            failures.add(what + ": redirect Location " + location + " is not a URL");
            return;
        }
        String gotScheme = uri.getScheme() == null ? "" : uri.getScheme();
        String gotHost = uri.getHost() == null ? "" : uri.getHost();
        String gotPort = uri.getPort() < 0 ? "" : Integer.toString(uri.getPort());
        String gotPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (want.containsKey("host")) {
            check(failures, what, "redirect host", str(want, "host"), gotHost);
        }
        check(failures, what, "redirect scheme", want.containsKey("scheme") ? str(want, "scheme") : scheme, gotScheme);
        int q = path.indexOf('?');
        check(failures, what, "redirect path", want.containsKey("path") ? str(want, "path") : (q < 0 ? path : path.substring(0, q)), gotPath);
        if (want.containsKey("port")) {
            check(failures, what, "redirect port", str(want, "port"), gotPort);
        } else {
            String schemeLower = gotScheme.toLowerCase(Locale.ROOT);
            if ((schemeLower.equals("http") && !gotPort.isEmpty() && !gotPort.equals("80"))
                    || (schemeLower.equals("https") && !gotPort.isEmpty() && !gotPort.equals("443"))) {
                failures.add(what + ": redirect port " + gotPort + " is not the default of " + gotScheme);
            }
        }
    }

    /** Which pod answers for a cluster: its endpoints' addresses mapped back to the pods that own them. */
    static final class Backends {
        private final Map<String, Cluster> clusters = new HashMap<>();
        private final Map<String, ClusterLoadAssignment> endpoints = new HashMap<>();
        private final ConformanceCluster cluster;

        Backends(XdsResources xds, ConformanceCluster cluster) {
            xds.clusters().forEach(c -> clusters.put(c.getName(), c));
            xds.endpoints().forEach(e -> endpoints.put(e.getClusterName(), e));
            this.cluster = cluster;
        }

        Optional<ConformanceCluster.Pod> pod(String clusterName) {
            Cluster c = clusters.get(clusterName);
            if (c == null) {
                return Optional.empty();
            }
            String service = c.getEdsClusterConfig().getServiceName().isEmpty() ? clusterName : c.getEdsClusterConfig().getServiceName();
            ClusterLoadAssignment cla = c.getType() == Cluster.DiscoveryType.EDS ? endpoints.get(service) : c.getLoadAssignment();
            if (cla == null) {
                return Optional.empty();
            }
            for (LocalityLbEndpoints l : cla.getEndpointsList()) {
                for (LbEndpoint e : l.getLbEndpointsList()) {
                    Optional<ConformanceCluster.Pod> p = cluster.podAt(e.getEndpoint().getAddress().getSocketAddress().getAddress());
                    if (p.isPresent()) {
                        return p;
                    }
                }
            }
            return Optional.empty();
        }
    }

    // ---- small helpers ---------------------------------------------------------------------------------------------

    private static void check(List<String> failures, String what, String field, String expected, String actual) {
        if (!expected.equals(actual)) {
            failures.add(what + ": expected " + field + " " + expected + ", got " + actual);
        }
    }

    /** All values of a header joined with commas, as the suite's echo server reports them. */
    private static Optional<String> joined(List<Header> headers, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<String> vs = headers.stream().filter(h -> h.name().equals(n)).map(Header::value).toList();
        return vs.isEmpty() ? Optional.empty() : Optional.of(String.join(",", vs));
    }

    static ObjectRef ref(Kind kind, String nsName) {
        return new ObjectRef(kind, ns(nsName), nameOf(nsName));
    }

    static String ns(String nsName) {
        return nsName.substring(0, nsName.indexOf('/'));
    }

    static String nameOf(String nsName) {
        return nsName.substring(nsName.indexOf('/') + 1);
    }

    private static String str(Map<String, Object> m, String key) {
        return String.valueOf(Objects.requireNonNull(m.get(key), key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object o) {
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}

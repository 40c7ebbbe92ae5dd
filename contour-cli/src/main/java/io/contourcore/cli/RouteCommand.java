package io.contourcore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.contourcore.xds.XdsResources;
import io.contourcore.xds.render.ProtoText;
import io.contourcore.xds.simulate.Decision;
import io.contourcore.xds.simulate.Header;
import io.contourcore.xds.simulate.Request;
import io.contourcore.xds.simulate.RouteSimulator;
import io.contourcore.xds.simulate.RouterCheck;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code contour route}: where Envoy would send a request under rendered configuration, with no Envoy binary.
 *
 * <pre>{@code
 * contour route xds.yaml --request 'GET https://foo.example.com/api?x=1' -H 'x-user: alice' --details
 * contour route bootstrap.yaml --tests routes-test.yaml
 * }</pre>
 */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {
            "Show where Envoy would route a request under rendered configuration, or run Envoy router_check_tool tests.",
            "PATH is rendered Envoy configuration: the 'render --format xds' document, a static Bootstrap, or a bare "
                    + "RouteConfiguration (JSON or YAML; a directory reads its *.yaml, *.yml and *.json; '-' is stdin).",
            "Exit: 0 routed (also to a 404) or all tests passed, 1 a test failed, 2 bad input or usage."
        })
public final class RouteCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Configuration to load.")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH", description = "Configuration to load (repeatable).")
    List<Path> files = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
        @Option(names = "--request", paramLabel = "'[METHOD] URL'",
                description = "The request to route, e.g. 'GET https://foo.example.com/api?x=1'.")
        String request;

        @Option(names = "--tests", paramLabel = "FILE", description = "An Envoy router_check_tool test file (JSON or YAML).")
        Path tests;
    }

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "A request header (repeatable; with --request).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--random-value", paramLabel = "N", defaultValue = "0",
            description = "The random value for weighted clusters and runtime fractions (default ${DEFAULT-VALUE}; with --request).")
    long randomValue;

    @Option(names = "--internal", description = "Send x-envoy-internal: true (with --request).")
    boolean internal;

    @Option(names = "--runtime", paramLabel = "KEY", description = "Enable one runtime key; runtime fractions then match as in router_check_tool (with --request).")
    String runtime = "";

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default) or json.")
    String output;

    @Option(names = "--details", description = "Explain every step of each decision.")
    boolean details;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!output.equals("table") && !output.equals("json")) {
                throw new BadInput("-o/--output must be table or json, got '" + output + "'");
            }
            List<Path> all = new ArrayList<>(paths);
            all.addAll(files);
            if (all.isEmpty()) {
                throw new BadInput("no configuration given: pass PATH or -f PATH");
            }
            if (mode.tests != null && (!headers.isEmpty() || internal || randomValue != 0 || !runtime.isEmpty())) {
                throw new BadInput("-H, --internal, --random-value and --runtime apply to --request; a test file sets them per test");
            }
            RouteSimulator sim = new RouteSimulator(load(all));
            int code = mode.request != null ? request(sim, out) : tests(sim, out);
            out.flush();
            return code;
        } catch (BadInput e) {
            err.println("contour route: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    /** Thrown for input we cannot use; the message names the file. */
    static final class BadInput extends Exception {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    // ---- loading ------------------------------------------------------------------------------------------------

    /**
     * The resources in {@code paths}: xDS documents, static bootstraps and bare route configurations, merged.
     * This is the one place that turns files into {@link XdsResources}; Kubernetes input joins here once the engine
     * renders it.
     */
    static XdsResources load(List<Path> paths) throws BadInput {
        List<Listener> listeners = new ArrayList<>();
        List<RouteConfiguration> routes = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        List<ClusterLoadAssignment> endpoints = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        for (Path file : expand(paths)) {
            String text = read(file);
            List<JsonNode> docs = documents(file, text);
            for (int i = 0; i < docs.size(); i++) {
                JsonNode doc = docs.get(i);
                String where = (file.toString().equals("-") ? "(stdin)" : file.toString())
                        + (docs.size() > 1 ? " (document " + (i + 1) + ")" : "");
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new BadInput(where + ": expected an object");
                }
                if (doc.has("apiVersion") && doc.has("kind")) {
                    throw new BadInput(where + ": holds Kubernetes objects; 'contour route' reads rendered Envoy configuration "
                            + "for now: run 'contour render --format xds' first");
                }
                if (isXdsDocument(doc)) {
                    listeners.addAll(list(doc, "listeners", where, Listener::newBuilder));
                    routes.addAll(list(doc, "routes", where, RouteConfiguration::newBuilder));
                    clusters.addAll(list(doc, "clusters", where, Cluster::newBuilder));
                    endpoints.addAll(list(doc, "endpoints", where, ClusterLoadAssignment::newBuilder));
                    secrets.addAll(list(doc, "secrets", where, Secret::newBuilder));
                } else if (doc.has("static_resources") || doc.has("node") || doc.has("admin") || doc.has("dynamic_resources")) {
                    Bootstrap b = parse(doc, Bootstrap.newBuilder(), where);
                    XdsResources r = RouteSimulator.resourcesOf(b);
                    listeners.addAll(r.listeners());
                    clusters.addAll(r.clusters());
                    secrets.addAll(r.secrets());
                } else if (doc.has("virtual_hosts")) {
                    routes.add(parse(doc, RouteConfiguration.newBuilder(), where));
                } else {
                    throw new BadInput(where + ": not a 'render --format xds' document ({listeners, routes, clusters, "
                            + "endpoints, secrets}), a Bootstrap (static_resources) or a RouteConfiguration (virtual_hosts)");
                }
            }
        }
        return new XdsResources(listeners, routes, clusters, endpoints, secrets);
    }

    private static final Set<String> XDS_KEYS = Set.of("listeners", "routes", "clusters", "endpoints", "secrets");

    private static boolean isXdsDocument(JsonNode doc) {
        if (doc.size() == 0) {
            return false;
        }
        Iterator<String> names = doc.fieldNames();
        while (names.hasNext()) {
            if (!XDS_KEYS.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static List<Path> expand(List<Path> paths) throws BadInput {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (p.toString().equals("-")) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> {
                        String n = f.getFileName().toString();
                        return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
                    }).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new BadInput(p + ": cannot read directory: " + e.getMessage());
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static String read(Path file) throws BadInput {
        try {
            if (file.toString().equals("-")) {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInput(file + ": no such file");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static List<JsonNode> documents(Path file, String text) throws BadInput {
        try (MappingIterator<JsonNode> it = ProtoText.YAML.readerFor(JsonNode.class).readValues(text)) {
            return it.readAll();
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
            throw new BadInput(file + line + ": not JSON or YAML: " + e.getOriginalMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read: " + e.getMessage());
        }
    }

    private static <M extends Message, B extends Message.Builder> List<M> list(JsonNode doc, String key, String where,
            Supplier<B> builder) throws BadInput {
        JsonNode arr = doc.get(key);
        if (arr == null || arr.isNull()) {
            return List.of();
        }
        if (!arr.isArray()) {
            throw new BadInput(where + ": " + key + ": expected a list");
        }
        List<M> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            out.add(parse(arr.get(i), builder.get(), where + ": " + key + "[" + i + "]"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> M parse(JsonNode node, Message.Builder builder, String where) throws BadInput {
        try {
            return (M) ProtoText.parseTree(node, builder).build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new BadInput(where + ": " + e.getMessage());
        }
    }

    // ---- --request ----------------------------------------------------------------------------------------------

    private int request(RouteSimulator sim, PrintWriter out) throws BadInput {
        Request r;
        try {
            List<Header> hs = new ArrayList<>();
            for (String h : headers) {
                hs.add(Header.parse(h));
            }
            r = Request.parse(mode.request).withHeaders(hs).withInternal(internal).withRandomValue(randomValue).withRuntime(runtime);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        Decision d = simulate(sim, r, List.of());
        if (output.equals("json")) {
            out.print(ProtoText.jsonText(json(d, details)));
        } else {
            table(d, out, "");
        }
        return 0;
    }

    private static Decision simulate(RouteSimulator sim, Request r, List<Header> upstream) throws BadInput {
        try {
            return sim.route(r, upstream);
        } catch (IllegalArgumentException e) {
            // an Any that does not unpack, an invalid regex in a rewrite: the configuration itself is broken
            throw new BadInput("the configuration cannot be simulated: " + e.getMessage());
        }
    }

    private void table(Decision d, PrintWriter out, String indent) {
        int width = 0;
        for (Decision.Step s : d.steps()) {
            width = Math.max(width, s.name().length());
        }
        for (Decision.Step s : d.steps()) {
            out.println(indent + pad(s.name() + ":", width + 2) + s.value());
            if (details) {
                for (String x : s.details()) {
                    out.println(indent + " ".repeat(width + 2) + "- " + x);
                }
            }
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    static ObjectNode json(Decision d, boolean withDetails) {
        ObjectNode o = ProtoText.JSON.createObjectNode();
        ObjectNode req = o.putObject("request");
        req.put("method", d.request().method());
        req.put("scheme", d.request().scheme());
        req.put("authority", d.request().authority());
        req.put("path", d.request().path());
        headersJson(req.putArray("headers"), d.request().headers());
        req.put("internal", d.request().internal());
        req.put("random_value", d.request().randomValue());
        o.put("outcome", d.outcome().name().toLowerCase(java.util.Locale.ROOT));
        o.put("status", d.statusCode());
        o.put("response_flag", d.outcome().responseFlag());
        o.put("listener", d.listener());
        o.put("filter_chain", d.filterChain());
        o.put("route_configuration", d.routeConfiguration());
        o.put("virtual_host", d.virtualHost());
        ObjectNode route = o.putObject("route");
        route.put("index", d.routeIndex());
        route.put("name", d.routeName());
        route.put("match", d.routeMatch());
        o.put("cluster", d.cluster());
        ArrayNode wc = o.putArray("weighted_clusters");
        for (Decision.ClusterChoice c : d.weightedClusters()) {
            wc.addObject().put("name", c.name()).put("weight", c.weight()).put("selected", c.selected());
        }
        o.put("virtual_cluster", d.virtualCluster());
        o.put("location", d.location());
        o.put("body", d.body());
        o.put("timeout", d.timeout());
        o.put("idle_timeout", d.idleTimeout());
        o.put("retry_policy", d.retryPolicy());
        ArrayNode mirrors = o.putArray("mirrors");
        d.mirrors().forEach(mirrors::add);
        headersJson(o.putArray("request_headers"), d.requestHeaders());
        headersJson(o.putArray("response_headers"), d.responseHeaders());
        ArrayNode steps = o.putArray("steps");
        for (Decision.Step s : d.steps()) {
            ObjectNode so = steps.addObject().put("step", s.name()).put("value", s.value());
            if (withDetails) {
                ArrayNode det = so.putArray("details");
                s.details().forEach(det::add);
            }
        }
        return o;
    }

    private static void headersJson(ArrayNode arr, List<Header> hs) {
        for (Header h : hs) {
            arr.addObject().put("name", h.name()).put("value", h.value());
        }
    }

    // ---- --tests ------------------------------------------------------------------------------------------------

    private int tests(RouteSimulator sim, PrintWriter out) throws BadInput {
        List<RouterCheck.TestCase> cases;
        try {
            cases = RouterCheck.parse(read(mode.tests));
        } catch (IllegalArgumentException e) {
            throw new BadInput(mode.tests + ": " + e.getMessage());
        }
        List<RouterCheck.Result> results = new ArrayList<>();
        for (RouterCheck.TestCase t : cases) {
            try {
                results.add(RouterCheck.run(sim, t));
            } catch (IllegalArgumentException e) {
                throw new BadInput("the configuration cannot be simulated: " + e.getMessage());
            }
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        long passed = results.size() - failed;
        if (output.equals("json")) {
            ObjectNode o = ProtoText.JSON.createObjectNode();
            ArrayNode arr = o.putArray("tests");
            for (RouterCheck.Result r : results) {
                ObjectNode t = arr.addObject().put("test_name", r.test().name()).put("passed", r.passed());
                ArrayNode ms = t.putArray("mismatches");
                for (RouterCheck.Mismatch m : r.mismatches()) {
                    ms.addObject().put("field", m.field()).put("expected", m.expected()).put("actual", m.actual());
                }
                if (details) {
                    t.set("decision", json(r.decision(), true));
                }
            }
            o.put("passed", passed);
            o.put("failed", failed);
            out.print(ProtoText.jsonText(o));
        } else {
            for (RouterCheck.Result r : results) {
                out.println((r.passed() ? "PASS  " : "FAIL  ") + r.test().name());
                for (RouterCheck.Mismatch m : r.mismatches()) {
                    out.println("      " + m.field());
                    out.println("        expected: " + show(m.expected()));
                    out.println("        actual:   " + show(m.actual()));
                }
                if (details) {
                    table(r.decision(), out, "      ");
                }
            }
            out.println(passed + " passed, " + failed + " failed");
        }
        return failed == 0 ? 0 : 1;
    }

    private static String show(String v) {
        return v.isEmpty() ? "\"\"" : v;
    }

}

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
import io.contourcore.xds.simulate.RouteCoverage;
import io.contourcore.xds.simulate.RouterCheck;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.contourcore.model.config.ContourConfig;
import io.contourcore.model.yaml.LoadResult;
import io.contourcore.xds.Engine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;

/**
 * {@code contour route}: where Envoy would send a request under rendered configuration, with no Envoy binary.
 *
 * <pre>{@code
 * contour route xds.yaml --request 'GET https://foo.example.com/api?x=1' -H 'x-user: alice' --details
 * contour route bootstrap.yaml --tests routes-test.yaml
 * contour route testdata/examples/quickstart.yaml --request 'GET https://www.example.com/api'
 * }</pre>
 */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {
            "Show where Envoy would route a request, or run Envoy router_check_tool tests.",
            "",
            "PATH is Kubernetes objects (rendered as 'contour render' does, with the same flags) or rendered Envoy "
                    + "configuration: the 'render --format xds' document, a static Bootstrap, a bare RouteConfiguration "
                    + "or a resource with its @type (JSON or YAML; a directory reads its *.yaml, *.yml and *.json; "
                    + "'-' is stdin). One invocation reads one kind.",
            "Exit: 0 routed (also to a 404) or all tests passed, 1 a test failed, 2 bad input or usage.",
            "Example: contour route testdata/examples/quickstart.yaml --request 'GET http://www.example.com/'"
        })
public final class RouteCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input = new InputOptions();

    InputStream stdin = System.in;

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

    final OutputFlag outputFlag = OutputFlag.printing("route", "table", "json", "junit");

    String output = "table";

    @Option(names = {"-o", "--output"}, paramLabel = "table|json|junit",
            description = "Output format (default: table); junit (JUnit XML for CI systems) with --tests.")
    void output(String value) {
        outputFlag.output(spec, value);
    }

    @Option(names = "--details", description = "Explain every step of each decision.")
    boolean details;

    @Option(names = "--only-show-failures", description = "With --tests: list only the tests that failed.")
    boolean onlyShowFailures;

    @Option(names = "--coverage", description = "With --tests: print route coverage as Envoy's router_check_tool "
            + "defines it (routes a passing check reached, of all routes; each weighted cluster counts as a route).")
    boolean showCoverage;

    @Option(names = "--covall", description = "With --tests: comprehensive coverage (each route weighed by the fields "
            + "its tests check), and the routes no test covers.")
    boolean covall;

    @Option(names = "--fail-under", paramLabel = "PCT", description = "With --tests: exit 1 when coverage is below PCT percent.")
    Double failUnder;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        output = outputFlag.format();
        try {
            if (input.paths().isEmpty()) {
                throw new BadInput("no configuration given: pass PATH or -f PATH");
            }
            if (mode.tests == null && (output.equals("junit") || onlyShowFailures || showCoverage || covall
                    || failUnder != null)) {
                throw new BadInput("-o junit, --only-show-failures, --coverage, --covall and --fail-under apply to --tests");
            }
            if (failUnder != null && (failUnder < 0 || failUnder > 100 || failUnder.isNaN())) {
                throw new BadInput("--fail-under must be a percentage from 0 to 100, got " + failUnder);
            }
            if (mode.tests != null && (!headers.isEmpty() || internal || randomValue != 0 || !runtime.isEmpty())) {
                throw new BadInput("-H, --internal, --random-value and --runtime apply to --request; a test file sets them per test");
            }
            Optional<XdsResources> resources = resources(err);
            if (resources.isEmpty()) {
                return 2;
            }
            RouteSimulator sim = new RouteSimulator(resources.get());
            int code = mode.request != null ? request(sim, out) : tests(sim, resources.get(), out);
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

    /** What a document is: Kubernetes objects, rendered Envoy configuration, or neither (nothing, or unrecognised). */
    enum Shape { KUBERNETES, ENVOY, OTHER }

    /** One input as read: its documents, or why it could not be read or parsed as JSON/YAML. */
    record Source(String name, List<JsonNode> docs, BadInput problem) {}

    /**
     * The resources to route over, or empty after printing why not. Kubernetes objects are rendered by the engine
     * with the same flags as {@code contour render}; rendered Envoy configuration is read as it is. One invocation
     * takes one or the other.
     */
    private Optional<XdsResources> resources(PrintWriter err) throws BadInput {
        byte[] stdinBytes = new byte[0];
        List<Source> sources = new ArrayList<>();
        for (Path file : expand(input.paths(), input.recursive)) {
            String text;
            try {
                if (file.toString().equals("-")) {
                    stdinBytes = stdin.readAllBytes();
                    text = new String(stdinBytes, StandardCharsets.UTF_8);
                } else {
                    text = read(file);
                }
            } catch (IOException e) {
                sources.add(new Source("(stdin)", List.of(), new BadInput("(stdin): cannot read: " + e.getMessage())));
                continue;
            } catch (BadInput e) {
                sources.add(new Source(file.toString(), List.of(), e));
                continue;
            }
            try {
                sources.add(new Source(file.toString(), documents(file, text), null));
            } catch (BadInput e) {
                sources.add(new Source(file.toString(), List.of(), e));
            }
        }
        String kubernetes = null;
        String envoy = null;
        boolean unusable = false;
        for (Source src : sources) {
            unusable |= src.problem() != null;
            for (JsonNode doc : src.docs()) {
                switch (shape(doc)) {
                    case KUBERNETES -> kubernetes = kubernetes == null ? src.name() : kubernetes;
                    case ENVOY -> envoy = envoy == null ? src.name() : envoy;
                    case OTHER -> { }
                }
            }
        }
        if (kubernetes != null && envoy != null) {
            throw new BadInput("mixed input: " + name(kubernetes) + " holds Kubernetes objects but " + name(envoy)
                    + " holds rendered Envoy configuration; route over one or the other (render the Kubernetes objects "
                    + "with 'contour render --format xds' to see them as Envoy configuration)");
        }
        // With nothing recognisable, a file that does not parse is more likely a manifest: the manifest loader
        // then reports it with its line and column.
        if (kubernetes != null || (envoy == null && unusable)) {
            return kubernetes(err, stdinBytes);
        }
        if (input.configFile != null || !input.ingressClassNames.isEmpty() || !input.rootNamespaces.isEmpty()
                || !"cluster.local".equals(input.clusterDomain) || !"default".equals(input.namespace)) {
            throw new BadInput("-n, --config, --ingress-class-name, --root-namespaces and --cluster-domain apply to "
                    + "Kubernetes input; this input is rendered Envoy configuration");
        }
        return Optional.of(envoy(sources));
    }

    private static String name(String source) {
        return source.equals("-") ? "(stdin)" : source;
    }

    private Optional<XdsResources> kubernetes(PrintWriter err, byte[] stdinBytes) {
        Optional<ContourConfig> config = input.config(err);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        Optional<LoadResult> loaded = input.load(new ByteArrayInputStream(stdinBytes), err);
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        config = input.config(config.get(), loaded.get(), err);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        Engine.Result result = Engine.run(loaded.get().resources(), config.get());
        if (!input.settingsApply(result, err)) {
            return Optional.empty();
        }
        // Objects Contour would mark invalid explain routes that are missing; they do not stop the simulation.
        StatusHints hints = new StatusHints(loaded.get().resources());
        InputOptions.printCapped(err, "warning: ", result.status().problems().stream().map(hints::describe).toList(),
                "invalid object");
        err.flush();
        return Optional.of(result.xds());
    }

    static Shape shape(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            return Shape.OTHER;
        }
        if (doc.has("apiVersion") || doc.has("kind")) {
            return Shape.KUBERNETES;
        }
        if (doc.has("@type") || isXdsDocument(doc) || isBootstrap(doc) || doc.has("virtual_hosts")) {
            return Shape.ENVOY;
        }
        return Shape.OTHER;
    }

    private static boolean isBootstrap(JsonNode doc) {
        return doc.has("static_resources") || doc.has("node") || doc.has("admin") || doc.has("dynamic_resources");
    }

    /**
     * The resources in {@code paths}: xDS documents, static bootstraps, bare route configurations and single
     * resources naming their {@code @type}, merged. Kubernetes input goes through {@link #call()} instead.
     */
    static XdsResources load(List<Path> paths) throws BadInput {
        List<Source> sources = new ArrayList<>();
        for (Path file : expand(paths.stream().map(Path::toString).toList(), false)) {
            sources.add(new Source(file.toString(), documents(file, read(file)), null));
        }
        return envoy(sources);
    }

    private static XdsResources envoy(List<Source> sources) throws BadInput {
        List<Listener> listeners = new ArrayList<>();
        List<RouteConfiguration> routes = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        List<ClusterLoadAssignment> endpoints = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        for (Source src : sources) {
            if (src.problem() != null) {
                throw src.problem();
            }
            List<JsonNode> docs = src.docs();
            for (int i = 0; i < docs.size(); i++) {
                JsonNode doc = docs.get(i);
                String where = name(src.name()) + (docs.size() > 1 ? " (document " + (i + 1) + ")" : "");
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new BadInput(where + ": expected an object");
                }
                if (doc.has("@type")) {
                    String type = doc.get("@type").asText();
                    ObjectNode body = ((ObjectNode) doc).deepCopy();
                    body.remove("@type");
                    switch (type.substring(type.lastIndexOf('/') + 1)) {
                        case "envoy.config.listener.v3.Listener" -> listeners.add(parse(body, Listener.newBuilder(), where));
                        case "envoy.config.route.v3.RouteConfiguration" ->
                                routes.add(parse(body, RouteConfiguration.newBuilder(), where));
                        case "envoy.config.cluster.v3.Cluster" -> clusters.add(parse(body, Cluster.newBuilder(), where));
                        case "envoy.config.endpoint.v3.ClusterLoadAssignment" ->
                                endpoints.add(parse(body, ClusterLoadAssignment.newBuilder(), where));
                        case "envoy.extensions.transport_sockets.tls.v3.Secret" ->
                                secrets.add(parse(body, Secret.newBuilder(), where));
                        case "envoy.config.bootstrap.v3.Bootstrap" -> {
                            XdsResources r = RouteSimulator.resourcesOf(parse(body, Bootstrap.newBuilder(), where));
                            listeners.addAll(r.listeners());
                            clusters.addAll(r.clusters());
                            secrets.addAll(r.secrets());
                        }
                        default -> throw new BadInput(where + ": @type " + type + " is not a Listener, RouteConfiguration, "
                                + "Cluster, ClusterLoadAssignment, Secret or Bootstrap");
                    }
                } else if (isXdsDocument(doc)) {
                    listeners.addAll(list(doc, "listeners", where, Listener::newBuilder));
                    routes.addAll(list(doc, "routes", where, RouteConfiguration::newBuilder));
                    clusters.addAll(list(doc, "clusters", where, Cluster::newBuilder));
                    endpoints.addAll(list(doc, "endpoints", where, ClusterLoadAssignment::newBuilder));
                    secrets.addAll(list(doc, "secrets", where, Secret::newBuilder));
                } else if (isBootstrap(doc)) {
                    Bootstrap b = parse(doc, Bootstrap.newBuilder(), where);
                    XdsResources r = RouteSimulator.resourcesOf(b);
                    listeners.addAll(r.listeners());
                    clusters.addAll(r.clusters());
                    secrets.addAll(r.secrets());
                } else if (doc.has("virtual_hosts")) {
                    routes.add(parse(doc, RouteConfiguration.newBuilder(), where));
                } else {
                    throw new BadInput(where + ": neither Kubernetes objects (apiVersion and kind) nor rendered Envoy "
                            + "configuration: a 'render --format xds' document ({listeners, routes, clusters, endpoints, "
                            + "secrets}), a Bootstrap (static_resources), a RouteConfiguration (virtual_hosts) or a "
                            + "resource with its @type");
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

    /** Files, directory entries ({@code *.yaml}, {@code *.yml}, {@code *.json}, no dot files) and {@code -}, as the manifest loader walks them. */
    private static List<Path> expand(List<String> paths, boolean recursive) throws BadInput {
        List<Path> out = new ArrayList<>();
        for (String name : paths) {
            Path p;
            try {
                p = Path.of(name);
            } catch (java.nio.file.InvalidPathException e) {
                throw new BadInput(name + ": invalid path: " + e.getReason());
            }
            if (name.equals("-")) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                walk(p, recursive, out);
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private static void walk(Path dir, boolean recursive, List<Path> out) throws BadInput {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new BadInput(dir + ": cannot read directory: " + e.getMessage());
        }
        for (Path f : entries) {
            String n = f.getFileName().toString();
            if (n.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(f)) {
                if (recursive) {
                    walk(f, true, out);
                }
            } else if (Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))) {
                out.add(f);
            }
        }
    }

    private static String read(Path file) throws BadInput {
        try {
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
            throw new BadInput(name(file.toString()) + line + ": not JSON or YAML: " + e.getOriginalMessage().replace('\n', ' '));
        } catch (IOException e) {
            throw new BadInput(name(file.toString()) + ": cannot read: " + e.getMessage());
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
        // A refused connection is a finding (a 404 is an answer): no listener takes the request's port.
        return d.outcome() == Decision.Outcome.NO_LISTENER ? 1 : 0;
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

    private int tests(RouteSimulator sim, XdsResources resources, PrintWriter out) throws BadInput {
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
        RouteCoverage coverage = null;
        if (coverageWanted()) {
            coverage = RouteCoverage.of(resources);
            results.forEach(coverage::record);
        }
        double percent = coverage == null ? 100 : covall ? coverage.comprehensivePercent() : coverage.percent();
        boolean underCoverage = failUnder != null && percent < failUnder;
        switch (output) {
            case "json" -> out.print(ProtoText.jsonText(testsJson(results, passed, failed, coverage, percent)));
            case "junit" -> out.print(junit(results, failed, coverage, percent));
            default -> {
                for (RouterCheck.Result r : results) {
                    if (r.passed() && onlyShowFailures) {
                        continue;
                    }
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
                if (coverage != null) {
                    out.println("Current route coverage: " + percentText(percent) + "%"
                            + (covall ? " (comprehensive: the fields checked of each route)" : "")
                            + " of " + coverage.routes() + (coverage.routes() == 1 ? " route" : " routes"));
                    if (covall) {
                        coverage.missing().forEach(e -> out.println("Missing test for " + e));
                    }
                }
            }
        }
        if (underCoverage) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("contour route: failed to meet coverage requirement: " + percentText(failUnder) + "% (have "
                    + percentText(percent) + "%)");
            err.flush();
        }
        return failed == 0 && !underCoverage ? 0 : 1;
    }

    private boolean coverageWanted() {
        return showCoverage || covall || failUnder != null;
    }

    /** As Envoy's tool prints a percentage: six significant digits, no trailing zeros. */
    static String percentText(double p) {
        return new java.math.BigDecimal(p).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private ObjectNode testsJson(List<RouterCheck.Result> results, long passed, long failed, RouteCoverage coverage,
            double percent) {
        ObjectNode o = ProtoText.JSON.createObjectNode();
        ArrayNode arr = o.putArray("tests");
        for (RouterCheck.Result r : results) {
            if (r.passed() && onlyShowFailures) {
                continue;
            }
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
        if (coverage != null) {
            ObjectNode c = o.putObject("coverage");
            c.put("percent", percent);
            c.put("comprehensive", covall);
            c.put("routes", coverage.routes());
            ArrayNode missing = c.putArray("missing");
            coverage.missing().forEach(e -> missing.add(e.toString()));
        }
        return o;
    }

    /** JUnit XML as CI systems read it: one testsuite, one testcase per test, a failure per failed test. */
    private String junit(List<RouterCheck.Result> results, long failed, RouteCoverage coverage, double percent) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        String suite = xml(mode.tests.toString());
        b.append("<testsuites name=\"contour route\" tests=\"").append(results.size()).append("\" failures=\"")
                .append(failed).append("\" errors=\"0\">\n");
        b.append("  <testsuite name=\"").append(suite).append("\" tests=\"").append(results.size())
                .append("\" failures=\"").append(failed).append("\" errors=\"0\" skipped=\"0\">\n");
        if (coverage != null) {
            b.append("    <properties>\n");
            b.append("      <property name=\"route_coverage_percent\" value=\"").append(percentText(percent)).append("\"/>\n");
            b.append("      <property name=\"route_coverage_comprehensive\" value=\"").append(covall).append("\"/>\n");
            b.append("    </properties>\n");
        }
        for (RouterCheck.Result r : results) {
            b.append("    <testcase classname=\"").append(suite).append("\" name=\"").append(xml(r.test().name())).append('"');
            if (r.passed()) {
                b.append("/>\n");
                continue;
            }
            b.append(">\n");
            RouterCheck.Mismatch first = r.mismatches().get(0);
            b.append("      <failure message=\"").append(xml(first.field() + ": expected " + show(first.expected())
                    + ", actual " + show(first.actual()))).append("\" type=\"mismatch\">");
            StringBuilder text = new StringBuilder();
            for (RouterCheck.Mismatch m : r.mismatches()) {
                text.append(m.field()).append("\n  expected: ").append(show(m.expected())).append("\n  actual:   ")
                        .append(show(m.actual())).append('\n');
            }
            b.append(xml(text.toString())).append("</failure>\n");
            b.append("    </testcase>\n");
        }
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }

    /** Text escaped for XML, characters XML 1.0 cannot hold dropped. */
    private static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000 && c <= 0x10FFFF) {
                        b.appendCodePoint(c);
                    }
                }
            }
        });
        return b.toString();
    }

    private static String show(String v) {
        return v.isEmpty() ? "\"\"" : v;
    }

}
